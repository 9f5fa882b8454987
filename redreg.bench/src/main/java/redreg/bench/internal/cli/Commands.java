package redreg.bench.internal.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The picocli command tree of {@code redreg} and how its outcomes become exit codes. */
public final class Commands {
    private Commands() {
    }

    /** Parses and runs {@code args}; returns the exit code ({@link ExitCode}). */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        String environment = Environment.problem(System.getenv());
        if (environment != null) {
            err.println("error: " + environment);
            return ExitCode.USER;
        }
        Streams io = new Streams(out, err);
        CommandLine cli = new CommandLine(new RedregCommand())
                .addSubcommand(new CommandLine(new RunCmd(io)))
                .addSubcommand(new CommandLine(new TableCmd(io)))
                .addSubcommand(new CommandLine(new ListCmd(io)))
                .addSubcommand(new CommandLine(new BenchCmd(io)))
                .addSubcommand(new CommandLine(new EvalCmd(io)))
                .addSubcommand(new CommandLine(new FeaturesCmd(io)))
                .addSubcommand(new CommandLine(new PlotCmd(io)).addSubcommand(new PlotCmd.TsneCmd(io)));
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                // key=value overrides are plain arguments: "@file" expansion and option clustering stay off
                .setExpandAtFiles(false)
                .setPosixClusteredShortOptionsAllowed(false)
                .setParameterExceptionHandler((e, a) -> usageError(e, err))
                .setExecutionExceptionHandler((e, c, r) -> Errors.report(e, err));
        if (args.length == 0) {
            cli.usage(err);
            return ExitCode.USER;
        }
        try {
            return cli.execute(args);
        } catch (LinkageError | RuntimeException e) {
            // picocli hands Errors (an IllegalAccessError of a plug-in module) through unhandled
            return Errors.report(e, err);
        }
    }

    /** What a failure prints on {@code err}, and its exit code (one line and 2 for the user's mistakes, else 1). */
    public static int report(Throwable failure, PrintStream err) {
        return Errors.report(failure, err);
    }

    /** One line: the command, what was wrong, where the help is. */
    private static int usageError(ParameterException e, PrintStream err) {
        CommandLine c = e.getCommandLine();
        String name = c.getCommandSpec().qualifiedName();
        String message = e.getMessage();
        if (c.getParent() == null && e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            message = "unknown command '" + u.getUnmatched().get(0) + "'; valid commands: "
                    + String.join(", ", c.getSubcommands().keySet());
        }
        err.println(name + ": " + message.replace(System.lineSeparator(), " ") + " (see '" + name + " --help')");
        return ExitCode.USER;
    }
}
