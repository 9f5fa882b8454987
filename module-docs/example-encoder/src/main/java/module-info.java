/**
 * A worked example of an encoder plug-in in its own module: {@code lstm} encodes a [T, D] sequence with stacked
 * LSTM layers and takes the maximum over time.
 *
 * <p>What an encoder module needs, as for any plug-in: {@code requires redreg.api}, its config record in an exported
 * package, the provider in an internal one, and {@code provides redreg.api.EncoderProvider with …}; DL4J on the
 * class path, so {@code --add-reads redreg.example.lstm=ALL-UNNAMED} (the launcher: {@code REDREG_READS}).
 */
module redreg.example.lstm {
    requires redreg.api;

    exports redreg.example.lstm;

    provides redreg.api.EncoderProvider with redreg.example.lstm.internal.LstmEncoder;
}
