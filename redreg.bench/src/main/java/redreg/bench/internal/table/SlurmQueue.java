package redreg.bench.internal.table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The jobs Slurm still has (pending, running, completing) and their states, read once per table scan with
 * {@code squeue -h -r -o "%i %T"}: one line per array task ({@code 1234_5 PENDING}), also for tasks still pending. A job that left
 * the queue has ended — its cell either has a result or failed. When squeue cannot be run, every job counts as
 * alive: a cell is never started twice because Slurm was not reachable.
 */
public final class SlurmQueue {
    private Map<String, String> jobs;
    private boolean asked;
    private String problem;

    /** Whether the job (or array task) is still queued or running. */
    public synchronized boolean alive(String job) {
        if (!asked) {
            asked = true;
            jobs = read();
        }
        return jobs == null || state(job) != null;
    }

    /** The job's Slurm state in lower case ({@code pending}, {@code running}, …), or null when it is not queued. */
    public synchronized String state(String job) {
        if (!asked) {
            alive(job);
        }
        if (jobs == null) {
            return null;
        }
        String s = jobs.get(job);
        return s != null ? s : jobs.get(job.contains("_") ? job.substring(0, job.indexOf('_')) : job);
    }

    /** Why squeue could not be asked, or null. */
    public synchronized String problem() {
        return problem;
    }

    private Map<String, String> read() {
        Map<String, String> out = new HashMap<>();
        try {
            Process p = new ProcessBuilder("squeue", "-h", "-r", "-o", "%i %T").redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                problem = "squeue failed: " + output.strip().lines().findFirst().orElse("");
                return null;
            }
            output.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(l -> {
                String[] f = l.split("\\s+");
                out.put(f[0], f.length > 1 ? f[1].toLowerCase(java.util.Locale.ROOT) : "queued");
            });
        } catch (IOException e) {
            problem = "squeue cannot be run (" + e.getMessage() + ")";
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
            return null;
        }
        return out;
    }
}
