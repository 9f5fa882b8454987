package redreg.tasks.internal.pickle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Unpickler;
import redreg.api.ConfigException;
import redreg.tasks.internal.io.Npy;
import redreg.tasks.internal.io.NpyWriter;

/**
 * Reads Python pickles holding NumPy arrays with razorvine's unpickler: {@code numpy.dtype} and
 * {@code numpy[._]core.multiarray._reconstruct} are rebuilt as {@link NumpyDtype}/{@link NumpyArray} (the unpickler
 * calls their {@code __setstate__} reflectively, so this package is opened in module-info). Dicts come back as
 * {@code Map}, tuples as {@code Object[]}, lists as {@code List}.
 */
public final class NumpyPickle {
    private static boolean registered;

    private NumpyPickle() {
    }

    private static synchronized void register() {
        if (registered) {
            return;
        }
        IObjectConstructor dtype = args -> new NumpyDtype(String.valueOf(args[0]));
        IObjectConstructor reconstruct = args -> new NumpyArray();
        for (String core : List.of("numpy.core.multiarray", "numpy._core.multiarray")) {
            Unpickler.registerConstructor(core, "_reconstruct", reconstruct);
        }
        Unpickler.registerConstructor("numpy", "dtype", dtype);
        registered = true;
    }

    /** The unpickled object graph of a file. */
    public static Object load(Path file) {
        register();
        try (InputStream in = Files.newInputStream(file)) {
            Unpickler u = new Unpickler();
            return u.load(new java.io.BufferedInputStream(in));
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found (expected a Python pickle)");
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new ConfigException(file + ": corrupt or unsupported pickle (" + why + ")");
        }
    }

    /** {@code numpy.dtype(descr, …)} with the byte order set by its state. */
    public static final class NumpyDtype {
        private final String kindAndSize;
        private String order = "|";

        NumpyDtype(String kindAndSize) {
            this.kindAndSize = kindAndSize;
        }

        public void __setstate__(Object[] state) {
            if (state.length > 1 && state[1] instanceof String s) {
                order = s;
            }
        }

        /** NumPy's descr string, e.g. {@code <f4}. */
        public String descr() {
            String o = order.equals("=") ? "<" : order;
            String k = kindAndSize;
            if (k.length() >= 2 && Character.isLetter(k.charAt(0)) && Character.isDigit(k.charAt(1))) {
                return (k.endsWith("1") || k.startsWith("b") ? "|" : o) + k;
            }
            return o + k;
        }

        @Override
        public String toString() {
            return descr();
        }
    }

    /** An ndarray rebuilt from its pickled state. */
    public static final class NumpyArray {
        private long[] shape;
        private NumpyDtype dtype;
        private boolean fortran;
        private byte[] data;
        private Object objects;

        public void __setstate__(Object[] state) {
            // (version, shape, dtype, is_fortran, data) or, for old pickles, (shape, dtype, is_fortran, data)
            int o = state.length == 5 ? 1 : 0;
            Object[] dims = (Object[]) state[o];
            shape = new long[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = ((Number) dims[i]).longValue();
            }
            dtype = (NumpyDtype) state[o + 1];
            fortran = Boolean.TRUE.equals(state[o + 2]);
            Object raw = state[o + 3];
            if (raw instanceof byte[] b) {
                data = b;
            } else if (raw instanceof String s) {
                data = s.getBytes(StandardCharsets.ISO_8859_1);
            } else {
                objects = raw;
            }
        }

        public long[] shape() {
            return shape.clone();
        }

        public String dtype() {
            return dtype == null ? "?" : dtype.descr();
        }

        /** As a numeric array (via the .npy reader's dtype handling); {@code name} is used in messages. */
        public Npy.Array toNpy(String name) {
            String descr = dtype();
            if (data == null || objects != null) {
                throw new ConfigException(name + ": expected a numeric array, got dtype " + descr + " (Python objects)");
            }
            byte[] header = NpyWriter.encode(descr, shape, new byte[0]);
            byte[] all = new byte[header.length + data.length];
            System.arraycopy(header, 0, all, 0, header.length);
            System.arraycopy(data, 0, all, header.length, data.length);
            Npy.Array a = Npy.parse(all, name);
            return fortran ? Npy.of(name, descr, shape, true, ByteBuffer.wrap(data)) : a;
        }
    }
}
