package redreg.api.internal.engine;

import java.util.Random;

/** The engine's one Fisher–Yates shuffle: batch order, forks' batch order, feature samples. */
public final class Permutation {
    private Permutation() {
    }

    /** 0 … n − 1 in an order drawn from {@code random} (from the last place down, as the runs always drew it). */
    public static int[] of(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
