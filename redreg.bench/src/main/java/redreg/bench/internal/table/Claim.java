package redreg.bench.internal.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import redreg.api.internal.engine.runfiles.RunFiles;

/**
 * {@code claim.json} in a run folder: who is running this cell — host, pid (with the process's start time, against
 * pid reuse) or Slurm job id, and when it started. Created with {@code CREATE_NEW}, so of two tables that try at once
 * exactly one gets it; the other skips the cell. A claim whose holder is gone (the process on this host has exited,
 * the Slurm job left the queue) is stale and is taken over.
 *
 * @param job Slurm job id ({@code 1234_5} for an array task), or null for a process on {@code host}
 */
public record Claim(String host, long pid, String processStart, String job, String started) {
    static final String FILE = "claim.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A claim file that does not parse is one being written, unless it is older than this. */
    private static final Duration WRITING = Duration.ofMinutes(1);
    private static final String HOST = hostName();

    /** A claim by this process. */
    public static Claim ofThisProcess() {
        ProcessHandle self = ProcessHandle.current();
        return new Claim(HOST, self.pid(), self.info().startInstant().map(Instant::toString).orElse(null), null,
                Instant.now().toString());
    }

    /** The same claim handed to a Slurm job (the job holds the cell from now on, not this process). */
    public Claim forJob(String jobId) {
        return new Claim(host, pid, processStart, jobId, Instant.now().toString());
    }

    public String describe() {
        return (job != null ? "Slurm job " + job : host + " pid " + pid) + " since " + started;
    }

    /** The outcome of {@link #acquire}: the cell is ours ({@code takenOver}: the stale claim we replaced), or not. */
    public record Attempt(boolean acquired, Claim holder, Claim takenOver) {
    }

    /** Claims {@code dir} for {@code claim}, taking over a stale claim; never blocks. */
    public static Attempt acquire(Path dir, Claim claim, Liveness liveness) {
        Path file = dir.resolve(FILE);
        Claim replaced = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            if (create(dir, file, claim)) {
                return new Attempt(true, claim, replaced);
            }
            byte[] seen = readBytes(file);
            if (seen == null) {
                continue; // released meanwhile
            }
            Claim holder = parse(seen);
            if (liveness.alive(holder, file)) {
                return new Attempt(false, holder, null);
            }
            if (moveAsideIfUnchanged(file, seen)) {
                replaced = holder;
            }
        }
        return new Attempt(false, read(dir).orElse(null), null);
    }

    /** The claim file, written by whoever created it: false when it exists already. */
    private static boolean create(Path dir, Path file, Claim claim) {
        try {
            Files.createDirectories(dir);
            try (OutputStream o = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                o.write(claim.json().getBytes(StandardCharsets.UTF_8));
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Removes a stale claim file, but only if it still holds the bytes we judged stale: it is moved (atomically, so
     * one taker wins) to a unique name and compared; a fresh claim someone wrote meanwhile is put back.
     */
    private static boolean moveAsideIfUnchanged(Path file, byte[] stale) {
        Path aside = file.resolveSibling(FILE + "." + UUID.randomUUID() + ".stale");
        try {
            try {
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException e) {
                return false;
            }
            if (Arrays.equals(readBytes(aside), stale)) {
                Files.deleteIfExists(aside);
                return true;
            }
            if (!Files.exists(file)) {
                Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(aside);
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take over " + file, e);
        }
    }

    /** Hands an acquired claim on (to the Slurm job that will run the cell): replaced whole, atomically. */
    public static void rewrite(Path dir, Claim claim) {
        RunFiles.writeAtomically(dir.resolve(FILE), claim.json());
    }

    /** Gives the cell up, if this claim still holds it. */
    public static void release(Path dir, Claim claim) {
        Path file = dir.resolve(FILE);
        if (read(dir).filter(claim::equals).isPresent()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static Optional<Claim> read(Path dir) {
        return Optional.ofNullable(parse(readBytes(dir.resolve(FILE))));
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Claim parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(bytes);
            return new Claim(n.path("host").asText(null), n.path("pid").asLong(-1), n.path("processStart").asText(null),
                    n.path("job").asText(null), n.path("started").asText(null));
        } catch (IOException e) {
            return null;
        }
    }

    /** Decides whether a claim's holder still runs. */
    public interface Liveness {
        /** {@code claim} null: the file did not parse (half written, or garbage). */
        boolean alive(Claim claim, Path file);
    }

    /**
     * Processes on this host by pid and start time; Slurm jobs through the queue ({@code null} queue: Slurm cannot
     * be asked, so job claims count as alive); processes on other hosts cannot be checked and count as alive.
     */
    public static Liveness liveness(SlurmQueue queue) {
        return (claim, file) -> {
            if (claim == null) {
                try {
                    return Files.getLastModifiedTime(file).toInstant().isAfter(Instant.now().minus(WRITING));
                } catch (IOException e) {
                    return false;
                }
            }
            if (claim.job() != null) {
                return queue.alive(claim.job());
            }
            if (!HOST.equals(claim.host())) {
                return true;
            }
            return ProcessHandle.of(claim.pid()).filter(ProcessHandle::isAlive)
                    .filter(p -> claim.processStart() == null || p.info().startInstant().map(Instant::toString)
                            .map(claim.processStart()::equals).orElse(true))
                    .isPresent();
        };
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env != null ? env : "localhost";
        }
    }

    /** Built by hand: Jackson may not reflect on this module's internal package. */
    String json() {
        com.fasterxml.jackson.databind.node.ObjectNode n = JSON.createObjectNode();
        n.put("host", host).put("pid", pid).put("processStart", processStart).put("job", job).put("started", started);
        return n.toString();
    }
}
