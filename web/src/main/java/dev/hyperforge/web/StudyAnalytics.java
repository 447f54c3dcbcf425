package dev.hyperforge.web;

import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.TrialPoint;
import dev.hyperforge.web.Importance.Slim;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongPredicate;

/**
 * Study-level views computed from the COMPLETE runs: optimisation history with the best-so-far line, parameter
 * importance ({@link Importance}) and the points behind the parallel-coordinates, slice and contour charts.
 *
 * <p>COMPLETE runs never change, so each study's trials are kept and only the new ones are read: when the number of
 * COMPLETE runs (the caller reads it cheaply from the study summary) differs from the kept one, the trials finished
 * since the latest kept finish time, less {@link #CLOCK_MARGIN} for workers whose clocks lag, are read from the run
 * table ({@link RunStore#completeValues}: id, number, value, finish time), the new ones' parameters by id
 * ({@link RunStore#paramsOf}), and merged by run id. Should the merged count still fall short (a worker's clock
 * further behind), everything is read again: the run rows alone, and one stored parameter per name for the
 * distributions ({@link RunStore#paramExamples}); the parameters of the trials a chart shows are then read and kept:
 * the best points' by id, importance's sample as one range of the study's sample keys ({@link RunStore#sampledParams}). The views ({@link ChartViews}) are
 * derived lazily, and a new generation extends the previous one's instead of recomputing them.
 *
 * <p>The study call ({@link #distributions}) names the chart parameters from one stored parameter per name when the
 * views are not kept yet, and starts computing them in the background ({@link #prepare}): the run rows, the history,
 * the value distribution, the best points and importance, in that order. The chart calls that follow wait for the
 * view they need rather than compute it again. In a large study that grows, a stale importance ranking is answered
 * while the next one is computed in the background ({@link #importance}).
 *
 * <p>What is kept is bounded ({@link BoundedCache}): the views of at most {@link #MAX_STUDIES} studies and
 * {@link #MAX_KEPT_TRIALS} trials in all, least recently used first out; an evicted study is read in full when it
 * is asked for again.
 */
final class StudyAnalytics {
    /** How far behind the latest finish time an incremental read starts. */
    static final Duration CLOCK_MARGIN = Duration.ofSeconds(10);
    /** The most studies whose views are kept. */
    static final int MAX_STUDIES = 32;
    /** The most trials kept over all studies (a few hundred bytes each, with the views' JSON). */
    static final long MAX_KEPT_TRIALS = 200_000;
    /** The most new trials whose parameters an incremental read takes at once. */
    static final int MAX_INCREMENTAL_PARAMS = 2000;
    private static final int LOCK_STRIPES = 64;
    /**
     * From this many COMPLETE trials on, the views are computed in the background after the study call or a full read
     * ({@link #prepare}), and a stale importance ranking is answered while the next one is computed; smaller studies
     * are computed on the call, where every trial counts and it takes little time.
     */
    static final int BACKGROUND_RUNS = 1000;
    /** The pause between requests that the views wait for when stored ones answer meanwhile. */
    static final Duration QUIET = Duration.ofMillis(500);
    /** The longest they wait for it. */
    static final Duration MAX_QUIET_WAIT = Duration.ofSeconds(10);

