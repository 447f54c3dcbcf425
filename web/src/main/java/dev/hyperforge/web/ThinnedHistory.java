package dev.hyperforge.web;

import dev.hyperforge.web.ChartViews.HistoryPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An optimisation history kept for drawing as it grows at its tail: the points (shared, append-only: {@link Growing}),
 * the indexes where the best-so-far value changes, and per bucket of {@code width} consecutive trials (a power of two
 * that doubles, merging neighbours, when there would be more than a quarter of {@link #max} buckets) the first, last,
 * lowest and highest point. {@link #sample} then thins it to {@link #max} points exactly as {@link HistorySample#of}
 * thins the whole history, from the kept summaries, so that a new trial costs its own points plus a pass over at
 * most {@code max / 4} buckets rather than a pass over every trial. Each instance is one generation and never
 * changes; {@link #append} makes the next.
 *
 * <pre>{@code
 * ThinnedHistory h = ThinnedHistory.empty(2000).append(first100000);
 * List<HistoryPoint> drawn = h.append(List.of(newTrial)).sample(); // == HistorySample.of(all, 2000)
 * }</pre>
 */
final class ThinnedHistory {
    /** Indexes into the history of a bucket's first, last, lowest and highest point (the first of equal ones). */
    private record Bucket(int first, int last, int lo, int hi) {
    }

    private final int max;
    private final Growing<HistoryPoint> points;
    private final int n;
    private final Growing<Integer> improvements;
    private final int improved;
    private final int width;
    private final Bucket[] buckets;
    /** {@code points.prefix(n)}, made once. */
    private final List<HistoryPoint> all;

    private ThinnedHistory(int max, Growing<HistoryPoint> points, int n, Growing<Integer> improvements, int improved,
                           int width, Bucket[] buckets) {
        this.max = max;
        this.points = points;
        this.n = n;
        this.improvements = improvements;
        this.improved = improved;
        this.width = width;
        this.buckets = buckets;
        this.all = points.prefix(n);
    }

    /**
     * @param max the most points {@link #sample} keeps (at least 4)
     * @return an empty history
     */
    static ThinnedHistory empty(int max) {
        if (max < 4) {
            throw new IllegalArgumentException("a history sample keeps at least 4 points, received " + max);
        }
        return new ThinnedHistory(max, new Growing<>(), 0, new Growing<>(), 0, 1, new Bucket[0]);
    }

    /** @return every point, in trial order */
    List<HistoryPoint> points() {
        return all;
    }

    /** @return how many points there are */
    int size() {
        return n;
    }

    /**
     * @param tail points that come after every kept one, in trial order, their best-so-far values continuing the
     *     kept ones'
     * @return the history extended by {@code tail}
     */
    ThinnedHistory append(List<HistoryPoint> tail) {
        if (tail.isEmpty()) {
            return this;
        }
        List<Integer> newImprovements = new ArrayList<>();
        List<Bucket> b = new ArrayList<>(Arrays.asList(buckets));
        int w = width;
        // the last bucket, open to the new points, is held in locals (no record per point)
        Bucket open = b.isEmpty() ? null : b.remove(b.size() - 1);
        int first = open == null ? -1 : open.first();
        int lo = open == null ? -1 : open.lo();
        int hi = open == null ? -1 : open.hi();
        double loV = open == null ? 0 : value(tail, lo).value();
        double hiV = open == null ? 0 : value(tail, hi).value();
        double best = n > 0 ? all.get(n - 1).best() : Double.NaN;
        for (int k = 0; k < tail.size(); k++) {
            int i = n + k;
            HistoryPoint p = tail.get(k);
            if (i == 0 || Double.compare(p.best(), best) != 0) {
                newImprovements.add(i);
            }
            best = p.best();
            double v = p.value();
            if (first < 0 || i / w != first / w) {
                if (first >= 0) {
                    b.add(new Bucket(first, i - 1, lo, hi));
                }
                first = i;
                lo = i;
                hi = i;
                loV = v;
                hiV = v;
            } else {
                if (v < loV) {
                    lo = i;
                    loV = v;
                }
                if (v > hiV) {
                    hi = i;
                    hiV = v;
                }
            }
            if (b.size() + 1 > max / 4) {
                b.add(new Bucket(first, i, lo, hi));
                b = halve(b, tail);
                w *= 2;
                Bucket last = b.remove(b.size() - 1);
                first = last.first();
                lo = last.lo();
                hi = last.hi();
                loV = value(tail, lo).value();
                hiV = value(tail, hi).value();
            }
        }
        b.add(new Bucket(first, n + tail.size() - 1, lo, hi));
        Growing<HistoryPoint> grown = points.append(n, tail);
        Growing<Integer> imp = improvements.append(improved, newImprovements);
        return new ThinnedHistory(max, grown, n + tail.size(), imp, improved + newImprovements.size(), w,
                b.toArray(new Bucket[0]));
    }

    /** The point at index {@code i} of the kept history followed by {@code tail}. */
    private HistoryPoint value(List<HistoryPoint> tail, int i) {
        return i < n ? all.get(i) : tail.get(i - n);
    }

    /** Buckets of twice the width: each pair merged. */
    private List<Bucket> halve(List<Bucket> b, List<HistoryPoint> tail) {
        List<Bucket> out = new ArrayList<>((b.size() + 1) / 2);
        for (int j = 0; j < b.size(); j += 2) {
            out.add(j + 1 < b.size() ? merge(b.get(j), b.get(j + 1), i -> value(tail, i)) : b.get(j));
        }
        return out;
    }

    /** Two neighbouring buckets as one: the left one's extremes win ties, as in a pass from the left. */
    private static Bucket merge(Bucket left, Bucket right, java.util.function.IntFunction<HistoryPoint> at) {
        return new Bucket(left.first(), right.last(),
                at.apply(right.lo()).value() < at.apply(left.lo()).value() ? right.lo() : left.lo(),
                at.apply(right.hi()).value() > at.apply(left.hi()).value() ? right.hi() : left.hi());
    }

    /** @return the history thinned to {@link #max} points, equal to {@code HistorySample.of(points(), max)} */
    List<HistoryPoint> sample() {
        if (n <= max) {
            return all;
        }
        boolean withImprovements = improved <= max / 2;
        int budget = max - (withImprovements ? improved : 0);
        int group = HistorySample.width(n, Math.max(1, budget / 4)) / width;
        int[] keep = new int[4 * ((buckets.length + group - 1) / group) + (withImprovements ? improved : 0)];
        int k = 0;
        for (int j = 0; j < buckets.length; j += group) {
            Bucket m = buckets[j];
            for (int g = j + 1; g < Math.min(buckets.length, j + group); g++) {
                m = merge(m, buckets[g], all::get);
            }
            keep[k++] = m.first();
            keep[k++] = m.last();
            keep[k++] = m.lo();
            keep[k++] = m.hi();
        }
        if (withImprovements) {
            for (int i : improvements.prefix(improved)) {
                keep[k++] = i;
            }
        }
        Arrays.sort(keep, 0, k);
        List<HistoryPoint> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            if (i == 0 || keep[i] != keep[i - 1]) {
                out.add(all.get(keep[i]));
            }
        }
        return out;
    }
}
