package dev.hyperforge.web;

import java.util.Arrays;

/**
 * The finite objective values of a study's COMPLETE trials in ascending order ({@link Double#compare}), kept as a
 * large sorted array shared by the generations of the views and a small sorted array of the values added since,
 * folded into the large one when it exceeds 1/64 of it. A live update thus copies the small array, not every value,
 * and a value at a rank ({@link #get}) is found by a binary search over the split between the two. Immutable.
 *
 * <pre>{@code
 * SortedValues v = SortedValues.of(new double[] {3, 1, 2}).plus(new double[] {0});
 * v.get(0); // 0.0; v.size() == 4
 * }</pre>
 */
final class SortedValues {
    /** The small array is folded in when larger than this or than 1/64 of the large one. */
    private static final int MIN_FOLD = 256;
    private final double[] main;
    private final double[] extra;

    private SortedValues(double[] main, double[] extra) {
        this.main = main;
        this.extra = extra;
    }

    /** @return the values (finite ones, in any order) sorted */
    static SortedValues of(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return new SortedValues(v, new double[0]);
    }

    /** @return how many values there are */
    int size() {
        return main.length + extra.length;
    }

    /**
     * @param more values to add (finite)
     * @return these values and {@code more}
     */
    SortedValues plus(double[] more) {
        if (more.length == 0) {
            return this;
        }
        double[] m = more.clone();
        Arrays.sort(m);
        double[] small = merge(extra, m);
        return small.length > Math.max(MIN_FOLD, main.length / 64) ? new SortedValues(merge(main, small), new double[0])
                : new SortedValues(main, small);
    }

    /**
     * @param rank 0-based rank, below {@link #size}
     * @return the value at that rank in ascending order
     */
    double get(int rank) {
        if (extra.length == 0) {
            return main[rank];
        }
        // how many of the first rank + 1 values come from extra: the least t such that taking t from extra and the
        // rest from main is consistent (extra[t] not before main[rank - t])
        int lo = Math.max(0, rank + 1 - main.length);
        int hi = Math.min(rank + 1, extra.length);
        while (lo < hi) {
            int t = (lo + hi) >>> 1;
            int fromMain = rank + 1 - t;
            if (fromMain > 0 && Double.compare(extra[t], main[fromMain - 1]) < 0) {
                lo = t + 1;
            } else {
                hi = t;
            }
        }
        int t = lo;
        int fromMain = rank + 1 - t;
        if (t == 0) {
            return main[fromMain - 1];
        }
        if (fromMain == 0) {
            return extra[t - 1];
        }
        return Double.compare(extra[t - 1], main[fromMain - 1]) > 0 ? extra[t - 1] : main[fromMain - 1];
    }

    /** @return every value, ascending (a copy) */
    double[] toArray() {
        return merge(main, extra);
    }

    private static double[] merge(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        int i = 0;
        int j = 0;
        for (int k = 0; k < out.length; k++) {
            out[k] = j >= b.length || (i < a.length && Double.compare(a[i], b[j]) <= 0) ? a[i++] : b[j++];
        }
        return out;
    }
}
