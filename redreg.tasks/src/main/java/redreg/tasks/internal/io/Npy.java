package redreg.tasks.internal.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import redreg.api.ConfigException;

/**
 * NumPy {@code .npy} files (format versions 1–3): reads bool, int8–int64, uint8–uint64, float16/32/64 in either
 * byte order and C or Fortran order (returned in C order); writes float32, int32, int64, int16 and uint8 (version
 * 1, little-endian, C order). Every error is a {@link ConfigException} naming the file.
 *
 * <p>Why not ND4J's own {@code Nd4j.createFromNpyFile} (libnd4j's cnpy), tried on 1.0.0-M2.1 with files NumPy wrote:
 * a big-endian file ({@code >f4}) kills the whole JVM (a native {@code assert(littleEndian)} in cnpy.cpp); a
 * Fortran-order file loads with its elements silently in the wrong places ([[0,1,2],[3,4,5]] reads back as
 * [[0,3,1],[4,2,5]]); a truncated file loads with garbage past its end instead of an error; a file that is not
 * .npy at all says "Pointer doesn't look like a NumPy header" without naming it. It also reads only whole files —
 * no header alone (the tasks check thousands of spectrogram headers at load time and decode batch by batch), no
 * bytes from a stream (av-digits' gzipped resource, the arrays inside CMU-MOSI's pickle). Decoding here costs
 * one copy into an INDArray; it makes every bad file one line.
 */
public final class Npy {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * An array read from a file: {@code kind} is NumPy's kind character ({@code f}, {@code i}, {@code u}, {@code b}),
     * {@code data} holds the elements in C order, in the byte order of {@code data.order()}.
     */
    public record Array(String file, String dtype, char kind, int itemSize, long[] shape, ByteBuffer data) {

        public long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /** Elements as float (any numeric dtype). */
        public float[] floats() {
            int n = checkedSize();
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = (float) number(i);
            }
            return out;
        }

