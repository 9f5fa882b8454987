package redreg.api.internal.engine.loop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import redreg.api.Batch;
import redreg.api.DataPart;
import redreg.api.DataSplit;

/**
 * The task's training split cut into the part the steps train on and a held-out validation part: per class,
 * a seeded shuffle, the first ⌊fraction·n_k⌉ samples held out (stratified). With fraction 0 the training part is
 * the whole split in its own order, so runs without validation see exactly the data they always did.
 */
final class DataParts {
    private final DataSplit train;
    private final DataSplit validation;

    DataParts(DataSplit split, double fraction, long seed) {
        if (fraction <= 0) {
            this.train = split;
            this.validation = new Subset(split, new int[0]);
            return;
        }
        int[] labels = split.labels();
        TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        Random random = new Random(seed);
        List<Integer> held = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (List<Integer> members : byClass.values()) {
            java.util.Collections.shuffle(members, random);
            int n = (int) Math.round(fraction * members.size());
            if (n >= members.size() && members.size() > 0) {
                n = members.size() - 1;   // every class keeps at least one training sample
            }
            held.addAll(members.subList(0, n));
            kept.addAll(members.subList(n, members.size()));
        }
        this.train = new Subset(split, sorted(kept));
        this.validation = new Subset(split, sorted(held));
    }

    private static int[] sorted(List<Integer> indices) {
        int[] out = indices.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(out);
        return out;
    }

    /** The indices from, from + 1, …, to − 1: one evaluation batch of a split. */
    static int[] range(int from, int to) {
        int[] out = new int[to - from];
        Arrays.setAll(out, i -> from + i);
        return out;
    }

    DataSplit part(DataPart part) {
        return part == DataPart.TRAIN ? train : validation;
    }

    /** Indices of a part within the task's training split. */
    int[] indices(DataPart part) {
        DataSplit s = part(part);
        if (s instanceof Subset sub) {
            return sub.indices.clone();
        }
        int[] all = new int[s.size()];
        Arrays.setAll(all, i -> i);
        return all;
    }

    /** A view of some samples of a split. */
    static final class Subset implements DataSplit {
        private final DataSplit base;
        private final int[] indices;

        Subset(DataSplit base, int[] indices) {
            this.base = base;
            this.indices = indices;
        }

        @Override
        public int size() {
            return indices.length;
        }

        @Override
        public int[] labels() {
            int[] all = base.labels();
            int[] out = new int[indices.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = all[indices[i]];
            }
            return out;
        }

        @Override
        public Batch batch(int[] positions, boolean training, Random random) {
            int[] mapped = new int[positions.length];
            for (int i = 0; i < mapped.length; i++) {
                mapped[i] = indices[positions[i]];
            }
            return base.batch(mapped, training, random);
        }
    }
}
