package dev.hyperforge.web;

import dev.hyperforge.web.ChartViews.HistoryPoint;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Thins an optimisation history (trials in number order) to at most {@code max} points for drawing, keeping what
 * the chart shows: every point where the best-so-far value changes (so the best line, drawn as steps through the
 * kept points, is exact) while those are at most half of {@code max}, the first and the last trial, and in each
 * bucket of consecutive trials the first, the last, the lowest and the highest value (the first of equal ones; so
 * outliers and the spread over the trials stay visible). A history of at most {@code max} points is returned whole.
 *
 * <p>The buckets are {@code [k·w, (k+1)·w)} for the smallest power of two {@code w} that makes them at most a
 * quarter of the points left after the improvements (the last one shorter): widths that only double as the history
 * grows, so that a history extended at its tail can keep per-bucket summaries and merge pairs of them instead of
 * thinning every point again ({@link ThinnedHistory}, which gives the same points).
 *
 * <pre>{@code
 * List<HistoryPoint> drawn = HistorySample.of(history, 2000); // 100 000 trials -> at most 2 000 points
 * }</pre>
 */
final class HistorySample {
    private HistorySample() {
    }

    /**
     * @param history every point, in trial-number order
     * @param max the most points to keep (at least 4)
     * @return a subsequence of {@code history} of at most {@code max} points, in the same order
     */
    static List<HistoryPoint> of(List<HistoryPoint> history, int max) {
        if (max < 4) {
            throw new IllegalArgumentException("a history sample keeps at least 4 points, received " + max);
        }
        int n = history.size();
        if (n <= max) {
            return history;
        }
        BitSet keep = new BitSet(n);
        BitSet improved = new BitSet(n);
        for (int i = 0; i < n; i++) {
            if (i == 0 || Double.compare(history.get(i).best(), history.get(i - 1).best()) != 0) {
                improved.set(i);
            }
        }
        int budget = max;
        if (improved.cardinality() <= max / 2) {
            keep.or(improved);
            budget -= improved.cardinality();
        }
        int width = width(n, Math.max(1, budget / 4));
        for (int from = 0; from < n; from += width) {
            markBucket(history, from, Math.min(n, from + width), keep);
        }
        List<HistoryPoint> out = new ArrayList<>(keep.cardinality());
        for (int i = keep.nextSetBit(0); i >= 0; i = keep.nextSetBit(i + 1)) {
            out.add(history.get(i));
        }
        return out;
    }

    /** @return the smallest power of two {@code w} with {@code ceil(n / w) <= buckets} */
    static int width(int n, int buckets) {
        int w = 1;
        while ((n + (long) w - 1) / w > buckets) {
            w *= 2;
        }
        return w;
    }

    /** Marks the first, last, lowest and highest point of history[from, to). */
    private static void markBucket(List<HistoryPoint> history, int from, int to, BitSet keep) {
        int lo = from;
        int hi = from;
        for (int i = from + 1; i < to; i++) {
            double v = history.get(i).value();
            if (v < history.get(lo).value()) {
                lo = i;
            }
            if (v > history.get(hi).value()) {
                hi = i;
            }
        }
        keep.set(from);
        keep.set(to - 1);
        keep.set(lo);
        keep.set(hi);
    }
}
