package redreg.bench.internal.plot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.experiment.TrainedModel;
import redreg.api.internal.engine.runfiles.RunFiles;

/**
 * {@code RUN_DIR/features/<split>/}: one {@code .npy} per modality, {@code fused.npy} and {@code labels.npy} (int64
 * classes; a regression's float64 targets).
 */
public final class FeatureFiles {
    private FeatureFiles() {
    }

    /** Writes the features (each file atomically); returns the folder. */
    public static Path write(Path runDir, String split, TrainedModel.Features f) {
        Path dir = runDir.resolve("features").resolve(split);
        Map<String, INDArray> files = new LinkedHashMap<>(f.modalities());
        files.put("fused", f.fused());
        // a regression's labels.npy holds the float targets, as an npy-folder with target: regression reads them
        files.put("labels", f.targets() != null ? Nd4j.createFromArray(f.targets())
                : Nd4j.createFromArray(f.labels()).castTo(DataType.INT64));
        RunFiles.createFolder(dir, "features folder");
        files.forEach((name, array) -> RunFiles.writeAtomically(dir.resolve(name + ".npy"),
                tmp -> Files.write(tmp, Nd4j.toNpyByteArray(array.dup('c')))));
        return dir;
    }
}
