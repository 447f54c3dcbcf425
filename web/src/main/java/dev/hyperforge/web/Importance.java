package dev.hyperforge.web;

import dev.hyperforge.tracker.SampleKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Parameter importance of a study, on ranks so that it is right on small studies and immune to outliers and scale.
 *
 * <p>For a numeric parameter the score is the rank correlation with the objective: the square root of the adjusted
 * R² of the objective's ranks regressed on the parameter's ranks (Spearman's |ρ|, less the chance part that a small
 * sample has), or on its ranks and their square when that fits better adjusted for the extra term (a peaked effect,
 * such as a learning rate with an optimum in the middle, which plain |ρ| misses). For a categorical parameter it is
 * the correlation ratio of the objective's ranks across the choices (the square root of epsilon squared, the
 * Kruskal-Wallis effect size). All scores lie in [0, 1] on the same scale and are not normalised, so a study where
 * nothing matters shows only small bars. Each score comes with a 90% bootstrap interval (200 resamples, seeded; of
 * at most {@value #MAX_RESAMPLE} trials; {@value #SAMPLED_RESAMPLES} when a large study is ranked on a sample), and
 * the answer says when there are fewer than {@value #MIN_TRIALS} trials.
 *
 * <pre>{@code
 * List<Map<String, Object>> rows = Importance.of(slims, Set.of("optimizer"));
 * rows.get(0); // {param=lr, importance=0.91, low=0.78, high=0.97, shape=peaked, trials=8}
 * }</pre>
 */
final class Importance {
    /** Below this many COMPLETE trials the ranking comes with a warning. */
    static final int MIN_TRIALS = 10;
    /** The most trials one bootstrap resample holds. */
    static final int MAX_RESAMPLE = 500;
    /** Bootstrap resamples per score. */
    static final int RESAMPLES = 200;
    /**
     * Bootstrap resamples per score when the study is ranked on a sample ({@link #MAX_SAMPLE} trials): the interval
     * is then that of {@value #MAX_RESAMPLE}-trial resamples of the sample, already wider than the sample's own
     * error, and its two percentiles come from fewer draws, which bounds the first importance call of a large study.
     */
    static final int SAMPLED_RESAMPLES = 50;
    /**
     * The most trials ranked: a larger study is ranked on a seeded sample of this many ({@link #sample}), which
     * moves the scores by far less than their bootstrap interval (itself of {@value #MAX_RESAMPLE}-trial resamples)
     * and bounds the cost of a ranking whatever the study's size.
     */
    static final int MAX_SAMPLE = 5000;

    /** A COMPLETE trial with a finite value, as the study charts use it. */
    record Slim(long id, int number, double value, Map<String, Object> params) {
    }

    private Importance() {
    }

    /**
     * @param runs COMPLETE trials
     * @param categorical parameters to treat as unordered choices (any with a non-numeric value is too)
     * @return {@code {param, importance, low, high, shape, trials}} rows, most important first (empty below three
     *     trials)
     */
    static List<Map<String, Object>> of(List<Slim> runs, Set<String> categorical) {
        return of(runs, categorical, RESAMPLES);
    }

    /**
     * As {@link #of(List, Set)} with {@code resamples} bootstrap resamples per interval (at least 20).
     */
    static List<Map<String, Object>> of(List<Slim> runs, Set<String> categorical, int resamples) {
        if (resamples < 20) {
            throw new IllegalArgumentException("at least 20 bootstrap resamples, received " + resamples);
        }
        if (runs.size() < 3) {
            return List.of();
        }
        Set<String> names = new TreeSet<>();
        runs.forEach(r -> names.addAll(r.params().keySet()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : names) {
            Column c = Column.of(runs, name, categorical.contains(name));
            if (c.size() < 3) {
                continue;
            }
            double[] score = c.score();
            double[] interval = c.interval(new SplittableRandom(name.hashCode()), resamples);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("param", name);
            m.put("importance", score[0]);
            m.put("low", Math.min(interval[0], score[0]));
            m.put("high", Math.max(interval[1], score[0]));
            m.put("shape", c.groups() != null ? "categorical" : score[1] > 0 ? "peaked" : "monotone");
            m.put("trials", c.size());
            out.add(m);
        }
        out.sort(Comparator.comparingDouble(m -> -((Double) m.get("importance"))));
        return out;
    }

    /**
     * A seeded sample of a study's trials ({@link #sampled}).
     *
     * @param runs the trials taken, in their given order
     * @param maxKey the largest {@link SampleKey} among them ({@link Long#MAX_VALUE} when every trial is taken): the
     *     trials of the study whose key is at most this are exactly the sample, so their parameters can be read as one
     *     range ({@link dev.hyperforge.tracker.RunLog#sampledParams})
     */
    record Sample(List<Slim> runs, long maxKey) {
    }

    /**
     * At most {@code max} of the trials, chosen by a seeded hash of the run id (the {@code max} smallest
     * {@link SampleKey}s), in their given order. The choice depends only on the ids, not on their order or the time of
     * reading, so the same trials give the same sample, and a growing study keeps most of its sample (a new trial
     * enters only with a key below the largest kept one).
     */
    static List<Slim> sample(List<Slim> runs, int max) {
        return sampled(runs, max).runs();
    }

    /** As {@link #sample}, with the largest key taken. */
    static Sample sampled(List<Slim> runs, int max) {
        if (runs.size() <= max) {
            return new Sample(runs, Long.MAX_VALUE);
        }
        long[] keys = new long[runs.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = SampleKey.of(runs.get(i).id());
        }
        long[] sorted = keys.clone();
        Arrays.sort(sorted);
        long cut = sorted[max - 1];
        List<Slim> out = new ArrayList<>(max);
        for (int i = 0; i < keys.length && out.size() < max; i++) {
            if (keys[i] <= cut) {
                out.add(runs.get(i));
            }
        }
        return new Sample(out, cut);
    }

    /**
     * One parameter's values beside the objective, over the trials that have it, each as its rank key: the index of
     * its value among the distinct values in ascending order (ties share a key; {@code -0.0} ties with {@code 0.0}),
     * so that the average ranks of any resample are a count over the keys ({@link #ranks(int[], int, int[])})
     * rather than a sort.
     *
     * @param x numeric values' keys (null for a categorical parameter)
     * @param xLevels how many distinct numeric values
     * @param groups choice index per trial (null for a numeric parameter)
     * @param y objective values' keys
     * @param yLevels how many distinct objective values
     */
    private record Column(int[] x, int xLevels, int[] groups, int[] y, int yLevels) {
        static Column of(List<Slim> runs, String name, boolean categorical) {
            List<Object> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            boolean numeric = !categorical;
            for (Slim r : runs) {
                Object v = r.params().get(name);
                if (v != null) {
                    xs.add(v);
                    ys.add(r.value());
                    numeric &= v instanceof Number;
                }
            }
            double[] yv = ys.stream().mapToDouble(Double::doubleValue).toArray();
            double[] yLevels = levels(yv);
            int[] y = keys(yv, yLevels);
            if (numeric) {
                double[] xv = xs.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
                double[] xLevels = levels(xv);
                return new Column(keys(xv, xLevels), xLevels.length, null, y, yLevels.length);
            }
            Map<String, Integer> ids = new HashMap<>();
            return new Column(null, 0, xs.stream().mapToInt(v -> ids.computeIfAbsent(String.valueOf(v), k -> ids.size()))
                    .toArray(), y, yLevels.length);
        }

        int size() {
            return y.length;
        }

        /** @return {score, 1 when the peaked fit won else 0} */
        double[] score() {
            int[] all = new int[y.length];
            Arrays.setAll(all, i -> i);
            return score(all);
        }

        /** The score of the trials at these positions (a bootstrap resample may repeat one). */
        private double[] score(int[] pick) {
            double[] ry = ranks(y, yLevels, pick);
            if (groups != null) {
                int[] g = new int[pick.length];
                for (int i = 0; i < pick.length; i++) {
                    g[i] = groups[pick[i]];
                }
                return new double[] {correlationRatio(g, ry), 0};
            }
            return rankFit(ranks(x, xLevels, pick), ry);
        }

        /** The 5th and 95th percentile of the score over bootstrap resamples. */
        double[] interval(SplittableRandom rnd, int resamples) {
            int n = y.length;
            int m = Math.min(n, MAX_RESAMPLE);
            double[] scores = new double[resamples];
            for (int b = 0; b < resamples; b++) {
                int[] pick = new int[m];
                for (int i = 0; i < m; i++) {
                    pick[i] = rnd.nextInt(n);
                }
                scores[b] = score(pick)[0];
            }
            Arrays.sort(scores);
            return new double[] {scores[(int) (0.05 * (resamples - 1))], scores[(int) Math.ceil(0.95 * (resamples - 1))]};
        }
    }

    /** The distinct values in ascending order ({@code -0.0} and {@code 0.0} as one). */
    private static double[] levels(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        int k = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (k == 0 || sorted[i] != sorted[k - 1]) {
                sorted[k++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, k);
    }

    /** Each value's index among the levels. */
    private static int[] keys(double[] v, double[] levels) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = lowerBound(levels, v[i]);
        }
        return out;
    }

    /**
     * Average ranks (from 0; ties share the mean of their positions) of the values at the picked positions, from their
     * keys: a count per key and its running total.
     */
    static double[] ranks(int[] keys, int levels, int[] pick) {
        if (levels > 2 * pick.length) {
            return sortedRanks(keys, pick);
        }
        int[] count = new int[levels];
        for (int i : pick) {
            count[keys[i]]++;
        }
        double[] mid = new double[levels];
        int below = 0;
        for (int k = 0; k < levels; k++) {
            mid[k] = below + (count[k] - 1) / 2.0;
            below += count[k];
        }
        double[] r = new double[pick.length];
        for (int i = 0; i < pick.length; i++) {
            r[i] = mid[keys[pick[i]]];
        }
        return r;
    }

    /**
     * The square root of the best adjusted R² of {@code ry} on {@code rx} (linear) or on {@code rx, rx²} (peaked).
     *
     * @return {score, 1 when the peaked fit is the better one else 0}
     */
    static double[] rankFit(double[] rx, double[] ry) {
        int n = ry.length;
        double[] u = centred(rx);
        double[] v = centred(ry);
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = u[i] * u[i];
        }
        q = centred(q);
        double syy = dot(v, v);
        double suu = dot(u, u);
        if (syy <= 0 || suu <= 0) {
            return new double[] {0, 0};
        }
        double r2Linear = dot(u, v) * dot(u, v) / (suu * syy);
        double linear = adjusted(r2Linear, n, 1);
        double peaked = 0;
        double suq = dot(u, q);
        double sqq = dot(q, q);
        double det = suu * sqq - suq * suq;
        if (n >= 6 && det > 1e-12 * suu * sqq) {
            double suy = dot(u, v);
            double sqy = dot(q, v);
            double bu = (sqq * suy - suq * sqy) / det;
            double bq = (suu * sqy - suq * suy) / det;
            peaked = adjusted((bu * suy + bq * sqy) / syy, n, 2);
        }
        return new double[] {Math.sqrt(Math.max(0, Math.max(linear, peaked))), peaked > linear && peaked > 0 ? 1 : 0};
    }

    private static double adjusted(double r2, int n, int k) {
        return n - k - 1 <= 0 ? 0 : 1 - (1 - Math.min(1, r2)) * (n - 1) / (n - k - 1);
    }

    /**
     * The square root of epsilon squared of {@code y} across the groups (group numbers from 0, as
     * {@link Column} gives them; any others are numbered first).
     */
    static double correlationRatio(int[] group, double[] y) {
        int[] g = dense(group);
        int k = 0;
        for (int v : g) {
            k = Math.max(k, v + 1);
        }
        double[] sum = new double[k];
        int[] count = new int[k];
        double total = 0;
        for (int i = 0; i < y.length; i++) {
            sum[g[i]] += y[i];
            count[g[i]]++;
            total += y[i];
        }
        int n = y.length;
        if (k < 2 || n <= k) {
            return 0;
        }
        double mean = total / n;
        double ssTotal = 0;
        for (double v : y) {
            ssTotal += (v - mean) * (v - mean);
        }
        double ssBetween = 0;
        for (int j = 0; j < k; j++) {
            ssBetween += count[j] * Math.pow(sum[j] / count[j] - mean, 2);
        }
        double msWithin = (ssTotal - ssBetween) / (n - k);
        double eps = (ssBetween - (k - 1) * msWithin) / (ssTotal + msWithin);
        return ssTotal > 0 && Double.isFinite(eps) ? Math.sqrt(Math.max(0, eps)) : 0;
    }

    /** The groups numbered 0, 1, … in order of first appearance. */
    private static int[] dense(int[] group) {
        Map<Integer, Integer> ids = new HashMap<>();
        int[] out = new int[group.length];
        for (int i = 0; i < group.length; i++) {
            out[i] = ids.computeIfAbsent(group[i], x -> ids.size());
        }
        return out;
    }

    private static double[] centred(double[] a) {
        double mean = 0;
        for (double v : a) {
            mean += v;
        }
        mean = a.length == 0 ? 0 : mean / a.length;
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - mean;
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** As {@link #ranks(int[], int, int[])} by a sort of the picked keys (fewer picks than keys). */
    private static double[] sortedRanks(int[] keys, int[] pick) {
        long[] packed = new long[pick.length];
        for (int i = 0; i < pick.length; i++) {
            packed[i] = (long) keys[pick[i]] << 32 | i;
        }
        Arrays.sort(packed);
        double[] r = new double[pick.length];
        for (int from = 0; from < packed.length; ) {
            int to = from + 1;
            while (to < packed.length && packed[to] >>> 32 == packed[from] >>> 32) {
                to++;
            }
            double mid = (from + to - 1) / 2.0;
            for (int j = from; j < to; j++) {
                r[(int) packed[j]] = mid;
            }
            from = to;
        }
        return r;
    }

    private static int lowerBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
