package redreg.api.internal.engine.checkpoint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import redreg.api.PluginState;
import redreg.api.nn.Param;
import redreg.api.internal.engine.model.MultimodalModel;

/**
 * A trained model as a file ({@link Archive}'s {@code .npz}): every tensor of the model under a readable name —
 * {@code encoder/<modality>/<layer>_<param>} (batch-norm running statistics included), {@code fusion/<name>},
 * {@code head/<name>} — the fusion block's state outside its parameters ({@code fusion.bin}) and, when given, the
 * optimizer's ({@code optimizer.bin}); {@code index.json} says which run and epoch it is from and the modalities'
 * input shapes. Loading assigns every tensor into a model built from the same config.
 */
public final class ModelFile {
    public static final String FORMAT = "redreg-model";
    static final String FUSION_STATE = "fusion.bin";
    static final String OPTIMIZER_STATE = "optimizer.bin";

    private ModelFile() {
    }

    /** The model's tensors by file name, in a fixed order (live views: copy before training on). */
    static Map<String, INDArray> tensors(MultimodalModel model) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String m : model.modalities()) {
            var encoder = model.encoder(m);
            encoder.parameters().forEach((k, v) -> out.put("encoder/" + m + "/" + k, v));
            encoder.stateParameters().forEach((k, v) -> out.put("encoder/" + m + "/" + k, v));
        }
        for (Param p : model.fusion().parameters()) {
            put(out, "fusion/" + p.name(), p.value());
        }
        for (String m : model.modalities()) {
            for (Param p : model.head(m).parameters()) {
                put(out, "head/" + p.name(), p.value());
            }
        }
        return out;
    }

    private static void put(Map<String, INDArray> out, String key, INDArray value) {
        if (out.putIfAbsent(key, value) != null) {
            throw new IllegalStateException("two tensors of the model are named " + key);
        }
    }

    /**
     * The model (and {@code optimizer}'s state, if not null) as an archive to write at once: it holds the live
     * tensors, not copies. {@code index} gets the format fields and the tensor count added.
     */
    public static Archive capture(MultimodalModel model, PluginState optimizer, ObjectNode index) {
        Map<String, INDArray> arrays = new LinkedHashMap<>(tensors(model));
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        PluginState fusion = new PluginState();
        if (!model.fusion().saveState(fusion)) {
            index.put("fusionResumable", false);
        }
        blobs.put(FUSION_STATE, bytes(fusion));
        if (optimizer != null) {
            blobs.put(OPTIMIZER_STATE, bytes(optimizer));
        }
        index.put("format", FORMAT);
        index.put("version", 1);
        index.put("tensors", arrays.size());
        ArrayNode names = index.putArray("modalityOrder");
        model.modalities().forEach(names::add);
        return new Archive(index, arrays, blobs);
    }

    /** Reads a model file; damaged or foreign files are {@link Archive.Damaged}. */
    public static Archive read(Path file) {
        return Archive.read(file, FORMAT);
    }

    /** Assigns every saved tensor and the fusion state into {@code model}; the file must match the model tensor by tensor. */
    public static void restore(Archive archive, MultimodalModel model, Path file) {
        Map<String, INDArray> live = tensors(model);
        for (var e : live.entrySet()) {
            INDArray saved = archive.arrays().get(e.getKey());
            if (saved == null) {
                throw new Archive.Damaged(file, "no tensor " + e.getKey() + " (a model of another config?)", null);
            }
            if (!Arrays.equals(saved.shape(), e.getValue().shape())) {
                throw new Archive.Damaged(file, "tensor " + e.getKey() + " has shape " + Arrays.toString(saved.shape())
                        + ", the model's is " + Arrays.toString(e.getValue().shape()), null);
            }
            e.getValue().assign(saved.castTo(e.getValue().dataType()));
        }
        if (archive.arrays().size() != live.size()) {
            throw new Archive.Damaged(file, archive.arrays().size() + " tensors, the model has " + live.size(), null);
        }
        model.fusion().restoreState(state(archive, FUSION_STATE, file));
    }

    /** A plug-in state entry of an archive. */
    static PluginState state(Archive archive, String entry, Path file) {
        byte[] b = archive.blobs().get(entry);
        if (b == null) {
            throw new Archive.Damaged(file, "no " + entry + " entry", null);
        }
        try {
            return PluginState.readFrom(new DataInputStream(new ByteArrayInputStream(b)));
        } catch (IOException e) {
            throw new Archive.Damaged(file, "entry " + entry + ": " + e.getMessage(), e);
        }
    }

    /** The optimizer state of a model file or checkpoint, or null if it holds none. */
    public static PluginState optimizerState(Archive archive, Path file) {
        return archive.blobs().containsKey(OPTIMIZER_STATE) ? state(archive, OPTIMIZER_STATE, file) : null;
    }

    static byte[] bytes(PluginState state) {
        try (ByteArrayOutputStream b = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(b)) {
            state.writeTo(out);
            out.flush();
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
