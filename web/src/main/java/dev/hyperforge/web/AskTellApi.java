package dev.hyperforge.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/studies/{id}/ask}, {@code POST /api/runs/{id}/tell} and {@code POST /api/runs/{id}/metrics}: a
 * study driven from outside, over HTTP. Requests are checked here (JSON bodies only, known fields, finite numbers)
 * before the {@link AskTell} service writes anything.
 */
final class AskTellApi {
    /** Most points in one metrics batch (MLflow's log-batch limit). */
    static final int MAX_POINTS = 1000;
    private static final int MAX_ERROR = 10_000;
    private final dev.hyperforge.tracker.RunStore store;
    private final AskTell service;

    AskTellApi(dev.hyperforge.tracker.RunStore store, AskTell service) {
        this.store = store;
        this.service = service;
    }

    private AskTell service() {
        if (service == null) {
            throw ApiException.notFound("this server does not drive studies from outside; hf serve does");
        }
        return service;
    }

    void ask(Context ctx) {
        StudyRecord s = Requests.study(store, ctx);
        onlyFields(Bodies.json(ctx), Set.of());
        AskTell.Asked a = service().ask(s.id());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("study", a.study());
        out.put("trial", a.trial());
        out.put("run", a.run());
        out.put("params", a.params());
        ctx.status(201).json(out);
    }

    void tell(Context ctx) {
        Run r = Requests.run(store, Requests.pathId(ctx, "runId", "run"));
        AskTell.Outcome outcome = outcome(Bodies.json(ctx));
        Run done = service().tell(r.id(), outcome);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run", done.id());
        out.put("trial", done.number());
        out.put("state", done.state().name());
        out.put("value", done.value());
        if (done.values().size() > 1) {
            out.put("values", done.values());
        }
        out.put("error", done.error());
        ctx.json(out);
    }

    void metrics(Context ctx) {
        Run r = Requests.run(store, Requests.pathId(ctx, "runId", "run"));
        List<MetricPoint> points = points(Bodies.json(ctx));
        boolean prune = service().log(r.id(), points);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run", r.id());
        out.put("logged", points.size());
        out.put("prune", prune);
        ctx.json(out);
    }

    static AskTell.Outcome outcome(JsonNode body) {
        onlyFields(body, Set.of("value", "values", "state", "error"));
        String usage = "; send {\"value\": 0.91}, {\"values\": [0.8, 0.12]} (a multi-objective study), {\"state\": \"PRUNED\"}"
                + " or {\"state\": \"FAILED\", \"error\": \"why\"}";
        JsonNode st = body.get("state");
        TrialState state;
        if (st == null || st.isNull()) {
            state = TrialState.COMPLETE;
        } else if (st.isTextual() && Set.of("COMPLETE", "PRUNED", "FAILED").contains(st.asText().toUpperCase(Locale.ROOT))) {
            state = TrialState.valueOf(st.asText().toUpperCase(Locale.ROOT));
        } else {
            throw ApiException.badRequest("state must be COMPLETE, PRUNED or FAILED, received " + abbrev(st.toString()) + usage);
        }
        JsonNode v = body.get("value");
        JsonNode vs = body.get("values");
        JsonNode err = body.get("error");
        if (vs != null && !vs.isNull()) {
            if (v != null) {
                throw ApiException.badRequest("send value or values, not both" + usage);
            }
            if (state != TrialState.COMPLETE) {
                throw ApiException.badRequest("a " + state + " trial takes no values" + usage);
            }
            return AskTell.Outcome.complete(values(vs, usage));
        }
        if (state == TrialState.COMPLETE) {
            if (v == null || !v.isNumber()) {
                throw ApiException.badRequest("a COMPLETE trial needs a numeric value, received " + (v == null ? "none" : abbrev(v.toString())) + usage);
            }
            return AskTell.Outcome.complete(finite(v, "value"));
        }
        if (v != null && !v.isNull()) {
            throw ApiException.badRequest("a " + state + " trial takes no value (a PRUNED one keeps its last reported objective)" + usage);
        }
        if (state == TrialState.PRUNED) {
            if (err != null && !err.isNull()) {
                throw ApiException.badRequest("a PRUNED trial takes no error" + usage);
            }
            return AskTell.Outcome.pruned();
        }
        if (err == null || !err.isTextual() || err.asText().isBlank() || err.asText().length() > MAX_ERROR) {
            throw ApiException.badRequest("a FAILED trial needs an error text of 1.." + MAX_ERROR + " characters" + usage);
        }
        return AskTell.Outcome.failed(err.asText());
    }

