package redreg.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.stability.Experimental;

/**
 * What a plug-in keeps between calls, as named values, for a run's checkpoint ({@link Regulator#saveState},
 * {@link Fusion#saveState}).
 * Values are kept exactly: doubles bit for bit (NaN included), arrays with their data type and shape, a
 * {@link Random} at its current position. Arrays are copied when put, so later training does not change a saved
 * state. Nested states ({@link #child}) hold per-modality parts.
 *
 * <pre>{@code
 * public boolean saveState(PluginState s) {
 *     s.putRandom("noise", noise).putDoubles("score", score);
 *     return true;
 * }
 * public void restoreState(TrainingContext ctx, PluginState s) {
 *     noise = s.random("noise");
 *     score = s.doubles("score");
 * }
 * }</pre>
 */
@Experimental(since = "0.1", why = "checkpoints inside a run are new")
public final class PluginState {
    private static final int VERSION = 1;
    private final Map<String, Object> values = new LinkedHashMap<>();

    public PluginState putDouble(String key, double value) {
        return put(key, value);
    }

    public PluginState putLong(String key, long value) {
        return put(key, value);
    }

    public PluginState putInt(String key, int value) {
        return put(key, (long) value);
    }

    public PluginState putBoolean(String key, boolean value) {
        return put(key, value);
    }

    /** A string; null is kept as null. */
    public PluginState putString(String key, String value) {
        return put(key, value == null ? Null.NULL : value);
    }

    /** A copy of {@code value}; null is kept as null. */
    public PluginState putDoubles(String key, double[] value) {
        return put(key, value == null ? Null.NULL : value.clone());
    }

    /** A list of doubles (a sliding window, say), kept as a copy. */
    public PluginState putDoubleList(String key, java.util.Collection<Double> value) {
        return putDoubles(key, value.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** A copy of {@code value} (data type and shape kept); null is kept as null. */
    public PluginState putArray(String key, INDArray value) {
        return put(key, value == null ? Null.NULL : value.dup());
    }

    /** Named arrays (a parameter snapshot), copied, in their map's order. */
    public PluginState putArrays(String key, Map<String, INDArray> arrays) {
        PluginState s = child(key);
        arrays.forEach(s::putArray);
        return this;
    }

    /** The stream's current position: {@link #random} continues where {@code random} is now. */
    public PluginState putRandom(String key, Random random) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
            out.flush();
            return put(key, new RandomBytes(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A nested state under {@code key}, created on first use (per modality, say). */
    public PluginState child(String key) {
        Object v = values.get(key);
        if (v instanceof PluginState s) {
            return s;
        }
        if (v != null) {
            throw new IllegalArgumentException("state key '" + key + "' holds a value, not a nested state");
        }
        PluginState s = new PluginState();
        values.put(key, s);
        return s;
    }

    private PluginState put(String key, Object value) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("state key must be a non-empty string");
        }
        values.put(key, value);
        return this;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Set<String> keys() {
        return java.util.Collections.unmodifiableSet(values.keySet());
    }

    public double getDouble(String key) {
        return get(key, Double.class);
    }

    public long getLong(String key) {
        return get(key, Long.class);
    }

    public int getInt(String key) {
        return Math.toIntExact(get(key, Long.class));
    }

    public boolean getBoolean(String key) {
        return get(key, Boolean.class);
    }

    public String getString(String key) {
        return nullable(key, String.class);
    }

    /** A copy of the saved doubles (null if null was saved). */
    public double[] doubles(String key) {
        double[] v = nullable(key, double[].class);
        return v == null ? null : v.clone();
    }

    /** The saved doubles as a mutable list. */
    public List<Double> doubleList(String key) {
        List<Double> out = new ArrayList<>();
        for (double d : doubles(key)) {
            out.add(d);
        }
        return out;
    }

    /** A copy of the saved array (null if null was saved). */
    public INDArray array(String key) {
        INDArray v = nullable(key, INDArray.class);
        return v == null ? null : v.dup();
    }

    /** Copies of the named arrays of {@link #putArrays}, in their saved order. */
    public Map<String, INDArray> arrays(String key) {
        PluginState s = get(key, PluginState.class);
        Map<String, INDArray> out = new LinkedHashMap<>();
        s.values.keySet().forEach(k -> out.put(k, s.array(k)));
        return out;
    }

    /** A new stream at the position {@link #putRandom} saved. */
    public Random random(String key) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(get(key, RandomBytes.class).bytes))) {
            return (Random) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("state key '" + key + "': unreadable random stream", e);
        }
    }

