package dev.hyperforge.web;

import com.fasterxml.jackson.databind.util.RawValue;
import dev.hyperforge.tracker.Run;
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

    StudyApi(RunStore store) {
        this.store = store;
        this.analytics = new StudyAnalytics(store);
    }

    void list(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StudySummary s : store.listStudies()) {
            out.add(Views.study(s.study(), s));
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
        RunPage page = store.queryRuns(q);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", page.total());
        m.put("offset", page.offset());
        m.put("limit", q.limit());
        m.put("runs", page.runs().stream().map(Views::run).toList());
        ctx.json(m);
    }

    void history(Context ctx) {
        StudyRecord s = Requests.study(store, ctx);
        ctx.contentType("application/json").result("{\"direction\":\"" + s.direction().name() + "\",\"trials\":"
                + analytics.historyJson(s, complete(s)) + "}");
    }

    void importance(Context ctx) {
        StudyRecord s = Requests.study(store, ctx);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "epsilon-squared of objective ranks across parameter values (8 quantile bins for numbers),"
                + " normalised; main effects only");
        m.put("importances", analytics.importance(s, complete(s)));
        ctx.json(m);
    }

    void points(Context ctx) {
        StudyRecord s = Requests.study(store, ctx);
        int limit = Requests.intParam(ctx, "limit", ChartViews.DEFAULT_POINTS, 1, 20_000);
        StudySummary sum = summary(s);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("direction", s.direction().name());
        m.put("paramNames", names(s, sum).params());
        m.put("trials", new RawValue(
                analytics.pointsJson(s, sum.counts().get(TrialState.COMPLETE), limit)));
        ctx.json(m);
    }

    /** @return the study views and name lists kept between requests, for tests of their bounds */
    StudyAnalytics analytics() {
        return analytics;
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
