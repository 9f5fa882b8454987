package redreg.fusion;

/** Sum fusion has no options: one linear layer per modality (d_m → K), their logits summed. */
public record SumConfig() {
}
