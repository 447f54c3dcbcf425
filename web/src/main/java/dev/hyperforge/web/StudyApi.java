package dev.hyperforge.web;

import com.fasterxml.jackson.databind.util.RawValue;
import dev.hyperforge.tracker.ObjectiveNames;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.StudyFront;
import dev.hyperforge.tracker.RunPage;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.StudySummary;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code /api/studies…}: the studies list, one study, its runs table and its charts' data.
 *
 * <p>A study's parameter and metric names are read from the whole study (two DISTINCT queries) at most every
 * {@link #NAMES_TTL} and only after its counts per state changed; at each poll they are merged with the names its
 * RUNNING trials have logged so far (one indexed query over the few running trials) and kept, so a metric a running
 * trial starts to log shows at the next poll without waiting for it to finish, and the live poll of a large study
 * stays a few small queries. The names of at most {@link #MAX_NAMED_STUDIES} studies are kept, least recently used
 * first out.
 */
final class StudyApi {
    private record Names(Map<TrialState, Long> counts, List<String> params, List<String> metrics, long readNanos) {
    }

    /** How long the names read from the whole study are kept once its counts changed. */
    static final Duration NAMES_TTL = Duration.ofSeconds(10);

    /** The most RUNNING trials whose names are merged at each poll. */
    private static final int MAX_RUNNING_SCANNED = 200;
    private final RunStore store;
    private final StudyAnalytics analytics;
    /** The most studies whose names are kept (least recently used first out). */
    static final int MAX_NAMED_STUDIES = 256;
    private final BoundedCache<Long, Names> names = new BoundedCache<>(MAX_NAMED_STUDIES);
    private final ObjectiveName objective;
    private final TableColumns columns;

    StudyApi(RunStore store) {
        this(store, Foreground.NONE);
    }

    /** @param foreground the requests in flight, which the background reads of the views yield to */
    StudyApi(RunStore store, Foreground foreground) {
        this.store = store;
        this.analytics = new StudyAnalytics(store, foreground);
        this.objective = new ObjectiveName(store);
        this.columns = new TableColumns(store, foreground);
    }

    void list(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StudySummary s : store.listStudies()) {
            Map<String, Object> m = Views.study(s.study(), s);
            m.put("objectiveMetric", objective.of(s.study()).orElse(null));
            out.add(m);
        }
        ctx.json(out);
    }

    void get(Context ctx) {
        StudyRecord s = Requests.study(store, ctx);
        StudySummary sum = summary(s);
        Names n = names(s, sum);
        Map<String, Object> m = Views.study(s, sum);
        m.put("paramNames", n.params());
        m.put("metricNames", n.metrics());
        m.put("objectiveMetric", objective.of(s).orElse(null));
        m.put("distributions", analytics.distributions(s, sum.counts().get(TrialState.COMPLETE)));
        m.put("objectives", ObjectiveNames.of(store, s));
        ctx.json(m);
    }

    /**
     * The Pareto front of a study ({@link StudyFront}): every COMPLETE trial's values, whether it is feasible and on
     * the front, the front's run ids, the hypervolume, its reference point and its curve over the trials.
     */
    void front(Context ctx) {
        StudyRecord s = Requests.study(store, ctx);
        List<Run> runs = store.listRuns(s.id(), java.util.Set.of(TrialState.COMPLETE));
        List<dev.hyperforge.search.FrozenTrial> trials = runs.stream().map(Run::trial).toList();
        StudyFront f = StudyFront.of(s.directions(), trials);
        List<Map<String, Object>> points = new ArrayList<>();
        for (Run r : runs) {
            Map<String, Object> p = new java.util.LinkedHashMap<>();
            p.put("run", r.id());
            p.put("number", r.number());
            p.put("name", r.tags().get(Views.NAME_TAG));
            p.put("values", r.values());
            p.put("feasible", dev.hyperforge.search.Constraints.feasible(r.trial()));
            p.put("front", f.contains(r.id()));
            points.add(p);
        }
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("directions", s.directions().stream().map(Enum::name).toList());
        m.put("objectives", ObjectiveNames.of(store, s));
        m.put("front", f.members().stream().map(dev.hyperforge.search.FrozenTrial::id).toList());
        m.put("hypervolume", f.hypervolume());
        m.put("reference", f.reference());
        m.put("hypervolumeCurve", f.hypervolumeOverTrials(trials));
        m.put("trials", points);
        ctx.json(m);
    }

    private Names names(StudyRecord s, StudySummary sum) {
        Names n = names.get(s.id());
        long now = System.nanoTime();
        if (n == null || (!n.counts().equals(sum.counts()) && now - n.readNanos() > NAMES_TTL.toNanos())) {
            n = new Names(sum.counts(), store.paramNames(s.id()), metricNames(store.metricNames(s.id())), now);
        }
        if (sum.counts().get(TrialState.RUNNING) > 0) {
            n = withRunning(s, n);
        }
        names.put(s.id(), n);
        return n;
    }

    /**
     * Adds the names the RUNNING trials have logged since the kept names were read, so a metric a running trial
     * starts to log shows at the next poll (one indexed query over the few running trials).
     */
    private Names withRunning(StudyRecord s, Names kept) {
        TreeSet<String> params = new TreeSet<>(kept.params());
        TreeSet<String> metrics = new TreeSet<>(kept.metrics());
        RunQuery running = RunQuery.forStudy(s.id()).states(TrialState.RUNNING).page(0, MAX_RUNNING_SCANNED).build();
        for (Run r : store.queryRuns(running).runs()) {
            params.addAll(r.params().keySet());
            metrics.addAll(metricNames(r.lastMetrics().keySet()));
        }
        if (params.size() == kept.params().size() && metrics.size() == kept.metrics().size()) {
            return kept;
        }
        return new Names(kept.counts(), List.copyOf(params), List.copyOf(metrics), kept.readNanos());
    }

    private static List<String> metricNames(Collection<String> all) {
        return all.stream().filter(x -> !x.startsWith("step/")).sorted().toList();
    }

    void runs(Context ctx) {
        StudyRecord s = Requests.study(store, ctx);
        RunQuery q = Requests.runQuery(ctx, s.id());
        StudySummary sum = summary(s);
        columns.prefetch(s.id(), sum);
        RunPage page = TableQuery.page(store, q, () -> analytics.distributions(s, sum.counts().get(TrialState.COMPLETE)),
                () -> columns.snapshot(s.id(), sum));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", page.total());
        m.put("offset", page.offset());
        m.put("limit", q.limit());
        m.put("runs", page.runs().stream().map(Views::run).toList());
        ctx.json(m);
    }

    /**
     * The optimisation history: {@code trials} holds at most {@code maxPoints} (default
     * {@link ChartViews#DEFAULT_HISTORY_POINTS}) of the COMPLETE trials, thinned as {@link HistorySample} says;
     * {@code total} is how many there are and {@code sampled} whether some were left out; {@code edf} is the
     * empirical distribution of all of them ({@link ChartViews#edf}).
     */
    void history(Context ctx) {
        StudyRecord s = Requests.study(store, ctx);
        int max = Requests.intParam(ctx, "maxPoints", ChartViews.DEFAULT_HISTORY_POINTS, 4, 1_000_000);
        long n = complete(s);
        ctx.contentType("application/json").result("{\"direction\":\"" + s.direction().name() + "\",\"objectiveMetric\":"
                + ChartViews.json(objective.of(s).orElse(null)) + "," + analytics.historyBody(s, n, max) + "}");
    }

    void importance(Context ctx) {
        StudyRecord s = Requests.study(store, ctx);
        long n = complete(s);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "rank correlation with the objective (adjusted |Spearman rho|, or a peaked rank fit;"
                + " categorical: correlation ratio of ranks), 0..1, not normalised; 90% bootstrap interval");
        if (n > Importance.MAX_SAMPLE) {
            m.put("method", m.get("method") + "; ranked on a seeded sample of " + Importance.MAX_SAMPLE + " of the " + n
                    + " trials (the rows' trials); the interval from " + Importance.SAMPLED_RESAMPLES + " bootstrap"
                    + " resamples of " + Importance.MAX_RESAMPLE + " of the sample's trials, so it shows the spread of"
                    + " a " + Importance.MAX_RESAMPLE + "-trial ranking, wider than the sample's own error");
        }
        m.put("trials", n);
        m.put("sampledTrials", Math.min(n, Importance.MAX_SAMPLE));
        m.put("minTrials", Importance.MIN_TRIALS);
        m.put("warning", n < Importance.MIN_TRIALS ? "needs >= " + Importance.MIN_TRIALS + " COMPLETE trials for a"
                + " stable ranking (has " + n + "): read the intervals, not the order" : null);
        m.put("importances", new RawValue(analytics.importanceJson(s, n)));
        ctx.json(m);
    }

    void points(Context ctx) {
        StudyRecord s = Requests.study(store, ctx);
        int limit = Requests.intParam(ctx, "limit", ChartViews.DEFAULT_POINTS, 1, ChartViews.MAX_POINTS);
        StudySummary sum = summary(s);
        Map<String, Object> m = new LinkedHashMap<>();
        long complete = sum.counts().get(TrialState.COMPLETE);
        Map<String, Map<String, Object>> dists = analytics.distributions(s, complete);
        m.put("direction", s.direction().name());
        m.put("objectiveMetric", objective.of(s).orElse(null));
        m.put("paramNames", List.copyOf(dists.keySet()));
        m.put("distributions", dists);
        m.put("trials", new RawValue(
                analytics.pointsJson(s, complete, limit)));
        ctx.json(m);
    }

    /**
     * The latest {@code limit} trials of every state (default 300) for the intermediate-values chart, the timeline
     * and the pruned trials of the history: id, number, state, value, start and finish, the worker (tag
     * {@code worker}) and the intermediate values as {@code [step, value]} pairs. {@code state=RUNNING} keeps only
     * the running trials: the live poll reads just those while the trial count stays the same.
     */
    void trials(Context ctx) {
        StudyRecord s = Requests.study(store, ctx);
        int limit = Requests.intParam(ctx, "limit", 300, 1, 5_000);
        RunQuery.Builder b = RunQuery.forStudy(s.id());
        if ("RUNNING".equalsIgnoreCase(ctx.queryParam("state"))) {
            b.states(TrialState.RUNNING);
        } else if (ctx.queryParam("state") != null) {
            throw ApiException.badRequest("state may only be RUNNING (or left out for every state), received '"
                    + ctx.queryParam("state") + "'");
        }
        RunQuery q = b.sortBy(RunQuery.SortField.NUMBER, true).page(0, limit).build();
        RunPage page = store.queryRuns(q);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Run r : page.runs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("number", r.number());
            m.put("state", r.state().name());
            m.put("value", r.value());
            m.put("startedAt", Views.millis(r.startedAt()));
            m.put("finishedAt", Views.millis(r.finishedAt()));
            m.put("worker", r.tags().get("worker"));
            m.put("intermediate", r.intermediateValues().entrySet().stream()
                    .map(e -> new double[] {e.getKey(), e.getValue()}).toList());
            out.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("direction", s.direction().name());
        m.put("objectiveMetric", objective.of(s).orElse(null));
        m.put("total", page.total());
        m.put("now", System.currentTimeMillis());
        m.put("trials", out);
        ctx.json(m);
    }

    /** @return the study views and name lists kept between requests, for tests of their bounds */
    StudyAnalytics analytics() {
        return analytics;
    }

    /** @return the trial table's kept columns, for tests and the benchmark */
    TableColumns columns() {
        return columns;
    }

    /** @return how many studies' names are kept */
    int namedStudies() {
        return names.size();
    }

    private StudySummary summary(StudyRecord s) {
        return store.studySummary(s.id());
    }

    private long complete(StudyRecord s) {
        return summary(s).counts().get(TrialState.COMPLETE);
    }
}
