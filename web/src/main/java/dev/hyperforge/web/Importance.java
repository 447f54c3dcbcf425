package dev.hyperforge.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parameter importance of a study: for each parameter, the bias-corrected correlation ratio (epsilon squared) of
 * the objective's ranks across the parameter's values (categorical values as groups, numbers in up to 8 quantile
 * bins), normalised to sum to one. It measures main effects like fANOVA's first-order terms, not interactions.
 */
final class Importance {
    private static final int BINS = 8;

    /** A COMPLETE trial with a finite value, as the study charts use it. */
    record Slim(long id, int number, double value, Map<String, Object> params) {
    }

    private Importance() {
    }

    /** @return {@code {param, importance}} rows, most important first (empty below three runs) */
    static List<Map<String, Object>> of(List<Slim> runs) {
        if (runs.size() < 3) {
            return List.of();
        }
        double[] ranks = ranks(runs.stream().mapToDouble(Slim::value).toArray());
        Set<String> names = new TreeSet<>();
        runs.forEach(r -> names.addAll(r.params().keySet()));
        Map<String, Double> raw = new LinkedHashMap<>();
        for (String name : names) {
            raw.put(name, epsilonSquared(groups(runs, name), ranks));
        }
        double sum = raw.values().stream().mapToDouble(Double::doubleValue).sum();
        List<Map<String, Object>> out = new ArrayList<>();
        raw.forEach((k, v) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("param", k);
            m.put("importance", sum > 0 ? v / sum : 0.0);
            out.add(m);
        });
        out.sort(Comparator.comparingDouble(m -> -((Double) m.get("importance"))));
        return out;
    }

    /** Group index per run (-1 when the run lacks the parameter). */
    private static int[] groups(List<Slim> runs, String name) {
        Object[] values = new Object[runs.size()];
        boolean numeric = true;
        Set<Object> distinct = new HashSet<>();
        for (int i = 0; i < values.length; i++) {
            Object v = runs.get(i).params().get(name);
            values[i] = v;
            numeric &= v == null || v instanceof Number;
            if (v != null && distinct.size() <= BINS) {
                distinct.add(v instanceof Number n ? (Object) n.doubleValue() : String.valueOf(v));
            }
        }
        return !numeric || distinct.size() <= BINS ? categories(values) : bins(values);
    }

    private static int[] categories(Object[] values) {
        int[] g = new int[values.length];
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < g.length; i++) {
            g[i] = values[i] == null ? -1 : ids.computeIfAbsent(String.valueOf(values[i]), k -> ids.size());
        }
        return g;
    }

    private static int[] bins(Object[] values) {
        double[] vals = Arrays.stream(values).filter(v -> v != null).mapToDouble(v -> ((Number) v).doubleValue())
                .sorted().toArray();
        double[] cuts = new double[BINS - 1];
        for (int b = 1; b < BINS; b++) {
            cuts[b - 1] = vals[Math.min(vals.length - 1, b * vals.length / BINS)];
        }
        int[] g = new int[values.length];
        for (int i = 0; i < g.length; i++) {
            if (values[i] == null) {
                g[i] = -1;
            } else {
                int bin = Arrays.binarySearch(cuts, ((Number) values[i]).doubleValue());
                g[i] = bin >= 0 ? bin + 1 : -bin - 1;
            }
        }
        return g;
    }

    private static double epsilonSquared(int[] group, double[] y) {
        Map<Integer, double[]> acc = new HashMap<>(); // sum, count
        double total = 0;
        int n = 0;
        for (int i = 0; i < y.length; i++) {
            if (group[i] >= 0) {
                double[] a = acc.computeIfAbsent(group[i], k -> new double[2]);
                a[0] += y[i];
                a[1]++;
                total += y[i];
                n++;
            }
        }
        int k = acc.size();
        if (k < 2 || n <= k) {
            return 0;
        }
        double mean = total / n;
        double ssTotal = 0;
        for (int i = 0; i < y.length; i++) {
            if (group[i] >= 0) {
                ssTotal += (y[i] - mean) * (y[i] - mean);
            }
        }
        double ssBetween = 0;
        for (double[] a : acc.values()) {
            double gm = a[0] / a[1];
            ssBetween += a[1] * (gm - mean) * (gm - mean);
        }
        double msWithin = (ssTotal - ssBetween) / (n - k);
        double eps = (ssBetween - (k - 1) * msWithin) / (ssTotal + msWithin);
        return ssTotal > 0 && Double.isFinite(eps) ? Math.max(0, eps) : 0;
    }

    /** Average ranks (ties share the mean of their positions), by a primitive sort and binary searches. */
    private static double[] ranks(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int first = lowerBound(sorted, v[i]);
            int last = lowerBound(sorted, Math.nextUp(v[i])) - 1;
            r[i] = (first + last) / 2.0;
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