    /** The nested state saved under {@code key}. */
    public PluginState getChild(String key) {
        return get(key, PluginState.class);
    }

    private <T> T nullable(String key, Class<T> type) {
        return values.get(key) == Null.NULL ? null : get(key, type);
    }

    private <T> T get(String key, Class<T> type) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalStateException("state has no key '" + key + "'; saved keys: " + values.keySet());
        }
        if (!type.isInstance(v)) {
            throw new IllegalStateException("state key '" + key + "' holds " + kind(v) + ", not " + type.getSimpleName());
        }
        return type.cast(v);
    }

    private static String kind(Object v) {
        return v instanceof RandomBytes ? "a random stream" : v instanceof Null ? "null" : v.getClass().getSimpleName();
    }

    private enum Null { NULL }

    private record RandomBytes(byte[] bytes) {
    }

    // --- the checkpoint's encoding: a tag byte per value, big-endian (DataOutput), arrays in ND4J's binary form ---

    private static final byte NULL = 0, DOUBLE = 1, LONG = 2, BOOLEAN = 3, STRING = 4, DOUBLES = 5, ARRAY = 6,
            RANDOM = 7, CHILD = 8;

    /** Writes this state (the engine's checkpoint format; read back with {@link #readFrom}). */
    public void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(VERSION);
        writeBody(out);
    }

    private void writeBody(DataOutputStream out) throws IOException {
        out.writeInt(values.size());
        for (var e : values.entrySet()) {
            out.writeUTF(e.getKey());
            Object v = e.getValue();
            if (v == Null.NULL) {
                out.writeByte(NULL);
            } else if (v instanceof Double d) {
                out.writeByte(DOUBLE);
                out.writeLong(Double.doubleToRawLongBits(d));
            } else if (v instanceof Long l) {
                out.writeByte(LONG);
                out.writeLong(l);
            } else if (v instanceof Boolean b) {
                out.writeByte(BOOLEAN);
                out.writeBoolean(b);
            } else if (v instanceof String s) {
                out.writeByte(STRING);
                byte[] utf = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeInt(utf.length);
                out.write(utf);
            } else if (v instanceof double[] ds) {
                out.writeByte(DOUBLES);
                out.writeInt(ds.length);
                for (double d : ds) {
                    out.writeLong(Double.doubleToRawLongBits(d));
                }
            } else if (v instanceof INDArray a) {
                out.writeByte(ARRAY);
                Nd4j.write(a, out);
            } else if (v instanceof RandomBytes r) {
                out.writeByte(RANDOM);
                out.writeInt(r.bytes.length);
                out.write(r.bytes);
            } else if (v instanceof PluginState s) {
                out.writeByte(CHILD);
                s.writeBody(out);
            } else {
                throw new IllegalStateException("unexpected state value " + v.getClass());
            }
        }
    }

    /** Reads a state {@link #writeTo} wrote; a damaged stream is an {@link IOException}. */
    public static PluginState readFrom(DataInputStream in) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unknown state version " + version);
        }
        return readBody(in);
    }

    private static PluginState readBody(DataInputStream in) throws IOException {
        PluginState s = new PluginState();
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("damaged state: " + n + " values");
        }
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            byte tag = in.readByte();
            Object v = switch (tag) {
                case NULL -> Null.NULL;
                case DOUBLE -> Double.longBitsToDouble(in.readLong());
                case LONG -> in.readLong();
                case BOOLEAN -> in.readBoolean();
                case STRING -> new String(readBytes(in), java.nio.charset.StandardCharsets.UTF_8);
                case DOUBLES -> {
                    int len = length(in);
                    double[] ds = new double[len];
                    for (int j = 0; j < len; j++) {
                        ds[j] = Double.longBitsToDouble(in.readLong());
                    }
                    yield ds;
                }
                case ARRAY -> readArray(in);
                case RANDOM -> new RandomBytes(readBytes(in));
                case CHILD -> readBody(in);
                default -> throw new IOException("damaged state: unknown value tag " + tag);
            };
            s.values.put(key, v);
        }
        return s;
    }

    private static INDArray readArray(DataInputStream in) throws IOException {
        try {
            return Nd4j.read(in);
        } catch (RuntimeException e) {
            // ND4J wraps a truncated stream's EOFException
            throw new IOException("damaged state: unreadable array (" + e.getMessage() + ")", e);
        }
    }

    private static int length(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > (1 << 30)) {
            throw new IOException("damaged state: length " + len);
        }
        return len;
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] b = new byte[length(in)];
        in.readFully(b);
        return b;
    }
}