        /** Elements as double (any numeric dtype). */
        public double[] doubles() {
            int n = checkedSize();
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = number(i);
            }
            return out;
        }

        /** Elements of an integer or bool array as long; a float array is rejected. */
        public long[] longs() {
            if (kind == 'f') {
                throw new ConfigException(file + ": expected an integer array, got dtype " + dtype);
            }
            int n = checkedSize();
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = integer(i);
            }
            return out;
        }

        /** Requires {@code shape} (−1 matches any size) and a dtype kind among {@code kinds}. */
        public Array expect(String what, String kinds, long... expected) {
            if (kinds.indexOf(kind) < 0) {
                throw new ConfigException(file + ": expected " + what + " with dtype kind " + describe(kinds)
                        + ", got dtype " + dtype);
            }
            boolean ok = expected.length == shape.length;
            for (int i = 0; ok && i < expected.length; i++) {
                ok = expected[i] < 0 || expected[i] == shape[i];
            }
            if (!ok) {
                throw new ConfigException(file + ": expected " + what + " of shape " + shapeText(expected)
                        + ", got shape " + shapeText(shape));
            }
            return this;
        }

        private int checkedSize() {
            long n = size();
            if (n > Integer.MAX_VALUE - 8) {
                throw new ConfigException(file + ": array of " + n + " elements is too large to load at once");
            }
            return (int) n;
        }

        private double number(int i) {
            int at = i * itemSize;
            if (kind == 'f') {
                return switch (itemSize) {
                    case 2 -> halfToFloat(data.getShort(at));
                    case 4 -> data.getFloat(at);
                    default -> data.getDouble(at);
                };
            }
            if (kind == 'u' && itemSize == 8) {
                long v = data.getLong(at);
                return v >= 0 ? v : (double) (v >>> 1) * 2.0;
            }
            return integer(i);
        }

        private long integer(int i) {
            int at = i * itemSize;
            boolean unsigned = kind == 'u' || kind == 'b';
            return switch (itemSize) {
                case 1 -> unsigned ? data.get(at) & 0xFFL : data.get(at);
                case 2 -> unsigned ? data.getShort(at) & 0xFFFFL : data.getShort(at);
                case 4 -> unsigned ? data.getInt(at) & 0xFFFFFFFFL : data.getInt(at);
                default -> data.getLong(at);
            };
        }
    }

    /** IEEE 754 binary16 to float. */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits >>> 15) == 0 ? 1 : -1;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0) {
            return sign * mant * 0x1p-24f;
        }
        if (exp == 31) {
            return mant == 0 ? sign * Float.POSITIVE_INFINITY : Float.NaN;
        }
        return sign * (1 + mant / 1024f) * (float) Math.pow(2, exp - 15);
    }

    private static String describe(String kinds) {
        StringBuilder b = new StringBuilder();
        for (char k : kinds.toCharArray()) {
            if (b.length() > 0) {
                b.append(" or ");
            }
            b.append(switch (k) {
                case 'f' -> "float";
                case 'i' -> "int";
                case 'u' -> "uint";
                default -> "bool";
            });
        }
        return b.toString();
    }

    public static String shapeText(long[] shape) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i] < 0 ? "N" : String.valueOf(shape[i]));
        }
        return b.append(']').toString();
    }

    public static Array read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": file not found (expected a NumPy .npy array)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in) : in, file.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found (expected a NumPy .npy array)");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read a NumPy .npy array: " + e.getMessage());
        }
    }

    /** Reads one array from a stream ({@code name} is used in messages). */
    public static Array read(InputStream in, String name) {
        try {
            return parse(in.readAllBytes(), name);
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot read a NumPy .npy array: " + e.getMessage());
        }
    }

    public static Array parse(byte[] bytes, String name) {
        return parse(bytes, name, true);
    }

    /** {@code withData} false: the header alone (an {@link Array} whose {@code data} is null, the length unchecked). */
    private static Array parse(byte[] bytes, String name, boolean withData) {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new ConfigException(name + ": not a NumPy .npy file (missing the \\x93NUMPY magic)");
        }
        int major = bytes[6];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = b.getShort(8) & 0xFFFF;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new ConfigException(name + ": truncated .npy header");
            }
            headerLen = b.getInt(8);
            start = 12;
        } else {
            throw new ConfigException(name + ": unsupported .npy format version " + major + " (expected 1, 2 or 3)");
        }
        if (headerLen < 0 || start + headerLen > bytes.length) {
            throw new ConfigException(name + ": truncated .npy header");
        }
        String header = new String(bytes, start, headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new ConfigException(name + ": malformed .npy header (expected descr, fortran_order and shape): "
                    + header.strip());
        }
        String descr = d.group(1);
        if (descr.length() < 3 || "<>|=".indexOf(descr.charAt(0)) < 0) {
            throw new ConfigException(name + ": unsupported dtype '" + descr
                    + "' (expected a numeric dtype such as <f4, <i8 or |u1)");
        }
        char kind = descr.charAt(1);
        int itemSize;
        try {
            itemSize = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            throw new ConfigException(name + ": unsupported dtype '" + descr + "' (expected a numeric dtype such as <f4)");
        }
        boolean known = switch (kind) {
            case 'f' -> itemSize == 2 || itemSize == 4 || itemSize == 8;
            case 'i', 'u' -> itemSize == 1 || itemSize == 2 || itemSize == 4 || itemSize == 8;
            case 'b' -> itemSize == 1;
            default -> false;
        };
        if (!known) {
            throw new ConfigException(name + ": unsupported dtype '" + descr
                    + "' (expected bool, int8-64, uint8-64 or float16/32/64)");
        }
        String[] dims = s.group(1).split(",");
        long[] shape = Arrays.stream(dims).map(String::strip).filter(x -> !x.isEmpty()).mapToLong(x -> {
            try {
                return Long.parseLong(x.endsWith("L") ? x.substring(0, x.length() - 1) : x);
            } catch (NumberFormatException e) {
                throw new ConfigException(name + ": malformed shape in .npy header: (" + s.group(1) + ")");
            }
        }).toArray();
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new ConfigException(name + ": negative dimension in .npy shape " + shapeText(shape));
            }
            count *= dim;
        }
        if (!withData) {
            return new Array(name, descr, kind, itemSize, shape, null);
        }
        int dataStart = start + headerLen;
        long need = count * itemSize;
        if (bytes.length - (long) dataStart < need) {
            throw new ConfigException(name + ": truncated .npy data (shape " + shapeText(shape) + " of " + descr
                    + " needs " + need + " bytes, the file has " + (bytes.length - dataStart) + ")");
        }
        return of(name, descr, shape, f.group(1).equals("True"), ByteBuffer.wrap(bytes, dataStart, (int) need).slice());
    }

    /** An array from raw element bytes (the dtype string as NumPy writes it, e.g. {@code <f4}). */
    public static Array of(String name, String descr, long[] shape, boolean fortran, ByteBuffer raw) {
        char kind = descr.charAt(1);
        int itemSize = Integer.parseInt(descr.substring(2));
        ByteBuffer data = raw.order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if (fortran && shape.length > 1) {
            data = fortranToC(data, shape, itemSize);
        }
        return new Array(name, descr, kind, itemSize, shape, data);
    }

    /**
     * Reads only the header of a file and checks that the file is long enough for its data: an
     * {@link Array} whose {@code data} is null. For validating many large files cheaply.
     */
    public static Array header(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": file not found (expected a NumPy .npy array)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4096);
            long size = Files.size(file);
            int major = head.length > 6 ? head[6] : 0;
            int start = major == 1 ? 10 : 12;
            int len = head.length < start ? 0 : major == 1
                    ? ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xFFFF
                    : ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
            byte[] headerOnly = Arrays.copyOf(head, Math.min(head.length, Math.max(10, start + Math.max(0, len))));
            // parse the header with an empty payload, then check the real length
            Array a = parse(headerOnly, file.toString(), false);
            long need = a.size() * a.itemSize();
            if (size - (start + len) < need) {
                throw new ConfigException(file + ": truncated .npy data (shape " + shapeText(a.shape()) + " of "
                        + a.dtype() + " needs " + need + " bytes, the file has " + (size - start - len) + ")");
            }
            return a;
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read a NumPy .npy array: " + e.getMessage());
        }
    }

    private static ByteBuffer fortranToC(ByteBuffer src, long[] shape, int itemSize) {
        int n = (int) (src.capacity() / itemSize);
        byte[] out = new byte[src.capacity()];
        int rank = shape.length;
        int[] idx = new int[rank];
        for (int c = 0; c < n; c++) {
            // c walks C order; compute the Fortran offset of the same index
            long fOffset = 0;
            long stride = 1;
            for (int k = 0; k < rank; k++) {
                fOffset += idx[k] * stride;
                stride *= shape[k];
            }
            for (int j = 0; j < itemSize; j++) {
                out[c * itemSize + j] = src.get((int) fOffset * itemSize + j);
            }
            for (int k = rank - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return ByteBuffer.wrap(out).order(src.order());
    }
}
