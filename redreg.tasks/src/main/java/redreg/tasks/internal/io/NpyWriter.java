package redreg.tasks.internal.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes little-endian, C-order, version-1 {@code .npy} files (feature caches, fixtures, converters). */
public final class NpyWriter {
    private NpyWriter() {
    }

    public static void write(Path file, float[] data, long... shape) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        write(file, "<f4", shape, b.array());
    }

    public static void write(Path file, int[] data, long... shape) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(data);
        write(file, "<i4", shape, b.array());
    }

    public static void write(Path file, long[] data, long... shape) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(data);
        write(file, "<i8", shape, b.array());
    }

    public static void write(Path file, short[] data, long... shape) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(data.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(data);
        write(file, "<i2", shape, b.array());
    }

    public static void write(Path file, byte[] data, long... shape) throws IOException {
        write(file, "|u1", shape, data);
    }

    private static void write(Path file, String descr, long[] shape, byte[] payload) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(encode(descr, shape, payload));
        }
    }

    /** The bytes of a version-1 .npy file. */
    public static byte[] encode(String descr, long[] shape, byte[] payload) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)"
                : "(" + (dims.length() > 0 ? dims.substring(0, dims.length() - 2) : "") + ")";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(10 + header.length() + payload.length);
        out.writeBytes(Npy.MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xFF);
        out.write((header.length() >> 8) & 0xFF);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
