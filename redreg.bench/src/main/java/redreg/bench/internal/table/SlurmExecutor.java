package redreg.bench.internal.table;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redreg.api.internal.engine.runfiles.RunFiles;
import redreg.bench.TableSpec;
import redreg.bench.internal.Relaunch;

/**
 * The Slurm executor: claims the runs to do, writes each one's resolved {@code experiment.yaml} into its folder and
 * submits ONE {@code sbatch --array} job whose task i runs the i-th folder of a list file, then hands the claims to
 * the job's tasks ({@code <job>_<i>}) and returns. Each task runs the same {@code java … -m redreg.bench/…} command
 * that {@code ./redreg} runs (absolute paths, so a hundred tasks do not race to rebuild the project) and writes its
 * output to the run's {@code stdout.log} (appended: a requeued task's attempts follow each other there).
 */
public final class SlurmExecutor {
    /** Under the table's output folder: job scripts and run lists; its presence marks a table submitted to Slurm. */
    static final String FOLDER = "slurm";
    private final TablePlan plan;
    private final RunStore store;
    private final PrintStream out;

    public SlurmExecutor(TablePlan plan, RunStore store, PrintStream out) {
        this.plan = plan;
        this.store = store;
        this.out = out;
    }

    /** Submits the runs not claimed by others; returns the job id, or null when nothing was left to submit. */
    public String submit(List<PlannedRun> todo, Path tableDir, SlurmQueue queue) {
        Claim mine = Claim.ofThisProcess();
        Claim.Liveness liveness = Claim.liveness(queue);
        List<Path> dirs = new ArrayList<>();
        for (PlannedRun r : todo) {
            Path dir = store.runDir(r.hash());
            Claim.Attempt attempt = Claim.acquire(dir, mine, liveness);
            if (!attempt.acquired()) {
                out.println("  skipped: " + TableRunner.label(r) + ": claimed by "
                        + (attempt.holder() == null ? "a claim being written" : attempt.holder().describe()));
                continue;
            }
            if (TableState.current(store, r.hash())) {
                Claim.release(dir, mine); // finished by another table since we looked
                continue;
            }
            TableRunner.writeConfig(r, dir);
            dirs.add(dir);
        }
        if (dirs.isEmpty()) {
            return null;
        }
        String stamp = String.valueOf(System.currentTimeMillis());
        Path slurm = tableDir.resolve(FOLDER);
        Path list = slurm.resolve("runs-" + stamp + ".txt");
        Path script = slurm.resolve("job-" + stamp + ".sh");
        RunFiles.writeAtomically(list, String.join("\n", dirs.stream().map(Path::toString).toList()) + "\n");
        RunFiles.writeAtomically(script, script(plan.spec(), dirs.size(), list, slurm));
        String job;
        try {
            job = sbatch(script);
        } catch (RuntimeException e) {
            dirs.forEach(d -> Claim.release(d, mine));
            throw e;
        }
        for (int i = 0; i < dirs.size(); i++) {
            Claim.rewrite(dirs.get(i), mine.forJob(job + "_" + i));
        }
        out.printf("submitted Slurm job %s: %d run(s) as array tasks 0-%d (script %s, task logs in each run's %s)%n",
                job, dirs.size(), dirs.size() - 1, script, TableRunner.LOG);
        return job;
    }

    /** The job script: {@code #SBATCH} lines from the spec's executor, then the task maps its index to a run folder. */
    static String script(TableSpec spec, int tasks, Path list, Path slurmDir) {
        TableSpec.Executor e = spec.executor();
        StringBuilder sb = new StringBuilder("#!/bin/bash\n");
        sb.append("#SBATCH --job-name=redreg-").append(spec.name().replaceAll("[^A-Za-z0-9._-]", "_")).append('\n');
        sb.append("#SBATCH --array=0-").append(tasks - 1).append('\n');
        sb.append("#SBATCH --output=").append(slurmDir.resolve("%A_%a.out")).append('\n');
        // A preempted or requeued task starts again from the run's last checkpoint (issue 20): allowed whatever the
        // site's JobRequeue default, and its earlier attempts' output kept rather than truncated.
        sb.append("#SBATCH --requeue\n");
        sb.append("#SBATCH --open-mode=append\n");
        option(sb, "partition", e.partition());
        option(sb, "time", e.time());
        option(sb, "cpus-per-task", e.cpusPerTask());
        option(sb, "mem", e.mem());
        option(sb, "gpus", e.gpus());
        option(sb, "account", e.account());
        for (String extra : e.extra()) {
            sb.append("#SBATCH ").append(extra).append('\n');
        }
        sb.append("set -eu\n");
        sb.append("run=\"$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" ").append(quote(list.toString())).append(")\"\n");
        sb.append("export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-").append(spec.threadsPerRun()).append("}\"\n");
        // A table started as some table's child must not make this task watch a pid on another machine.
        sb.append("unset ").append(Relaunch.PARENT_PID).append('\n');
        // appended, one header per attempt: a requeued attempt's output follows the one Slurm stopped
        sb.append("echo \"== Slurm job ${SLURM_ARRAY_JOB_ID:-?}_${SLURM_ARRAY_TASK_ID}, attempt $((${SLURM_RESTART_COUNT:-0} + 1))"
                + " on $(hostname) ==\" >>\"$run/").append(TableRunner.LOG).append("\"\n");
        sb.append("exec");
        for (String arg : Relaunch.command()) {
            sb.append(' ').append(quote(arg));
        }
        sb.append(" run \"$run/experiment.yaml\" --run-dir \"$run\" >>\"$run/").append(TableRunner.LOG).append("\" 2>&1\n");
        return sb.toString();
    }

    private static void option(StringBuilder sb, String name, Object value) {
        if (value != null) {
            sb.append("#SBATCH --").append(name).append('=').append(value).append('\n');
        }
    }

    /** A shell word: as it is when it is plain, else in single quotes. */
    static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=@%+,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private static String sbatch(Path script) {
        try {
            Process p = new ProcessBuilder("sbatch", "--parsable", script.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("sbatch " + script + " failed: "
                        + output.lines().reduce((a, b) -> a + " / " + b).orElse("(no output)"));
            }
            // --parsable prints "<job id>" or "<job id>;<cluster>", after any warnings
            String last = output.lines().reduce((a, b) -> b).orElse("");
            String id = last.split(";")[0].strip();
            if (!id.matches("\\d+")) {
                throw new IllegalStateException("sbatch " + script + " printed no job id: " + output);
            }
            return id;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run sbatch (is Slurm installed here?): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while submitting " + script);
        }
    }
}
