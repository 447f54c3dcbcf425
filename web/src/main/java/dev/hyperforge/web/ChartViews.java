package dev.hyperforge.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hyperforge.search.Direction;
import dev.hyperforge.web.Importance.Slim;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * One study's kept COMPLETE trials and the chart views derived from them, each computed on first use. The trials
 * are kept light (run id, number, value: what the history and the value distribution need, read from the run table
 * alone); the parameters are read only for the trials a chart shows, the best {@link #DEFAULT_POINTS} and
 * importance's sample ({@link #withParams}), and kept in a map every generation of the study shares. A new
 * generation ({@link #next}) extends the previous one's views where it can instead of recomputing them: trials
 * that come after every kept one (the usual case in a live study) are appended to the trials and the history
 * (shared, append-only: {@link Growing}), whose drawn sample is kept per bucket ({@link ThinnedHistory}); merged into
 * the best {@link #MAX_POINTS} (the most a chart asks for) and the sorted values ({@link SortedValues}, a small array
 * of the newest); and the default points' JSON is kept when none of them enters it. So a live update costs the new
 * trials and the bounded views, not a copy or a pass over every kept trial; each view equals the one computed from
 * scratch over the same trials. The history's JSON holds at most {@link #DEFAULT_HISTORY_POINTS} points
 * ({@link HistorySample}).
 */
final class ChartViews {
    /** The default number of points, whose JSON is kept. */
    static final int DEFAULT_POINTS = 2000;
    /** The most points a chart call asks for: the best-first order keeps this many. */
    static final int MAX_POINTS = 20_000;
    /** The default most points of the drawn history ({@link HistorySample}), whose JSON is kept. */
    static final int DEFAULT_HISTORY_POINTS = 2000;
    /** Stands for a COMPLETE trial whose value is infinite: counted, but not drawn. */
    static final Slim NOT_FINITE = new Slim(-1, -1, 0, Map.of());
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One point of the optimisation history (serialised as is).
     *
     * @param id run id
     * @param number trial number
     * @param value objective value
     * @param best best value so far
     */
    record HistoryPoint(long id, int number, double value, double best) {
    }

    /**
     * Reads the parameters of the given runs as chart values ({@link ParamSpace#values}, by name); runs without
     * parameters may be left out.
     */
    @FunctionalInterface
    interface ParamLoader {
        Map<Long, Map<String, Object>> load(List<Long> runIds);
    }

    /**
     * The kept trials by run id, without parameters ({@link #NOT_FINITE} for an infinite value): one map that the
     * study's generations share and extend (a kept trial never changes; changed only under the study's lock), so a
     * live update does not copy it; {@link #count} is how many it held for this generation.
     */
    final Map<Long, Slim> byId;
    /** How many trials this generation keeps ({@code byId}'s size when it was made). */
    final int count;
    final Instant watermark;
    /** The kept finite trials in number order: a prefix of {@link #runStore}. */
    final List<Slim> runs;
    private final Growing<Slim> runStore;
    final Memo<ThinnedHistory> history;
    final Memo<String> historyJson;
    /** The best {@link #MAX_POINTS} trials, best first. */
    final Memo<List<Slim>> bestFirst;
    final Memo<String> defaultPointsJson;
    /** The COMPLETE trials' finite values in ascending order (extended, not sorted again, by {@link #next}). */
    final Memo<SortedValues> sortedValues;
    /** {@link #edf} of the COMPLETE values as JSON pairs {@code [value, fraction ≤ value]}. */
    final Memo<String> edfJson;
    private final Direction direction;
    /** The parameters read so far, by run id (shared by the study's generations: a kept trial never changes). */
    private final Map<Long, Map<String, Object>> params;
    private final ParamLoader loader;

    private ChartViews(Map<Long, Slim> byId, Instant watermark, Direction direction, Growing<Slim> runStore,
                       int runCount, Map<Long, Map<String, Object>> params, ParamLoader loader) {
        this.byId = byId;
        this.count = byId.size();
        this.params = params;
        this.loader = loader;
        this.watermark = watermark;
        this.direction = direction;
        this.runStore = runStore;
        this.runs = runStore.prefix(runCount);
        this.history = new Memo<>(() -> ThinnedHistory.empty(DEFAULT_HISTORY_POINTS).append(extend(null, runs)));
        this.historyJson = new Memo<>(() -> json(history.get().sample()));
        this.bestFirst = new Memo<>(() -> List.copyOf(bestOf(runs, direction, MAX_POINTS)));
        this.defaultPointsJson = new Memo<>(() -> json(withParams(best(bestFirst.get(), DEFAULT_POINTS))));
        this.sortedValues = new Memo<>(() -> SortedValues.of(values(runs)));
        this.edfJson = new Memo<>(() -> json(edf(sortedValues.get(), EDF_POINTS)));
    }

    /** The most steps of the empirical distribution sent to the dashboard. */
    static final int EDF_POINTS = 1001;

    /**
     * The empirical distribution function of all the runs' values, exact at up to {@code max} evenly spaced
     * ranks (every run when there are no more): pairs {@code [value, fraction of runs with a value ≤ it]},
     * by value. Unlike the thinned history, which keeps extremes, it is drawn from every run.
     */
    static List<double[]> edf(List<Slim> runs, int max) {
        return edf(runs.stream().mapToDouble(Slim::value).filter(Double::isFinite).sorted().toArray(), max);
    }

    /** As {@link #edf(List, int)} of values already finite and in ascending order. */
    static List<double[]> edf(double[] v, int max) {
        return edf(SortedValues.of(v), max);
    }

    /** As {@link #edf(List, int)} of finite values kept sorted. */
    static List<double[]> edf(SortedValues v, int max) {
        int n = v.size();
        int k = Math.min(n, max);
        List<double[]> out = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            int at = k == 1 ? n - 1 : (int) Math.round((double) j * (n - 1) / (k - 1));
            out.add(new double[] {v.get(at), (at + 1) / (double) n});
        }
        return out;
    }

    /** The finite values of some trials. */
    static double[] values(List<Slim> trials) {
        return trials.stream().mapToDouble(Slim::value).filter(Double::isFinite).toArray();
    }

    /**
     * The first generation: every view from scratch.
     *
     * @param byId the trials without parameters
     * @param params parameters already read, by run id (kept and extended)
     * @param loader reads the parameters of trials not in {@code params}
     */
    static ChartViews of(Map<Long, Slim> byId, Instant watermark, Direction direction,
                         Map<Long, Map<String, Object>> params, ParamLoader loader) {
        List<Slim> runs = byNumber(byId);
        return new ChartViews(byId, watermark, direction, new Growing<Slim>().append(0, runs), runs.size(), params,
                loader);
    }

    /**
     * The trials with their parameters, in the given order; those not read yet are read in one call of the loader, in
     * run-id order (the parameters' primary key, so that each chunk of ids reads neighbouring index pages).
     *
     * @param light kept trials (without parameters)
     */
    List<Slim> withParams(List<Slim> light) {
        if (light.stream().anyMatch(s -> !params.containsKey(s.id()))) {
            synchronized (params) { // two charts drawn at once read each run's parameters once
                List<Long> missing = light.stream().map(Slim::id).filter(id -> !params.containsKey(id)).sorted().toList();
                if (!missing.isEmpty()) {
                    Map<Long, Map<String, Object>> read = loader.load(missing);
                    for (Long id : missing) {
                        params.put(id, read.getOrDefault(id, Map.of()));
                    }
                }
            }
        }
        List<Slim> out = new ArrayList<>(light.size());
        for (Slim s : light) {
            out.add(new Slim(s.id(), s.number(), s.value(), params.getOrDefault(s.id(), Map.of())));
        }
        return out;
    }

    /**
     * As {@link #withParams} for a seeded sample of the kept trials ({@link Importance#sampled}): when more than
     * {@value #SAMPLE_RANGE_READ} of them lack their parameters, those of every run whose sample key is at most the
     * sample's largest are read as one range ({@code range}: {@link dev.hyperforge.tracker.RunLog#sampledParams} made
     * chart values) rather than by id, and kept; a trial of the sample absent from that read has no parameters. The
     * range read takes no lock, so the importance of a study just opened does not wait behind the best points' read
     * by id; should both read a run, they keep the same values.
     *
     * @param sample the sample
     * @param range the chart values of the study's runs whose sample key is at most the argument, by run id
     */
    List<Slim> withSampleParams(Importance.Sample sample, LongFunction<Map<Long, Map<String, Object>>> range) {
        long missing = sample.runs().stream().filter(s -> !params.containsKey(s.id())).count();
        if (missing > SAMPLE_RANGE_READ) {
            Map<Long, Map<String, Object>> read = range.apply(sample.maxKey());
            for (Slim s : sample.runs()) {
                params.putIfAbsent(s.id(), read.getOrDefault(s.id(), Map.of()));
            }
        }
        return withParams(sample.runs());
    }

    /** Above this many trials of a sample without their parameters, {@link #withSampleParams} reads a range. */
    static final int SAMPLE_RANGE_READ = 500;

    /** @return the parameters read so far, by run id (to hand to a later generation) */
    Map<Long, Map<String, Object>> params() {
        return params;
    }

    /**
     * The next generation after new trials were merged into {@code byId}.
     *
     * @param added the new trials' chart points (finite values only)
     */
    ChartViews next(Map<Long, Slim> newById, Instant newWatermark, List<Slim> added) {
        List<Slim> tail = new ArrayList<>(added);
        tail.sort(Comparator.comparingInt(Slim::number));
        boolean appended = runs.isEmpty() || tail.isEmpty() || tail.get(0).number() > runs.get(runs.size() - 1).number();
        if (!appended) {
            return of(newById, newWatermark, direction, params, loader);
        }
        ChartViews n = new ChartViews(newById, newWatermark, direction, runStore.append(runs.size(), tail),
                runs.size() + tail.size(), params, loader);
        SortedValues sorted = sortedValues.peek();
        if (sorted != null) {
            n.sortedValues.set(sorted.plus(values(tail)));
        }
        ThinnedHistory kept = history.peek();
        if (kept != null) {
            List<HistoryPoint> points = kept.points();
            n.history.set(kept.append(extend(points.isEmpty() ? null : points.get(points.size() - 1), tail)));
        }
        List<Slim> best = bestFirst.peek();
        if (best != null) {
            n.bestFirst.set(merge(best, tail));
            String points = defaultPointsJson.peek();
            if (points != null && best.size() >= DEFAULT_POINTS
                    && tail.stream().allMatch(s -> order().compare(s, best.get(DEFAULT_POINTS - 1)) >= 0)) {
                n.defaultPointsJson.set(points);
            }
        }
        return n;
    }

    /** The finite trials by number (equal numbers in the map's order). */
    static List<Slim> byNumber(Map<Long, Slim> byId) {
        List<Slim> slim = new ArrayList<>(byId.size());
        byId.values().stream().filter(x -> x != NOT_FINITE).forEach(slim::add);
        slim.sort(Comparator.comparingInt(Slim::number));
        return List.copyOf(slim);
    }

    /**
     * The best {@code k} of some trials, best first, ties in the given order: as a stable sort of them all cut to
     * {@code k}, but the trials are sorted only once the {@code k}-th best value is known (a sort of the bare values),
     * those worse than it left out.
     */
    static List<Slim> bestOf(List<Slim> trials, Direction direction, int k) {
        int n = trials.size();
        boolean max = direction == Direction.MAXIMIZE;
        List<Slim> kept = new ArrayList<>(Math.min(n, k));
        if (n <= k) {
            kept.addAll(trials);
        } else {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = trials.get(i).value();
            }
            java.util.Arrays.sort(v);
            double cut = max ? v[n - k] : v[k - 1];
            List<Slim> atCut = new ArrayList<>();
            for (Slim s : trials) {
                int c = Double.compare(s.value(), cut);
                if (c == 0) {
                    atCut.add(s);
                } else if (max ? c > 0 : c < 0) {
                    kept.add(s);
                }
            }
            kept.addAll(atCut.subList(0, k - kept.size()));
        }
        Comparator<Slim> byValue = Comparator.comparingDouble(Slim::value);
        kept.sort(max ? byValue.reversed() : byValue);
        return kept;
    }

    /** Best first; among equal values the kept trials stay ahead of new ones. */
    private Comparator<Slim> order() {
        Comparator<Slim> byValue = Comparator.comparingDouble(Slim::value);
        return direction == Direction.MAXIMIZE ? byValue.reversed() : byValue;
    }

    private List<Slim> merge(List<Slim> sorted, List<Slim> added) {
        List<Slim> more = new ArrayList<>(added);
        more.sort(order());
        List<Slim> out = new ArrayList<>(sorted.size() + more.size());
        Comparator<Slim> order = order();
        int i = 0;
        int j = 0;
        while (i < sorted.size() || j < more.size()) {
            boolean takeKept = j >= more.size() || (i < sorted.size() && order.compare(sorted.get(i), more.get(j)) <= 0);
            out.add(takeKept ? sorted.get(i++) : more.get(j++));
        }
        return List.copyOf(best(out, MAX_POINTS));
    }

    /** The history points of {@code tail}, their best-so-far values continuing from {@code last} (null: none). */
    private List<HistoryPoint> extend(HistoryPoint last, List<Slim> tail) {
        List<HistoryPoint> out = new ArrayList<>(tail.size());
        double best = last == null ? Double.NaN : last.best();
        for (Slim s : tail) {
            if (Double.isNaN(best) || (direction == Direction.MAXIMIZE ? s.value() > best : s.value() < best)) {
                best = s.value();
            }
            out.add(new HistoryPoint(s.id(), s.number(), s.value(), best));
        }
        return out;
    }

    static List<Slim> best(List<Slim> bestFirst, int limit) {
        return bestFirst.subList(0, Math.min(limit, bestFirst.size()));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write chart data as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A value computed once, on first use (or handed over from the previous generation). */
    static final class Memo<T> {
        private final Supplier<T> compute;
        private T value;

        Memo(Supplier<T> compute) {
            this.compute = compute;
        }

        synchronized T get() {
            if (value == null) {
                value = compute.get();
            }
            return value;
        }

        synchronized T peek() {
            return value;
        }

        synchronized void set(T v) {
            value = v;
        }
    }
}
