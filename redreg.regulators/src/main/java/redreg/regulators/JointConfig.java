package redreg.regulators;

/** Joint training has no options: the gradients are applied as computed. */
public record JointConfig() {
}
