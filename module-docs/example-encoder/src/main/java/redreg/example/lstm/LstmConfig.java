package redreg.example.lstm;

import redreg.api.Range;

/**
 * The {@code lstm} encoder's options.
 *
 * @param units  hidden units of each LSTM layer
 * @param layers stacked LSTM layers (one mid-fusion stage each)
 */
public record LstmConfig(@Range(min = 1) int units, @Range(min = 1) int layers) {
    public static LstmConfig defaults() {
        return new LstmConfig(16, 1);
    }
}
