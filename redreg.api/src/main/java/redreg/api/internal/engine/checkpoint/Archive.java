package redreg.api.internal.engine.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.internal.engine.runfiles.RunFiles;

/**
 * The file format of model files and checkpoints: a NumPy {@code .npz} archive (a zip of uncompressed {@code .npy}
 * entries, one per tensor, readable with {@code numpy.load}) plus an {@code index.json} entry saying what the file
 * holds and, in checkpoints, {@code .bin} entries with plug-in states. Written whole to a temporary file and moved
 * into place, so a crash mid-write leaves the previous file; each entry carries its CRC-32, so a damaged or
 * truncated file is detected when read.
 */
public final class Archive {
    static final ObjectMapper JSON = new ObjectMapper();
    public static final String INDEX = "index.json";
    private final ObjectNode index;
    private final Map<String, INDArray> arrays;
    private final Map<String, byte[]> blobs;

    public Archive(ObjectNode index, Map<String, INDArray> arrays, Map<String, byte[]> blobs) {
        this.index = index;
        this.arrays = arrays;
        this.blobs = blobs;
    }

    public ObjectNode index() {
        return index;
    }

    /** Tensors by name (without {@code .npy}), in file order. */
    public Map<String, INDArray> arrays() {
        return arrays;
    }

    /** Binary entries by name (plug-in states). */
    public Map<String, byte[]> blobs() {
        return blobs;
    }

    /** Writes the archive to {@code target} atomically; returns its size in bytes. */
    public long write(Path target) {
        return write(target, () -> { });
    }

    /** The same; {@code midway} runs once the index and half the tensors are in the temporary file (tests crash there). */
    long write(Path target, Runnable midway) {
        RunFiles.writeAtomically(target, tmp -> {
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20);
                 ZipOutputStream zip = new ZipOutputStream(file)) {
                zip.setMethod(ZipOutputStream.STORED);
                stored(zip, INDEX, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
                int n = 0;
                for (var e : arrays.entrySet()) {
                    INDArray a = e.getValue();
                    // views (an encoder's parameters inside its flat buffer) are copied out, whole arrays written as they are
                    stored(zip, e.getKey() + ".npy", Nd4j.toNpyByteArray(a.isView() || a.ordering() != 'c' ? a.dup('c') : a));
                    if (++n == arrays.size() / 2) {
                        zip.flush();
                        midway.run();
                    }
                }
                for (var e : blobs.entrySet()) {
                    stored(zip, e.getKey(), e.getValue());
                }
            }
            try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true); // on disk before the rename makes it the file
            }
        });
        try {
            return Files.size(target);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        entry.setCrc(crc.getValue());
        entry.setTime(0); // the same content gives the same bytes
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    /** A file that is not a readable archive of this format: the message is one line for the user. */
    public static final class Damaged extends java.io.UncheckedIOException {
        public Damaged(Path file, String why, Throwable cause) {
            super("damaged model file " + file + ": " + why, cause instanceof IOException io ? io
                    : new IOException(why, cause));
        }
    }

    /** Reads only the archive's {@code index.json}. */
    public static ObjectNode readIndex(Path file, String expectedFormat) {
        try (ZipFile zip = open(file)) {
            return index(zip, file, expectedFormat);
        } catch (java.util.zip.ZipException e) {
            throw new Damaged(file, "not a complete zip archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new Damaged(file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }

    private static ZipFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.io.UncheckedIOException("no model file " + file, new java.nio.file.NoSuchFileException(file.toString()));
        }
        return new ZipFile(file.toFile());
    }

    private static ObjectNode index(ZipFile zip, Path file, String expectedFormat) throws IOException {
        ZipEntry indexEntry = zip.getEntry(INDEX);
        if (indexEntry == null) {
            throw new Damaged(file, "no " + INDEX + " entry", null);
        }
        JsonNode index = JSON.readTree(readAll(zip, indexEntry));
        if (!index.isObject() || !expectedFormat.equals(index.path("format").asText())) {
            throw new Damaged(file, "not a " + expectedFormat + " file (format '" + index.path("format").asText() + "')", null);
        }
        return (ObjectNode) index;
    }

    /** Reads an archive, checking every entry's CRC; a damaged, truncated or foreign file is {@link Damaged}. */
    public static Archive read(Path file, String expectedFormat) {
        try (ZipFile zip = open(file)) {
            ObjectNode index = index(zip, file, expectedFormat);
            Map<String, INDArray> arrays = new LinkedHashMap<>();
            Map<String, byte[]> blobs = new LinkedHashMap<>();
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.getName().equals(INDEX)) {
                    continue;
                }
                byte[] bytes = readAll(zip, e);
                if (e.getName().endsWith(".npy")) {
                    arrays.put(e.getName().substring(0, e.getName().length() - 4), npy(file, e.getName(), bytes));
                } else {
                    blobs.put(e.getName(), bytes);
                }
            }
            return new Archive(index, arrays, blobs);
        } catch (java.util.zip.ZipException e) {
            throw new Damaged(file, "not a complete zip archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new Damaged(file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }

    private static INDArray npy(Path file, String entry, byte[] bytes) {
        try {
            return Nd4j.createNpyFromByteArray(bytes);
        } catch (RuntimeException e) {
            throw new Damaged(file, "entry " + entry + " is not a readable .npy array", e);
        }
    }

    /** An entry's bytes, checked against its size and CRC-32 (ZipFile checks neither for stored entries). */
    private static byte[] readAll(ZipFile zip, ZipEntry e) throws IOException {
        try (InputStream in = zip.getInputStream(e)) {
            byte[] bytes = in.readAllBytes();
            if (e.getSize() >= 0 && bytes.length != e.getSize()) {
                throw new java.util.zip.ZipException("entry " + e.getName() + " is truncated");
            }
            CRC32 crc = new CRC32();
            crc.update(bytes);
            if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
                throw new java.util.zip.ZipException("entry " + e.getName() + " fails its CRC check");
            }
            return bytes;
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
