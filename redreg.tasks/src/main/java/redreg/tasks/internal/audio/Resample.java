package redreg.tasks.internal.audio;

/**
 * Polyphase rational resampling, numerically the same as {@code scipy.signal.resample_poly(x, up, down)} with its
 * defaults: a Kaiser (β = 5) windowed-sinc low-pass of 2·10·max(up, down)+1 taps, cutoff 1/max(up, down),
 * zero padding at the ends.
 */
public final class Resample {
    private Resample() {
    }

    /** Resamples from {@code from} Hz to {@code to} Hz. */
    public static float[] rate(float[] x, int from, int to) {
        if (from == to) {
            return x.clone();
        }
        int g = gcd(from, to);
        return poly(x, to / g, from / g);
    }

    public static float[] poly(float[] x, int up, int down) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        double[] y = poly(d, up, down);
        float[] out = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (float) y[i];
        }
        return out;
    }

    /** Resamples from {@code from} Hz to {@code to} Hz in double precision. */
    public static double[] rate(double[] x, int from, int to) {
        if (from == to) {
            return x.clone();
        }
        int g = gcd(from, to);
        return poly(x, to / g, from / g);
    }

    public static double[] poly(double[] x, int up, int down) {
        int g = gcd(up, down);
        up /= g;
        down /= g;
        if (up == 1 && down == 1) {
            return x.clone();
        }
        int nIn = x.length;
        long nUp = (long) nIn * up;
        int nOut = (int) (nUp / down + (nUp % down != 0 ? 1 : 0));
        int maxRate = Math.max(up, down);
        int halfLen = 10 * maxRate;
        double[] h = firwin(2 * halfLen + 1, 1.0 / maxRate, 5.0);
        for (int i = 0; i < h.length; i++) {
            h[i] *= up;
        }
        int nPrePad = down - halfLen % down;
        int nPreRemove = (halfLen + nPrePad) / down;
        double[] y = new double[nOut];
        for (int i = 0; i < nOut; i++) {
            // position in the upsampled signal, relative to the start of the (unpadded) filter
            long t = (long) (i + nPreRemove) * down - nPrePad;
            // filter index j = t - n*up must lie in [0, h.length): n in [ceil((t-L+1)/up), floor(t/up)]
            long nHi = Math.floorDiv(t, up);
            long nLo = Math.floorDiv(t - h.length + 1 + up - 1, up);
            nLo = Math.max(nLo, 0);
            nHi = Math.min(nHi, nIn - 1);
            double acc = 0;
            for (long n = nLo; n <= nHi; n++) {
                acc += h[(int) (t - n * up)] * x[(int) n];
            }
            y[i] = acc;
        }
        return y;
    }

    /** {@code scipy.signal.firwin(numtaps, cutoff, window=('kaiser', beta))}: low-pass, scaled to unit DC gain. */
    static double[] firwin(int numtaps, double cutoff, double beta) {
        double alpha = 0.5 * (numtaps - 1);
        double[] h = new double[numtaps];
        double i0Beta = besselI0(beta);
        double sum = 0;
        for (int i = 0; i < numtaps; i++) {
            double m = i - alpha;
            double sinc = m == 0 ? 1.0 : Math.sin(Math.PI * cutoff * m) / (Math.PI * cutoff * m);
            double r = 2.0 * i / (numtaps - 1) - 1.0;
            double w = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
            h[i] = cutoff * sinc * w;
            sum += h[i];
        }
        for (int i = 0; i < numtaps; i++) {
            h[i] /= sum;
        }
        return h;
    }

    /** Modified Bessel function of the first kind, order 0 (power series). */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
