package redreg.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import redreg.api.LossControl;

class GradientCheckTest {
    private static final INDArray X = Nd4j.create(new double[] {0.3, -1.2, 2.0, 0.7, -0.1, 1.5}, new long[] {2, 3},
            DataType.DOUBLE);

    /** f(x) = Σ x³ + Σ sin(x), df/dx = 3x² + cos(x) (derived by hand). */
    private static double f(INDArray x) {
        return Transforms.pow(x, 3, true).sumNumber().doubleValue() + Transforms.sin(x, true).sumNumber().doubleValue();
    }

    @Test
    void acceptsTheRightGradientAndNamesTheWorstElementOfAWrongOne() {
        INDArray right = Transforms.pow(X, 2, true).muli(3).addi(Transforms.cos(X, true));
        GradientCheck check = GradientCheck.ofTensor(GradientCheckTest::f);
        assertThat(check.compare(X, right).assertWithin(1e-7).maxError()).isLessThan(1e-7);

        INDArray wrong = right.dup();
        wrong.putScalar(1, 2, wrong.getDouble(1, 2) + 0.01); // x = 1.5: df/dx = 6.82, off by 0.01
        GradientCheck.Result r = check.compare(X, wrong);
        assertThat(r.maxError()).isBetween(0.001, 0.002);
        assertThatThrownBy(() -> r.assertWithin(1e-6)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("x[1, 2]: analytic 6.8");
        assertThat(X.getDouble(1, 2)).as("the point is left as it was").isEqualTo(1.5);
    }

    @Test
    void checksSeveralNamedTensorsAndRejectsAMissingOne() {
        INDArray y = Nd4j.create(new double[] {1, 2}, new long[] {2}, DataType.DOUBLE);
        // g(x, y) = Σ_ij x_ij · y_i: dg/dx_ij = y_i, dg/dy_i = Σ_j x_ij
        GradientCheck check = GradientCheck.of(m -> m.get("x").mulColumnVector(m.get("y").reshape(2, 1)).sumNumber()
                .doubleValue());
        INDArray dx = y.reshape(2, 1).repeat(1, 3);
        assertThat(check.compare(Map.of("x", X, "y", y), Map.of("x", dx, "y", X.sum(1))).maxError()).isLessThan(1e-8);
        assertThatThrownBy(() -> check.compare(Map.of("x", X, "y", y), Map.of("x", dx)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("'y'");
    }

    /** A term ½·mean_i ‖z_i‖² of one modality, whose reported d/dz is z/B (right) or z (wrong by the batch size). */
    private static void halfSquare(LossControl loss, boolean right) {
        INDArray z = loss.modality("audio").features();
        long b = z.size(0);
        loss.addTerm("sq", 0.5 * z.mul(z).sumNumber().doubleValue() / b, Map.of("audio", right ? z.div(b) : z.dup()));
    }

    private static TestStep stepAt(Map<String, INDArray> features) {
        return TestStep.builder().labels(0, 1).modality("audio", m -> m.features(features.get("audio"))).build();
    }

    @Test
    void checksALossTermAgainstTheGradientItReports() {
        Map<String, INDArray> at = Map.of("audio", X);
        GradientCheck.ofTerm("sq", GradientCheckTest::stepAt, l -> halfSquare(l, true)).at(at).assertWithin(1e-8);
        assertThatThrownBy(() -> GradientCheck.ofTerm("sq", GradientCheckTest::stepAt, l -> halfSquare(l, false)).at(at)
                .assertWithin(1e-3)).isInstanceOf(AssertionError.class).hasMessageContaining("audio[");
        assertThatThrownBy(() -> GradientCheck.ofTerm("other", GradientCheckTest::stepAt, l -> halfSquare(l, true)).at(at))
                .isInstanceOf(AssertionError.class).hasMessage("no term 'other' was added; added: [sq]");
    }
}
