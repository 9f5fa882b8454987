package redreg.api.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * DL4J 1.0.0-M2.1 back-propagates every SameDiff layer's external error twice: the parameter gradients and the
 * input error come out exactly 2× the true derivative (measured against finite differences for DL4J's own
 * SelfAttentionLayer and for these layers, in float and double; see TransformerEncoderTest). Each SameDiff layer
 * here therefore returns y = ½·f + ½·stopGradient(f): the same value, half the gradient, so the doubled gradient
 * is the true one.
 */
final class SameDiffFix {
    private SameDiffFix() {
    }

    static SDVariable halveGradient(SameDiff sd, SDVariable f) {
        quietGradientLog();
        SDVariable stopped = new StopGradient(sd, f).outputVariable();
        return f.mul(0.5).add(stopped.mul(0.5));
    }

    private static final String GRADIENT_LOG = "Added differentiated op ";
    private static boolean quiet;

    /**
     * ND4J 1.0.0-M2.1's SameDiff prints "Added differentiated op …" to System.out (println, no logger) for every op
     * when a layer's gradient function is first built: hundreds of lines at the first step. Those lines, and only
     * those, are dropped from System.out once one of these layers is defined.
     */
    static synchronized void quietGradientLog() {
        if (quiet) {
            return;
        }
        quiet = true;
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(out, true) {
            @Override
            public void println(String x) {
                if (x == null || !x.startsWith(GRADIENT_LOG)) {
                    super.println(x);
                }
            }
        });
    }
}
