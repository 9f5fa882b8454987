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
              run <experiment.yaml> [key.path=value …]   train and evaluate one experiment
              list                                       plug-ins with their config keys and defaults
              bench [--steps N] [key.path=value …]       ms/step of the framework vs DL4J's fit()""";

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
                    Experiment.load(Path.of(rest.get(0)), rest.subList(1, rest.size())).run(out);
                }
                case "list" -> PluginList.print(out);
                case "bench" -> Bench.main(rest, out);
                default -> {
                    err.println("redreg: unknown command '" + args[0] + "'; valid commands: run, list, bench");
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
