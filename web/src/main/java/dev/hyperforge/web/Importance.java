package dev.hyperforge.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
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
        int[] g = new int[runs.size()];
        boolean numeric = runs.stream().map(r -> r.params().get(name)).allMatch(v -> v == null || v instanceof Number);
        Set<Object> distinct = new TreeSet<>(Comparator.comparing(String::valueOf));
        runs.forEach(r -> {
            if (r.params().get(name) != null) {
                distinct.add(r.params().get(name));
            }
        });
        if (!numeric || distinct.size() <= BINS) {
            Map<String, Integer> ids = new HashMap<>();
            for (int i = 0; i < g.length; i++) {
                Object v = runs.get(i).params().get(name);
                g[i] = v == null ? -1 : ids.computeIfAbsent(String.valueOf(v), k -> ids.size());
            }
            return g;
        }
        double[] vals = runs.stream().filter(r -> r.params().get(name) != null)
                .mapToDouble(r -> ((Number) r.params().get(name)).doubleValue()).sorted().toArray();
        double[] cuts = new double[BINS - 1];
        for (int b = 1; b < BINS; b++) {
            cuts[b - 1] = vals[Math.min(vals.length - 1, b * vals.length / BINS)];
        }
        for (int i = 0; i < g.length; i++) {
            Object v = runs.get(i).params().get(name);
            if (v == null) {
                g[i] = -1;
            } else {
                int bin = Arrays.binarySearch(cuts, ((Number) v).doubleValue());
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

    private static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.comparingDouble(i -> v[i]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < idx.length) {
            int j = i;
            while (j + 1 < idx.length && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            for (int t = i; t <= j; t++) {
                r[idx[t]] = (i + j) / 2.0;
            }
            i = j + 1;
        }
        return r;
    }
}
