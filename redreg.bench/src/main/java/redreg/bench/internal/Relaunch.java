package redreg.bench.internal;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command that starts this CLI again — for a table's child runs and its Slurm jobs. Built from what the JVM
 * reports about itself (its executable through {@link ProcessHandle}, its options through the runtime bean, its
 * module and class path from the system properties), so it works on every OS and also from a test JVM: no
 * {@code /proc}.
 */
public final class Relaunch {
    /** Set in a child run's environment: the pid of the table process it must not outlive. */
    public static final String PARENT_PID = "REDREG_PARENT_PID";

    private Relaunch() {
    }

    /**
     * {@code java [options] --module-path … --class-path … -m redreg.bench/redreg.bench.Cli}, or with
     * {@code --class-path … redreg.bench.Cli} when this CLI runs from the class path.
     */
    public static List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String option : options) {
            if (keep(option)) {
                cmd.add(option);
            }
        }
        // the kernel build is part of the numbers: a choice set in this JVM (a test harness sets it as a property,
        // not on the command line) holds for the child too
        String kernels = System.getProperty("redreg.kernels");
        if (kernels != null && options.stream().noneMatch(o -> o.startsWith("-Dredreg.kernels="))) {
            cmd.add("-Dredreg.kernels=" + kernels);
        }
        boolean modular = Relaunch.class.getModule().isNamed();
        if (modular) {
            cmd.add("--module-path");
            cmd.add(System.getProperty("jdk.module.path", ""));
        }
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.isEmpty()) {
            cmd.add("--class-path");
            cmd.add(classPath);
        }
        if (modular) {
            cmd.add("-m");
            cmd.add("redreg.bench/redreg.bench.Cli");
        } else {
            cmd.add("redreg.bench.Cli");
        }
        return cmd;
    }

    /**
     * Memory, stack and module options carry over; the module path is set anew, and what only a test harness or a
     * debugger needs ({@code --patch-module}, agents, surefire's properties) does not.
     */
    private static boolean keep(String option) {
        if (option.startsWith("--module-path") || option.startsWith("-Djdk.module.") || option.startsWith("--patch-module")
                || option.startsWith("-Dsurefire") || option.startsWith("-Djava.class.path")) {
            return false;
        }
        return option.startsWith("-X") || option.startsWith("--add-") || option.startsWith("--enable-native-access")
                || option.startsWith("-D");
    }

    /**
     * In a child run of a table: stop when the table process is gone — also when it was killed with SIGKILL and
     * had no chance to stop its children. Does nothing outside a table.
     */
    public static void exitWithParent() {
        String pid = System.getenv(PARENT_PID);
        if (pid == null || pid.isBlank()) {
            return;
        }
        Optional<ProcessHandle> parent;
        try {
            parent = ProcessHandle.of(Long.parseLong(pid.trim()));
        } catch (NumberFormatException e) {
            return;
        }
        Runnable stop = () -> {
            System.err.println("redreg: the table process " + pid + " is gone; stopping this run");
            Runtime.getRuntime().halt(143);
        };
        if (parent.isEmpty()) {
            stop.run();
        }
        parent.get().onExit().thenRun(stop);
    }
}
