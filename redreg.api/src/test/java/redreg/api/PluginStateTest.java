package redreg.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PluginStateTest {

    private static byte[] bytes(PluginState s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            s.writeTo(out);
        }
        return b.toByteArray();
    }

    private static PluginState read(byte[] b) throws IOException {
        return PluginState.readFrom(new DataInputStream(new ByteArrayInputStream(b)));
    }

    @Test
    void everyKindOfValueComesBackExactly() throws IOException {
        Random random = new Random(42);
        random.nextGaussian(); // a cached second Gaussian is part of the position
        INDArray f = Nd4j.createFromArray(new float[][] {{1.5f, -0.1f}, {Float.NaN, 3e-39f}});
        INDArray d = Nd4j.createFromArray(0.1, 1e-300, Double.NEGATIVE_INFINITY);
        PluginState s = new PluginState().putDouble("nan", Double.NaN).putDouble("negZero", -0.0)
                .putLong("long", Long.MIN_VALUE).putInt("int", -7).putBoolean("flag", true)
                .putString("text", "ä b").putString("none", null).putDoubles("window", new double[] {0.1, 0.2})
                .putDoubles("noWindow", null).putArray("f", f).putArray("d", d).putArray("noArray", null)
                .putRandom("random", random).putDoubleList("list", List.of(1.0, 2.5));
        s.child("per").child("audio").putDouble("x", 0.3);
        s.putArrays("snapshot", Map.of("0_W", f));
        f.putScalar(0, 0, 99f); // a saved array is a copy

        PluginState back = read(bytes(s));
        assertThat(Double.doubleToRawLongBits(back.getDouble("nan"))).isEqualTo(Double.doubleToRawLongBits(Double.NaN));
        assertThat(Double.doubleToRawLongBits(back.getDouble("negZero"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(back.getLong("long")).isEqualTo(Long.MIN_VALUE);
        assertThat(back.getInt("int")).isEqualTo(-7);
        assertThat(back.getBoolean("flag")).isTrue();
        assertThat(back.getString("text")).isEqualTo("ä b");
        assertThat(back.getString("none")).isNull();
        assertThat(back.doubles("window")).containsExactly(0.1, 0.2);
        assertThat(back.doubles("noWindow")).isNull();
        assertThat(back.array("noArray")).isNull();
        assertThat(back.doubleList("list")).containsExactly(1.0, 2.5);
        INDArray fb = back.array("f");
        assertThat(fb.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(fb.shape()).containsExactly(2, 2);
        assertThat(fb.getFloat(0, 0)).isEqualTo(1.5f);
        assertThat(Float.isNaN(fb.getFloat(1, 0))).isTrue();
        assertThat(fb.getFloat(1, 1)).isEqualTo(3e-39f);
        assertThat(back.array("d").toDoubleVector()).containsExactly(0.1, 1e-300, Double.NEGATIVE_INFINITY);
        assertThat(back.getChild("per").getChild("audio").getDouble("x")).isEqualTo(0.3);
        assertThat(back.arrays("snapshot").get("0_W").getFloat(0, 0)).isEqualTo(1.5f);
        // the stream continues where it was saved
        Random restored = back.random("random");
        double[] a = {random.nextGaussian(), random.nextDouble(), random.nextInt()};
        double[] b = {restored.nextGaussian(), restored.nextDouble(), restored.nextInt()};
        assertThat(b).containsExactly(a);
        // and the encoding is deterministic: the same state gives the same bytes
        assertThat(Arrays.equals(bytes(back), bytes(read(bytes(back))))).isTrue();
    }

    @Test
    void aMissingOrMistypedKeyNamesTheSavedKeys() {
        PluginState s = new PluginState().putDouble("beta", 1);
        assertThatThrownBy(() -> s.getDouble("alpha")).hasMessageContaining("no key 'alpha'").hasMessageContaining("[beta]");
        assertThatThrownBy(() -> s.getLong("beta")).hasMessageContaining("holds Double, not Long");
    }

    @Test
    void aTruncatedStateIsAnIoError() throws IOException {
        byte[] whole = bytes(new PluginState().putDoubles("w", new double[] {1, 2, 3}).putArray("a", Nd4j.ones(3)));
        for (int cut : new int[] {3, 10, whole.length - 1}) {
            assertThatThrownBy(() -> read(Arrays.copyOf(whole, cut))).isInstanceOf(IOException.class);
        }
    }
}