    private final RunStore store;
    private final BoundedCache<Long, ChartViews> cache;
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final Object[] importanceLocks = new Object[LOCK_STRIPES];
    private final boolean inBackground;
    private final Set<Long> preparing = ConcurrentHashMap.newKeySet();
    private final Set<Long> ranking = ConcurrentHashMap.newKeySet();
    /** Background tasks submitted and not yet finished ({@link #runInBackground}). */
    private final AtomicInteger queued = new AtomicInteger();
    private final ThreadPoolExecutor background = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "hf-chart-views");
                t.setDaemon(true);
                return t;
            });
    private final AtomicLong fullReads = new AtomicLong();
    private final KeptViews kept;
    private final Foreground foreground;
    /** Kept for 4 times as many studies as the views and touched with them, so they outlive a study's views. */
    private final BoundedCache<Long, Dists> distributions = new BoundedCache<>(4 * MAX_STUDIES);
    private final BoundedCache<Long, KeptImportance> importance = new BoundedCache<>(MAX_STUDIES);

    /** Importance rows, the views they were computed from and when. */
    private record KeptImportance(ChartViews views, int runs, long atNanos, List<Map<String, Object>> rows) {
    }

    /** The distributions of one study's chart parameters and the stored parameter names they were made from. */
    private record Dists(Set<String> seen, Map<String, Map<String, Object>> byName) {
    }

    StudyAnalytics(RunStore store) {
        this(store, Foreground.NONE);
    }

    /** @param foreground the requests in flight: each background step starts when none is (or after a wait) */
    StudyAnalytics(RunStore store, Foreground foreground) {
        this(store, MAX_STUDIES, MAX_KEPT_TRIALS, true, foreground);
    }

    /**
     * With other bounds on what is kept (tests).
     *
     * @param inBackground whether large studies' views are computed in the background ({@link #prepare}); without,
     *     each view is computed by the call that needs it (tests that count what each view reads)
     */
    StudyAnalytics(RunStore store, int maxStudies, long maxKeptTrials, boolean inBackground) {
        this(store, maxStudies, maxKeptTrials, inBackground, Foreground.NONE);
    }

    private StudyAnalytics(RunStore store, int maxStudies, long maxKeptTrials, boolean inBackground,
                           Foreground foreground) {
        this.store = store;
        this.foreground = foreground;
        this.inBackground = inBackground;
        this.kept = new KeptViews(store);
        this.cache = new BoundedCache<>(maxStudies, maxKeptTrials, v -> Math.max(1, v.count));
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
            importanceLocks[i] = new Object();
        }
        background.allowCoreThreadTimeOut(true);
    }

    /** @return how many studies' views are kept */
    int keptStudies() {
        return cache.size();
    }

    /** @return how many trials are kept over all studies */
    long keptTrials() {
        return cache.weight();
    }

    List<ChartViews.HistoryPoint> history(StudyRecord study, long completeCount) {
        return get(study, completeCount).history.get().points();
    }

    /** @return {@link #history} thinned to the default number of points as a JSON array, serialised once per change */
    String historyJson(StudyRecord study, long completeCount) {
        return historyJson(study, completeCount, ChartViews.DEFAULT_HISTORY_POINTS).getKey();
    }

    /**
     * @param maxPoints the most points to draw ({@link HistorySample})
     * @return {@link #history} thinned to {@code maxPoints} as a JSON array (kept for the default, serialised once
     *     per change), and the number of points before thinning
     */
    Map.Entry<String, Integer> historyJson(StudyRecord study, long completeCount, int maxPoints) {
        ChartViews c = get(study, completeCount);
        int all = c.history.get().size();
        String json = maxPoints == ChartViews.DEFAULT_HISTORY_POINTS ? c.historyJson.get()
                : ChartViews.json(HistorySample.of(c.history.get().points(), maxPoints));
        return Map.entry(json, all);
    }

    /**
     * The history call's fields after the direction and objective, as JSON members: {@code total} (COMPLETE trials
     * with a finite value), {@code sampled}, {@code edf} ({@link #edfJson}) and {@code trials} ({@link #historyJson}),
     * all of one generation of the views. For the default number of points of a large study whose views are not
     * kept in memory, the body stored with the same COMPLETE count ({@link KeptViews}) is answered instead.
     */
    String historyBody(StudyRecord study, long completeCount, int maxPoints) {
        return maxPoints == ChartViews.DEFAULT_HISTORY_POINTS
                ? storedOrKept(study, KeptViews.HISTORY, completeCount, c -> historyBody(c, maxPoints))
                : historyBody(get(study, completeCount), maxPoints);
    }

    /**
     * The view {@code name} stored with {@code completeCount} COMPLETE trials ({@link #stored}), else computed from the
     * views by {@code view} and kept ({@link #keep}).
     */
    private String storedOrKept(StudyRecord study, String name, long completeCount, Function<ChartViews, String> view) {
        Optional<String> stored = stored(study, name, completeCount);
        if (stored.isPresent()) {
            return stored.get();
        }
        ChartViews c = get(study, completeCount);
        String body = view.apply(c);
        keep(study, name, c.count, body);
        return body;
    }

    private static String historyBody(ChartViews c, int maxPoints) {
        Map.Entry<String, Integer> h = Map.entry(maxPoints == ChartViews.DEFAULT_HISTORY_POINTS ? c.historyJson.get()
                : ChartViews.json(HistorySample.of(c.history.get().points(), maxPoints)), c.history.get().size());
        return "\"total\":" + h.getValue() + ",\"sampled\":" + (h.getValue() > maxPoints) + ",\"edf\":"
                + c.edfJson.get() + ",\"trials\":" + h.getKey();
    }

    /**
     * @return {@link #importance} as a JSON array; for a large study whose views are not kept in memory, the rows
     *     stored ({@link KeptViews}) from as many COMPLETE trials or from fewer that {@link #importanceIsStale} would
     *     let a running dashboard answer (under 1 % fewer), while the views are computed in the background
     */
    String importanceJson(StudyRecord study, long completeCount) {
        Optional<String> stored = importance.get(study.id()) == null ? stored(study, KeptViews.IMPORTANCE,
                completeCount, n -> n == completeCount || !importanceIsStale((int) n, (int) completeCount, 0))
                : Optional.empty();
        return stored.orElseGet(() -> ChartViews.json(importance(study, completeCount)));
    }

    /**
     * A view stored with exactly {@code completeCount} COMPLETE trials, looked up only for a large study of which
     * nothing is kept in memory (a dashboard just started, or an evicted study); a hit starts computing the views in
     * the background ({@link #prepare}), as the first read would, so that the calls after the next trial find them.
     */
    private Optional<String> stored(StudyRecord study, String name, long completeCount) {
        return stored(study, name, completeCount, n -> n == completeCount);
    }

    private Optional<String> stored(StudyRecord study, String name, long completeCount, LongPredicate usable) {
        if (!inBackground || completeCount < BACKGROUND_RUNS || cache.get(study.id()) != null) {
            return Optional.empty();
        }
        Optional<String> body = kept.read(study.id(), name, completeCount, usable);
        if (body.isPresent()) {
            prepare(study, completeCount, true);
        }
        return body;
    }

    /**
     * Saves a view of {@code count} COMPLETE trials in the background when {@link KeptViews#due}, or defers it to
     * when it is ({@link KeptViews#defer}).
     */
    private void keep(StudyRecord study, String name, long count, String body) {
        if (!inBackground || count < BACKGROUND_RUNS) {
            return;
        }
        if (kept.due(study.id(), name, count)) {
            runInBackground(() -> {
                foreground.yieldToRequests();
                kept.save(study.id(), name, count, body);
            });
        } else {
            kept.defer(study.id(), name, count, body);
        }
    }

    /** Saves the views whose saves were deferred (the dashboard stops: the next one starts from the latest). */
    void flushKeptViews() {
        kept.flush();
    }

    /** @return {@link ChartViews#edf} of the COMPLETE trials as a JSON array (kept per generation) */
    String edfJson(StudyRecord study, long completeCount) {
        return get(study, completeCount).edfJson.get();
    }

    /** @return {@link #points} as a JSON array (kept for the default limit) */
    String pointsJson(StudyRecord study, long completeCount, int limit) {
        if (limit == ChartViews.DEFAULT_POINTS) {
            return storedOrKept(study, KeptViews.POINTS, completeCount, c -> c.defaultPointsJson.get());
        }
        ChartViews c = get(study, completeCount);
        return ChartViews.json(c.withParams(ChartViews.best(c.bestFirst.get(), limit)));
    }

    /**
     * @return {@link Importance} rows of the COMPLETE trials, categorical parameters told by their stored
     *     distribution; computed once per generation of the views, and in a large study that is growing
     *     only when {@link #importanceIsStale} says so (on a seeded sample of at most {@link Importance#MAX_SAMPLE} trials,
     *     and one more trial moves it by far less than its interval)
     */
    List<Map<String, Object>> importance(StudyRecord study, long completeCount) {
        ChartViews c = get(study, completeCount);
        KeptImportance kept = importance.get(study.id());
        if (kept != null && isFresh(kept, c)) {
            return kept.rows();
        }
        if (inBackground && kept != null && kept.runs() >= BACKGROUND_RUNS && c.runs.size() > kept.runs()) {
            if (ranking.add(study.id())) {
                runInBackground(() -> {
                    try {
                        foreground.yieldToRequests();
                        rank(study, completeCount, c, true);
                    } catch (RuntimeException e) {
                        // the kept ranking stays; the next call tries again
                    } finally {
                        ranking.remove(study.id());
                    }
                });
            }
            return kept.rows();
        }
        return rank(study, completeCount, c, false);
    }

    private boolean isFresh(KeptImportance kept, ChartViews c) {
        return kept.views() == c || !importanceIsStale(kept.runs(), c.runs.size(), System.nanoTime() - kept.atNanos());
    }

    /**
     * Computes and keeps the importance of the given views, once: a second caller waits for the first and takes its
     * answer. In the background ({@code later}) nothing is computed when a ranking of as many runs or more is kept.
     */
    private List<Map<String, Object>> rank(StudyRecord study, long completeCount, ChartViews c, boolean later) {
        synchronized (importanceLocks[Math.floorMod(Long.hashCode(study.id()), LOCK_STRIPES)]) {
            KeptImportance kept = importance.get(study.id());
            if (kept != null && (isFresh(kept, c) || later && kept.runs() >= c.runs.size())) {
                return kept.rows();
            }
            long now = System.nanoTime();
            Set<String> categorical = new TreeSet<>();
            distributions(study, completeCount).forEach((name, d) -> {
                if ("categorical".equals(d.get("type"))) {
                    categorical.add(name);
                }
            });
            boolean sampled = c.runs.size() > Importance.MAX_SAMPLE;
            Dists dists = dists(study);
            List<Map<String, Object>> rows = Importance.of(
                    c.withSampleParams(Importance.sampled(c.runs, Importance.MAX_SAMPLE),
                            maxKey -> chartValues(dists, store.sampledParams(study.id(), maxKey))),
                    categorical, sampled ? Importance.SAMPLED_RESAMPLES : Importance.RESAMPLES);
            importance.put(study.id(), new KeptImportance(c, c.runs.size(), now, rows));
            keep(study, KeptViews.IMPORTANCE, c.count, ChartViews.json(rows));
            return rows;
        }
    }

    /**
     * Computes a study's chart views in the background unless that is under way: the history, the value
     * distribution, the best points and importance, each unless kept. The study page's first call and the first
     * read of a study's trials start it, so that the chart calls that follow find their view computed or under way.
     * Each step starts when no request is being answered ({@link Foreground#yieldToRequests}), so that the calls a
     * user waits for do not share the cores with it; a call that needs a step not started computes it itself.
     */
    void prepare(StudyRecord study, long completeCount) {
        prepare(study, completeCount, false);
    }

    /**
     * @param afterStored whether stored views answer the calls meanwhile ({@link #stored}): then the work waits for a
     *     pause of {@link #QUIET} between requests (at most {@link #MAX_QUIET_WAIT}), so that its collections do not
     *     fall into the other first calls of the page
     */
    private void prepare(StudyRecord study, long completeCount, boolean afterStored) {
        if (!preparing.add(study.id())) {
            return;
        }
        runInBackground(() -> {
            try {
                if (afterStored) {
                    foreground.awaitQuiet(QUIET, MAX_QUIET_WAIT);
                }
                foreground.yieldToRequests();
                ChartViews v = get(study, completeCount);
                foreground.yieldToRequests();
                keep(study, KeptViews.HISTORY, v.count, historyBody(v, ChartViews.DEFAULT_HISTORY_POINTS));
                foreground.yieldToRequests();
                keep(study, KeptViews.POINTS, v.count, v.defaultPointsJson.get());
                foreground.yieldToRequests();
                importance(study, completeCount);
            } catch (RuntimeException e) {
                // the chart calls read the study themselves and report what fails
            } finally {
                preparing.remove(study.id());
            }
        });
    }

    /**
     * Whether importance computed over {@code keptRuns} COMPLETE runs {@code ageNanos} ago must be recomputed
     * for {@code nowRuns}: always below 1 000 runs (small studies are where one trial matters), else when the
     * count grew by 1 % or more, did not grow, or 10 s have passed.
     */
    static boolean importanceIsStale(int keptRuns, int nowRuns, long ageNanos) {
        return keptRuns < 1000 || nowRuns <= keptRuns || (nowRuns - keptRuns) * 100L >= keptRuns || ageNanos >= 10_000_000_000L;
    }

    /** The best {@code limit} COMPLETE runs ({@code id, number, value, params}), best first. */
    List<Slim> points(StudyRecord study, long completeCount, int limit) {
        ChartViews c = get(study, completeCount);
        return c.withParams(ChartViews.best(c.bestFirst.get(), limit));
    }

    /**
     * The search distribution of every chart parameter seen in the study's COMPLETE trials (simplex components
     * separately, see {@link ParamSpace}), by name in name order.
     */
    Map<String, Map<String, Object>> distributions(StudyRecord study, long completeCount) {
        ChartViews c = cache.get(study.id());
        if (inBackground && c == null && completeCount >= BACKGROUND_RUNS) {
            Dists named = dists(study);
            store.paramExamples(study.id()).values().forEach(p -> see(named, p));
            prepare(study, completeCount);
        } else {
            get(study, completeCount);
        }
        Dists d = distributions.get(study.id());
        return d == null ? Map.of() : new TreeMap<>(d.byName());
    }

    /**
     * Runs {@code work} on the background thread, counted in {@link #queued} until it has run: the executor's own
     * active count is zero for a moment between taking a task off its queue and starting it.
     */
    private void runInBackground(Runnable work) {
        queued.incrementAndGet();
        try {
            background.execute(() -> {
                try {
                    work.run();
                } finally {
                    queued.decrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            queued.decrementAndGet();
            throw e;
        }
    }

    /** Waits until the background work asked for so far is done (tests and the benchmark). */
    void awaitBackground() throws InterruptedException {
        while (queued.get() > 0 || !preparing.isEmpty() || !ranking.isEmpty()) {
            Thread.sleep(10);
        }
    }

    /** @return how many times a study's trials were read in full (the first read and any catch-up) */
    long fullReads() {
        return fullReads.get();
    }

    private ChartViews get(StudyRecord study, long completeCount) {
        ChartViews c = cache.get(study.id());
        distributions.get(study.id()); // keeps the study's distributions as recently used as its views
        if (c != null && c.count >= completeCount) {
            return c;
        }
        synchronized (locks[Math.floorMod(Long.hashCode(study.id()), LOCK_STRIPES)]) {
            c = cache.get(study.id());
            if (c != null && c.count >= completeCount) {
                return c;
            }
            ChartViews fresh = c == null ? null : incremental(study, c);
            boolean full = fresh == null || fresh.count < completeCount;
            if (full) {
                fresh = fullRead(study, c == null ? new ConcurrentHashMap<>() : c.params());
            }
            cache.put(study.id(), fresh);
            if (inBackground && full && fresh.runs.size() >= BACKGROUND_RUNS) {
                prepare(study, completeCount);
            }
            return fresh;
        }
    }

    /**
     * Every COMPLETE trial from the run table alone (no parameters: those of the trials a chart shows are read
     * later by id), and one stored parameter per name for the distributions.
     */
    private ChartViews fullRead(StudyRecord study, Map<Long, Map<String, Object>> params) {
        fullReads.incrementAndGet();
        Dists dists = dists(study);
        store.paramExamples(study.id()).values().forEach(p -> see(dists, p));
        Map<Long, Slim> byId = new HashMap<>();
        Instant[] watermark = {Instant.EPOCH};
        merge(byId, watermark, store.completeValues(study.id(), Instant.EPOCH), new ArrayList<>());
        return ChartViews.of(byId, watermark[0], study.direction(), params, ids -> readParams(dists, ids));
    }

    /**
     * The trials finished since the watermark (less the margin) merged into the kept ones: their run rows, then the
     * parameters of the new ones by id (their names may be new); above {@link #MAX_INCREMENTAL_PARAMS} new trials
     * (a catch-up) one stored parameter per name instead, the rest read when a chart shows them.
     */
    private ChartViews incremental(StudyRecord study, ChartViews c) {
        Map<Long, Slim> byId = c.byId; // shared with the kept generation, which keeps its count
        Instant[] watermark = {c.watermark};
        List<Slim> added = new ArrayList<>();
        Dists dists = dists(study);
        List<TrialPoint> since = store.completeValues(study.id(), c.watermark.minus(CLOCK_MARGIN));
        List<Long> fresh = since.stream().map(TrialPoint::runId).filter(id -> !byId.containsKey(id)).toList();
        if (fresh.size() <= MAX_INCREMENTAL_PARAMS) {
            c.params().putAll(readParams(dists, fresh));
        } else {
            store.paramExamples(study.id()).values().forEach(p -> see(dists, p));
        }
        merge(byId, watermark, since, added);
        return c.next(byId, watermark[0], added);
    }

    /** The chart values of some runs' parameters ({@link ChartViews.ParamLoader}), their names seen. */
    private Map<Long, Map<String, Object>> readParams(Dists dists, List<Long> ids) {
        return ids.isEmpty() ? new HashMap<>() : chartValues(dists, store.paramsOf(ids));
    }

    /** Stored parameters by run id as chart values by run id, their names seen. */
    private static Map<Long, Map<String, Object>> chartValues(Dists dists, Map<Long, Map<String, ParamValue>> stored) {
        Map<Long, Map<String, Object>> out = new HashMap<>();
        stored.forEach((id, ps) -> {
            ps.values().forEach(p -> see(dists, p));
            out.put(id, chartValues(ps.values()));
        });
        return out;
    }

    private static void see(Dists dists, ParamValue p) {
        if (dists.seen().add(p.name())) {
            dists.byName().putAll(ParamSpace.distributions(p));
        }
    }

    private Dists dists(StudyRecord study) {
        synchronized (distributions) {
            Dists d = distributions.get(study.id());
            if (d == null) {
                d = new Dists(ConcurrentHashMap.newKeySet(), new ConcurrentHashMap<>());
                distributions.put(study.id(), d);
            }
            return d;
        }
    }

    /**
     * Adds trials not yet kept (a kept trial never changes) and moves the watermark to the latest finish. The trials
     * come from {@link RunStore#completeValues}, without parameters: those are read by id ({@link #readParams}).
     */
    private static void merge(Map<Long, Slim> byId, Instant[] watermark, List<TrialPoint> trials, List<Slim> added) {
        for (TrialPoint t : trials) {
            if (!byId.containsKey(t.runId())) {
                Slim s = slim(t);
                byId.put(t.runId(), s);
                if (s != ChartViews.NOT_FINITE) {
                    added.add(s);
                }
            }
            if (t.finishedAt().isAfter(watermark[0])) {
                watermark[0] = t.finishedAt();
            }
        }
    }

    /** A kept trial, without parameters. */
    private static Slim slim(TrialPoint t) {
        return Double.isFinite(t.value()) ? new Slim(t.runId(), t.number(), t.value(), Map.of()) : ChartViews.NOT_FINITE;
    }

    /** Stored parameters as chart values ({@link ParamSpace#values}), by name. */
    private static Map<String, Object> chartValues(java.util.Collection<ParamValue> stored) {
        Map<String, Object> params = new LinkedHashMap<>();
        stored.stream().sorted(Comparator.comparing(ParamValue::name)).forEach(p -> params.putAll(ParamSpace.values(p)));
        return Collections.unmodifiableMap(params);
    }
}
