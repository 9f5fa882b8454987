package redreg.api.internal.engine.checkpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import redreg.api.PluginState;
import redreg.api.internal.engine.model.MultimodalModel;

/**
 * A run's checkpoint ({@code checkpoint.npz}): the model file's content (tensors, fusion and optimizer state) plus
 * each regulator's state ({@code regulator-<i>.bin}) and the loop's own ({@code run.bin}: the epoch, every random
 * stream's position, the history so far, the run files' lengths). {@code index.json} names the run's hash and
 * the code's fingerprint, so a checkpoint of another config or other code is never resumed.
 */
public final class Checkpoint {
    public static final String FORMAT = "redreg-checkpoint";
    private static final String RUN = "run.bin";

    /** What a checkpoint holds once read. */
    public record Loaded(Archive archive, ObjectNode index, PluginState optimizer, List<PluginState> regulators,
                         PluginState run) {
    }

    private Checkpoint() {
    }

    /** Writes the checkpoint atomically; returns its size in bytes. */
    public static long write(Path file, MultimodalModel model, PluginState optimizer, List<PluginState> regulators,
                             PluginState run, ObjectNode index) {
        int epoch = run.getInt("epoch");
        Archive a = ModelFile.capture(model, optimizer, index);
        a.index().put("format", FORMAT);
        a.index().put("regulators", regulators.size());
        for (int i = 0; i < regulators.size(); i++) {
            a.blobs().put("regulator-" + i + ".bin", ModelFile.bytes(regulators.get(i)));
        }
        a.blobs().put(RUN, ModelFile.bytes(run));
        long size = a.write(file, () -> CrashPoints.reach("checkpoint writing " + epoch));
        CrashPoints.reach("checkpoint written " + epoch);
        return size;
    }

    /** Reads a checkpoint; a damaged one is {@link Archive.Damaged}. */
    public static Loaded read(Path file) {
        Archive a = Archive.read(file, FORMAT);
        List<PluginState> regulators = new ArrayList<>();
        for (int i = 0; i < a.index().path("regulators").asInt(); i++) {
            regulators.add(ModelFile.state(a, "regulator-" + i + ".bin", file));
        }
        return new Loaded(a, a.index(), ModelFile.optimizerState(a, file), regulators, ModelFile.state(a, RUN, file));
    }
}
