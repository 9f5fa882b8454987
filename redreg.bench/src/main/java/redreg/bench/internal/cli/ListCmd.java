package redreg.bench.internal.cli;

import picocli.CommandLine.Command;
import redreg.bench.internal.PluginList;

/** {@code redreg list}. */
@Command(name = "list", header = "List the plug-ins with their config keys and defaults.", footer = "",
        description = "List every regulator, fusion and task found (module path and class path), with its config keys, types and defaults.")
final class ListCmd extends CommandBase {

    ListCmd(Streams io) {
        super(io);
    }

    @Override
    public Integer call() {
        PluginList.print(io.out());
        return ExitCode.OK;
    }
}
