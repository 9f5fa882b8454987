package redreg.api.internal.engine.checkpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import redreg.api.PluginState;
import redreg.api.config.TrainingConfig;
import redreg.api.internal.engine.model.MultimodalModel;
import redreg.api.internal.engine.runfiles.RunFiles;
import redreg.api.internal.engine.runfiles.RunFilesListener;

/**
 * What a run keeps in its folder besides results: the model files at the end ({@code output.saveModel}), the
 * best-validation epoch's model when it is reached, and checkpoints on the way ({@code training.checkpointEvery}),
 * from which the same command continues after a crash. The loop ({@code TrainingRun}) asks it; it never decides
 * anything that changes the numbers.
 */
public final class RunKeeper {
    /** The automatic checkpoint rule's budget: a crash loses at most about this much training. */
    static final long AUTO_BUDGET_NANOS = 10L * 60 * 1_000_000_000;
    private final Path dir;
    private final RunFilesListener files;
    private final TrainingConfig training;
    private final String saveModel;
    private final ObjectNode runIndex;
    private final Consumer<String> log;
    private long lastCheckpoint = System.nanoTime();
    private long checkpointNanos;
    private int checkpoints;
    private long modelBytes;
    private boolean saidNotResumable;

    /**
     * @param runIndex what every file's {@code index.json} says about the run: name, hash, code fingerprint, the
     *                 modalities' names and shapes, the classes, the experiment's base folder
     */
    public RunKeeper(Path dir, RunFilesListener files, TrainingConfig training, String saveModel, ObjectNode runIndex,
                     Consumer<String> log) {
        this.dir = dir;
        this.files = files;
        this.training = training;
        this.saveModel = saveModel;
        this.runIndex = runIndex;
        this.log = log;
    }

    private Path checkpointFile() {
        return dir.resolve(ModelFiles.CHECKPOINT);
    }

    /** The checkpoint file's path (messages). */
    public Path checkpointPath() {
        return checkpointFile();
    }

    /**
     * The checkpoint to continue from, or null for a fresh start (whose progress files then start empty). A
     * checkpoint of another config or of other code is not resumed: the run starts over and says why.
     */
    public Checkpoint.Loaded resumePoint() {
        removeStrays();
        Path file = checkpointFile();
        if (training.checkpointEvery() < 0 || !Files.isRegularFile(file)) {
            files.startFresh();
            return null;
        }
        Checkpoint.Loaded c = Checkpoint.read(file);
        for (String key : List.of("hash", "fingerprint")) {
            if (!c.index().path(key).equals(runIndex.path(key))) {
                log.accept("checkpoint " + file + " is of another " + (key.equals("hash") ? "config" : "code version")
                        + ": starting over");
                files.startFresh();
                return null;
            }
        }
        files.resumeFrom(c.run().getChild("files"));
        log.accept("resuming after epoch " + c.run().getInt("epoch") + " from " + file);
        return c;
    }

    /** Whether a checkpoint is due after {@code epoch} (not after the last: the run's own files follow). */
    public boolean checkpointDue(int epoch, double epochSeconds) {
        int every = training.checkpointEvery();
        if (every < 0 || epoch + 1 >= training.epochs()) {
            return false;
        }
        if (every > 0) {
            return (epoch + 1) % every == 0;
        }
        long sinceLast = System.nanoTime() - lastCheckpoint;
        return sinceLast + (long) (epochSeconds * 1e9) > AUTO_BUDGET_NANOS;
    }

    /** Writes a checkpoint (the progress files' lengths join {@code run}); returns its size in bytes. */
    public long checkpoint(MultimodalModel model, PluginState optimizer, List<PluginState> regulators, PluginState run) {
        long t0 = System.nanoTime();
        files.save(run.child("files"));
        long size = Checkpoint.write(checkpointFile(), model, optimizer, regulators, run, runIndex.deepCopy());
        long now = System.nanoTime();
        checkpointNanos += now - t0;
        checkpoints++;
        lastCheckpoint = now;
        log.accept(String.format(java.util.Locale.ROOT, "checkpoint after epoch %d: %.1f MB in %.0f ms", run.getInt("epoch"),
                size / 1e6, (now - t0) / 1e6));
        return size;
    }

    /** A plug-in that cannot save its state: said once in run.log; the run keeps no checkpoint. */
    public void notResumable(String who) {
        if (!saidNotResumable) {
            saidNotResumable = true;
            log.accept(who + " cannot save its state (no saveState): no checkpoint, a crash restarts the run");
        }
    }

    /** Whether the selected (best-validation) epoch's model is kept: then {@link #best} is called on each new best. */
    public boolean keepsBest() {
        return training.select().equals("best-val") && (saveModel.equals("best") || saveModel.equals("both"));
    }

    /** A new best-validation epoch: its model is written now (the run may not live to its end). */
    public void best(MultimodalModel model, PluginState optimizer, int epoch) {
        write(ModelFiles.BEST, model, optimizer, epoch);
    }

    /**
     * Training has finished: the final model as {@code output.saveModel} says (with {@code select: last},
     * {@code best} is the final model too). Returns the size in bytes of a model file (0 with none).
     */
    public long finish(MultimodalModel model, PluginState optimizer, int lastEpoch) {
        boolean finalToo = saveModel.equals("final") || saveModel.equals("both")
                || (saveModel.equals("best") && !training.select().equals("best-val"));
        if (finalToo) {
            write(ModelFiles.FINAL, model, optimizer, lastEpoch);
        }
        return modelBytes;
    }

    /** The run's result is written: the checkpoint goes. */
    public void done() {
        try {
            Files.deleteIfExists(checkpointFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + checkpointFile() + ": " + RunFiles.reason(e), e);
        }
    }

    /** Temporary files of writes a killed process left in the run folder ({@code .<name>.<hex>.tmp}). */
    private void removeStrays() {
        try (var listing = Files.list(dir)) {
            for (Path p : listing.filter(f -> f.getFileName().toString().matches("\\..+\\.[0-9a-f]+\\.tmp")).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // no folder yet: nothing left behind
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir + ": " + RunFiles.reason(e), e);
        }
    }

    private void write(String name, MultimodalModel model, PluginState optimizer, int epoch) {
        ObjectNode index = runIndex.deepCopy();
        index.put("epoch", epoch);
        modelBytes = ModelFile.capture(model, optimizer, index).write(dir.resolve(name));
    }

    /** Mean wall time of a checkpoint write so far, in ms (0 before the first). */
    public double msPerCheckpoint() {
        return checkpoints == 0 ? 0 : checkpointNanos / 1e6 / checkpoints;
    }
}