    private static List<Double> values(JsonNode vs, String usage) {
        if (!vs.isArray() || vs.isEmpty()) {
            throw ApiException.badRequest("values must be a non-empty array of numbers, one per objective, received "
                    + abbrev(vs.toString()) + usage);
        }
        List<Double> out = new java.util.ArrayList<>();
        for (int i = 0; i < vs.size(); i++) {
            if (!vs.get(i).isNumber()) {
                throw ApiException.badRequest("values[" + i + "] must be a number, received " + abbrev(vs.get(i).toString()) + usage);
            }
            out.add(finite(vs.get(i), "values[" + i + "]"));
        }
        return out;
    }

    static List<MetricPoint> points(JsonNode body) {
        onlyFields(body, Set.of("metrics"));
        JsonNode list = body.get("metrics");
        String usage = "; send {\"metrics\": [{\"name\": \"val_loss\", \"step\": 2, \"value\": 0.31}]}";
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_POINTS) {
            throw ApiException.badRequest("metrics must be a list of 1.." + MAX_POINTS + " points" + usage);
        }
        List<MetricPoint> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(point(list.get(i), "metrics[" + i + "]", usage));
        }
        return out;
    }

    private static MetricPoint point(JsonNode p, String where, String usage) {
        if (!p.isObject()) {
            throw ApiException.badRequest(where + " must be an object" + usage);
        }
        onlyFields(p, Set.of("name", "key", "step", "value", "timestamp"), where);
        JsonNode name = p.has("name") ? p.get("name") : p.get("key");
        JsonNode step = p.get("step");
        JsonNode value = p.get("value");
        JsonNode ts = p.get("timestamp");
        if (name == null || !name.isTextual()) {
            throw ApiException.badRequest(where + ".name must be a metric name" + usage);
        }
        if (step != null && !(step.isIntegralNumber() && step.canConvertToLong() && step.asLong() >= 0)) {
            throw ApiException.badRequest(where + ".step must be an integer >= 0, received " + abbrev(step.toString()) + usage);
        }
        if (value == null || !value.isNumber()) {
            throw ApiException.badRequest(where + ".value must be a number" + usage);
        }
        if (ts != null && !(ts.isIntegralNumber() && ts.canConvertToLong() && ts.asLong() >= 0)) {
            throw ApiException.badRequest(where + ".timestamp must be milliseconds since 1970 (an integer)" + usage);
        }
        try {
            return new MetricPoint(name.asText(), step == null ? 0 : step.asLong(), finite(value, where + ".value"),
                    ts == null ? Instant.now() : Instant.ofEpochMilli(ts.asLong()));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(where + ": " + e.getMessage());
        }
    }

    private static double finite(JsonNode v, String what) {
        double d = v.asDouble();
        if (!Double.isFinite(d)) {
            throw ApiException.badRequest(what + " must be a finite number, received " + abbrev(v.toString()));
        }
        return d;
    }

    private static void onlyFields(JsonNode body, Set<String> allowed) {
        onlyFields(body, allowed, "the body");
    }

    private static void onlyFields(JsonNode body, Set<String> allowed, String where) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw ApiException.badRequest(where + " has an unknown field '" + abbrev(f) + "'; allowed: "
                        + (allowed.isEmpty() ? "none (send {})" : new java.util.TreeSet<>(allowed)));
            }
        }
    }

    private static String abbrev(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
