package redreg.fusion;

/** Concatenation has no options: the fused head is one linear layer on [z_1; …; z_M]. */
public record ConcatConfig() {
}
