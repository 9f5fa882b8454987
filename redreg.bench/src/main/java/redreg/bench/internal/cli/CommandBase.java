package redreg.bench.internal.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A {@code redreg} subcommand: where it prints, and its picocli model (for usage errors of its own checks). */
abstract class CommandBase implements Callable<Integer> {
    final Streams io;

    @Spec
    CommandSpec spec;

    CommandBase(Streams io) {
        this.io = io;
    }
}
