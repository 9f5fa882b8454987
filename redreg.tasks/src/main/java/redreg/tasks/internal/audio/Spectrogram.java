package redreg.tasks.internal.audio;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Short-time Fourier transform and mel filterbank, following librosa's conventions: periodic Hann window of
 * {@code nFft} samples, frames centred ({@code nFft/2} samples of padding each side, zeros or reflection),
 * {@code 1 + len/hop} frames; Slaney mel scale with Slaney area normalisation ({@code librosa.filters.mel}
 * defaults). The FFT is JTransforms'.
 */
public final class Spectrogram {
    private Spectrogram() {
    }

    /** Padding of the centred frames: zeros (librosa ≥ 0.10) or reflection (older librosa). */
    public enum Pad { CONSTANT, REFLECT }

    /** |STFT| as [1 + nFft/2][frames]. */
    public static double[][] magnitude(float[] x, int nFft, int hop, Pad pad) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return magnitude(d, nFft, hop, pad);
    }

    /** |STFT| of a double-precision signal. */
    public static double[][] magnitude(double[] x, int nFft, int hop, Pad pad) {
        int half = nFft / 2;
        double[] padded = new double[x.length + 2 * half];
        for (int i = 0; i < padded.length; i++) {
            int src = i - half;
            if (src >= 0 && src < x.length) {
                padded[i] = x[src];
            } else if (pad == Pad.REFLECT && x.length > 1) {
                padded[i] = x[reflect(src, x.length)];
            }
        }
        int frames = 1 + (padded.length - nFft) / hop;
        int bins = half + 1;
        double[] window = hann(nFft);
        double[][] out = new double[bins][frames];
        DoubleFFT_1D fft = new DoubleFFT_1D(nFft);
        double[] buf = new double[nFft];
        for (int t = 0; t < frames; t++) {
            int start = t * hop;
            for (int k = 0; k < nFft; k++) {
                buf[k] = padded[start + k] * window[k];
            }
            fft.realForward(buf);
            out[0][t] = Math.abs(buf[0]);
            for (int f = 1; f < half; f++) {
                out[f][t] = Math.hypot(buf[2 * f], buf[2 * f + 1]);
            }
            out[half][t] = Math.abs(buf[1]);
        }
        return out;
    }

    private static int reflect(int i, int n) {
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    /** Periodic Hann window ({@code scipy.signal.get_window('hann', n)}). */
    public static double[] hann(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
        }
        return w;
    }

    /** {@code librosa.filters.mel(sr=rate, n_fft=nFft, n_mels=nMels)} (fmin 0, fmax rate/2, Slaney): [nMels][bins]. */
    public static double[][] melFilterbank(int rate, int nFft, int nMels) {
        int bins = nFft / 2 + 1;
        double[] fft = new double[bins];
        for (int i = 0; i < bins; i++) {
            fft[i] = (double) rate / 2 * i / (bins - 1);
        }
        double maxMel = hzToMel(rate / 2.0);
        double[] melF = new double[nMels + 2];
        for (int i = 0; i < melF.length; i++) {
            melF[i] = melToHz(maxMel * i / (nMels + 1));
        }
        double[][] w = new double[nMels][bins];
        for (int m = 0; m < nMels; m++) {
            double enorm = 2.0 / (melF[m + 2] - melF[m]);
            for (int f = 0; f < bins; f++) {
                double lower = (fft[f] - melF[m]) / (melF[m + 1] - melF[m]);
                double upper = (melF[m + 2] - fft[f]) / (melF[m + 2] - melF[m + 1]);
                w[m][f] = Math.max(0, Math.min(lower, upper)) * enorm;
            }
        }
        return w;
    }

    static double hzToMel(double hz) {
        double fSp = 200.0 / 3;
        double logStep = Math.log(6.4) / 27.0;
        return hz < 1000 ? hz / fSp : 1000 / fSp + Math.log(hz / 1000) / logStep;
    }

    static double melToHz(double mel) {
        double fSp = 200.0 / 3;
        double minLogMel = 1000 / fSp;
        double logStep = Math.log(6.4) / 27.0;
        return mel < minLogMel ? fSp * mel : 1000 * Math.exp(logStep * (mel - minLogMel));
    }

    /** log(mel · |STFT|² + eps) as [nMels][frames]. */
    public static double[][] logMel(float[] x, int rate, int nFft, int hop, int nMels, double eps) {
        double[][] mag = magnitude(x, nFft, hop, Pad.CONSTANT);
        double[][] fb = melFilterbank(rate, nFft, nMels);
        int frames = mag[0].length;
        double[][] out = new double[nMels][frames];
        for (int m = 0; m < nMels; m++) {
            for (int t = 0; t < frames; t++) {
                double acc = 0;
                for (int f = 0; f < mag.length; f++) {
                    if (fb[m][f] != 0) {
                        acc += fb[m][f] * mag[f][t] * mag[f][t];
                    }
                }
                out[m][t] = Math.log(acc + eps);
            }
        }
        return out;
    }
}
