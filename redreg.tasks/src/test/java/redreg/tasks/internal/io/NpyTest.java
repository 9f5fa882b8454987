package redreg.tasks.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redreg.api.ConfigException;
import redreg.tasks.internal.Fixtures;

class NpyTest {
    @TempDir
    Path dir;

    private static float[] expectedF4() {
        float[] e = new float[24];
        for (int i = 0; i < 24; i++) {
            e[i] = i / 8f - 1;
        }
        return e;
    }

    @Test
    void readsEveryDtypeAndOrder() {
        Npy.Array c = Npy.read(Fixtures.of("npy/f4_c.npy"));
        assertThat(c.shape()).containsExactly(2, 3, 4);
        assertThat(c.floats()).containsExactly(expectedF4());
        Npy.Array f = Npy.read(Fixtures.of("npy/f8_fortran.npy"));
        assertThat(f.dtype()).isEqualTo("<f8");
        assertThat(f.floats()).containsExactly(expectedF4());
        assertThat(Npy.read(Fixtures.of("npy/v2_f4.npy")).floats()).containsExactly(expectedF4());
        assertThat(Npy.read(Fixtures.of("npy/i4_big.npy")).longs()).containsExactly(-3, -2, -1, 0, 1, 2);
        assertThat(Npy.read(Fixtures.of("npy/u1.npy")).longs()).containsExactly(0, 7, 255);
        assertThat(Npy.read(Fixtures.of("npy/bool.npy")).longs()).containsExactly(1, 0, 1);
        assertThat(Npy.read(Fixtures.of("npy/i8.npy")).longs()).containsExactly(2, 0, 1, 2);
        assertThat(Npy.read(Fixtures.of("npy/f2.npy")).floats()).containsExactly(0.5f, -2f, 65504f);
    }

    @Test
    void writeThenRead() throws Exception {
        Path p = dir.resolve("w.npy");
        NpyWriter.write(p, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Npy.Array a = Npy.read(p);
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.floats()).containsExactly(1, 2, 3, 4, 5, 6);
        NpyWriter.write(p, new int[] {4, 5}, 2);
        assertThat(Npy.read(p).longs()).containsExactly(4, 5);
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("absent.npy");
        assertThatThrownBy(() -> Npy.read(p)).isInstanceOf(ConfigException.class)
                .hasMessage(p + ": file not found (expected a NumPy .npy array)");
    }

    @Test
    void badMagic() throws Exception {
        Path p = Files.write(dir.resolve("bad.npy"), "PK\u0003\u0004 this is a zip".getBytes());
        assertThatThrownBy(() -> Npy.read(p)).isInstanceOf(ConfigException.class)
                .hasMessage(p + ": not a NumPy .npy file (missing the \\x93NUMPY magic)");
    }

    @Test
    void truncatedData() throws Exception {
        byte[] good = Files.readAllBytes(Fixtures.of("npy/f4_c.npy"));
        Path p = Files.write(dir.resolve("cut.npy"), Arrays.copyOf(good, good.length - 10));
        assertThatThrownBy(() -> Npy.read(p)).isInstanceOf(ConfigException.class)
                .hasMessage(p + ": truncated .npy data (shape [2, 3, 4] of <f4 needs 96 bytes, the file has 86)");
    }

    @Test
    void unsupportedDtype() throws Exception {
        Path p = dir.resolve("c.npy");
        Files.write(p, NpyWriter.encode("<c8", new long[] {1}, new byte[8]));
        assertThatThrownBy(() -> Npy.read(p)).isInstanceOf(ConfigException.class)
                .hasMessage(p + ": unsupported dtype '<c8' (expected bool, int8-64, uint8-64 or float16/32/64)");
        Files.write(p, NpyWriter.encode("|O", new long[] {1}, new byte[8]));
        assertThatThrownBy(() -> Npy.read(p)).isInstanceOf(ConfigException.class)
                .hasMessage(p + ": unsupported dtype '|O' (expected a numeric dtype such as <f4, <i8 or |u1)");
    }

    @Test
    void wrongShapeOrDtype() {
        Npy.Array a = Npy.read(Fixtures.of("npy/f4_c.npy"));
        assertThatThrownBy(() -> a.expect("labels", "iu", -1)).isInstanceOf(ConfigException.class)
                .hasMessage(a.file() + ": expected labels with dtype kind int or uint, got dtype <f4");
        assertThatThrownBy(() -> a.expect("features", "f", 2, 5)).isInstanceOf(ConfigException.class)
                .hasMessage(a.file() + ": expected features of shape [2, 5], got shape [2, 3, 4]");
        assertThatThrownBy(a::longs).isInstanceOf(ConfigException.class)
                .hasMessage(a.file() + ": expected an integer array, got dtype <f4");
    }
}
