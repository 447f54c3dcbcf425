package dev.hyperforge.web;

import dev.hyperforge.tracker.RunPage;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.tracker.RunState;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.StudySummary;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/studies…}: the studies list, one study, its runs table and its charts' data. */
final class StudyApi {
    private final RunStore store;
    private final StudyAnalytics analytics;

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
        Map<String, Object> m = Views.study(s, summary(s));
        m.put("paramNames", store.paramNames(s.id()));
        m.put("metricNames", store.metricNames(s.id()).stream().filter(n -> !n.startsWith("step/")).toList());
        ctx.json(m);
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
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("direction", s.direction().name());
        m.put("trials", analytics.history(s, complete(s)));
        ctx.json(m);
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
        int limit = Requests.intParam(ctx, "limit", 2000, 1, 20_000);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("direction", s.direction().name());
        m.put("paramNames", store.paramNames(s.id()));
        m.put("trials", analytics.points(s, complete(s), limit));
        ctx.json(m);
    }

    private StudySummary summary(StudyRecord s) {
        return store.listStudies().stream().filter(x -> x.study().id() == s.id()).findFirst().orElse(null);
    }

    private long complete(StudyRecord s) {
        StudySummary sum = summary(s);
        return sum == null ? 0 : sum.counts().get(RunState.COMPLETE);
    }
}
