package redreg.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import redreg.api.ConfigException;
import redreg.api.experiment.Experiment;
import redreg.bench.internal.Bench;
import redreg.bench.internal.PluginList;

/** {@code redreg <command>}: run an experiment, list plug-ins, run the step benchmark. */
public final class Cli {
    private static final String USAGE = """
            usage: redreg <command> [args]
              run <experiment.yaml> [key.path=value …] [--run-dir DIR]   train and evaluate one experiment
              table <table.yaml> [--force] [--parallel N]   expand a table spec into runs, run what is missing, report
              list                                       plug-ins with their config keys and defaults
              bench [--steps N] [key.path=value …]       ms/step of the framework vs DL4J's fit(), and per regulator
              bench --table <table.yaml>                 wall time of a whole table (every run forced)
              bench --models [--model NAME] [--step-scale X]   ms/step of torch_peer.py's three models
              bench --memory [--epochs N] [--runs N] [--run-epochs N]   peak RSS per epoch / per run in one JVM""";

    private Cli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit code (2 = bad input, with a one-line message on {@code err}). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "run" -> {
                    if (rest.isEmpty()) {
                        err.println("redreg run: expected an experiment file, e.g. redreg run experiments/default.yaml");
                        return 2;
                    }
                    List<String> overrides = new java.util.ArrayList<>(rest.subList(1, rest.size()));
                    int at = overrides.indexOf("--run-dir");
                    Path runDir = null;
                    if (at >= 0) {
                        if (at + 1 >= overrides.size()) {
                            err.println("redreg run: --run-dir needs a folder");
                            return 2;
                        }
                        runDir = Path.of(overrides.get(at + 1));
                        overrides.subList(at, at + 2).clear();
                    }
                    Experiment e = Experiment.load(Path.of(rest.get(0)), overrides);
                    if (runDir == null) {
                        e.run(out);
                    } else {
                        e.runIn(runDir, out);
                    }
                }
                case "list" -> PluginList.print(out);
                case "bench" -> Bench.main(rest, out);
                case "table" -> redreg.bench.internal.table.TableCommand.main(rest, out, err);
                default -> {
                    err.println("redreg: unknown command '" + args[0] + "'; valid commands: run, table, list, bench");
                    return 2;
                }
            }
            return 0;
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }
}
