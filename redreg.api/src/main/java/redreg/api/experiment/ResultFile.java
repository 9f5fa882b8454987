package redreg.api.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import redreg.api.EpochMetrics;
import redreg.api.TrainingListener;
import redreg.api.internal.engine.loop.StepTimer;
import redreg.api.internal.engine.loop.TrainingRun;
import redreg.api.internal.engine.runfiles.RunFiles;

/**
 * Writes a run's {@code result.json} ({@link RunRecord}) when the run ends, from what it observed: every epoch's
 * metrics, the steps' wall time, and the run's identity and provenance given up front.
 */
final class ResultFile implements TrainingListener {
    /** What is known before the run: everything in the record but the numbers. */
    record Header(String name, String hash, long seed, String kernels, String select, JsonNode config,
                  Map<String, String> fingerprint, RunRecord.Environment environment,
                  Supplier<List<RunRecord.DataFile>> data) {
    }

    private final RunFiles files;
    private final Header header;
    private final StepTimer timer = new StepTimer();
    private final List<EpochMetrics> epochs = new ArrayList<>();
    private RunRecord record;

    ResultFile(RunFiles files, Header header) {
        this.files = files;
        this.header = header;
    }

    @Override
    public void onStep(Step step) {
        timer.onStep(step);
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
        epochs.add(metrics);
    }

    /** A resumed run's record holds the epochs and step times from before its checkpoint too. */
    @Override
    public void onResume(Resumed resumed) {
        epochs.addAll(resumed.epochs());
        timer.add(resumed.steps(), resumed.stepNanos());
    }

    @Override
    public void onRunEnd(String diverged) {
        int selected = TrainingRun.selected(epochs, header.select());
        record = new RunRecord(header.name(), header.hash(), header.seed(), header.kernels(),
                epochs.get(selected).metrics(), epochs.get(selected).epoch(), List.copyOf(epochs), timer.msPerStep(),
                diverged, header.config(), header.fingerprint(), header.environment(), header.data().get());
        files.writeJson("result.json", record);
    }

    /** The record written, once the run has ended. */
    RunRecord record() {
        return record;
    }

    /** This JVM, OS and DL4J/ND4J, and the thread count the run is given. */
    static RunRecord.Environment environment() {
        String threads = System.getenv().getOrDefault("OMP_NUM_THREADS", "all cores");
        return new RunRecord.Environment(
                System.getProperty("java.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("os.arch"),
                mavenVersion(org.deeplearning4j.nn.graph.ComputationGraph.class, "org.deeplearning4j/deeplearning4j-nn"),
                mavenVersion(org.nd4j.linalg.factory.Nd4j.class, "org.nd4j/nd4j-api"),
                org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getName(), threads);
    }

    /** The version in a jar's Maven metadata ({@code META-INF/maven/<group>/<artifact>/pom.properties}). */
    private static String mavenVersion(Class<?> inJar, String groupAndArtifact) {
        try (InputStream in = inJar.getResourceAsStream("/META-INF/maven/" + groupAndArtifact + "/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // reported as unknown
        }
        return "unknown";
    }
}
