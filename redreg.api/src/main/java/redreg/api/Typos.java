package redreg.api;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean" for a name that is not one of the choices: the closest choice by edit distance (insertions,
 * deletions, substitutions and swaps of neighbours, ignoring case), when it is close enough to be a typo — one
 * edit for names of up to four letters, two for longer ones.
 */
final class Typos {
    private Typos() {
    }

    /** The closest choice within a typo's distance of {@code name}, or null (the first of equally close ones). */
    static String closest(String name, Collection<String> choices) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        int allowed = name.length() <= 4 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : choices) {
            int d = distance(name.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance && !c.equals(name)) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= allowed && bestDistance < name.length() ? best : null;
    }

    /** Optimal string alignment distance: Levenshtein plus the swap of two neighbouring characters. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
