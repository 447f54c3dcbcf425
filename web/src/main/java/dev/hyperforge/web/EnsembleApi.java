package dev.hyperforge.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hyperforge.tracker.EnsembleRecord;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.web.ensemble.EnsembleData;
import dev.hyperforge.web.ensemble.EnsembleMath;
import dev.hyperforge.web.ensemble.EnsembleMethod;
import dev.hyperforge.web.ensemble.EnsembleResult;
import dev.hyperforge.web.ensemble.EnsembleService;
import dev.hyperforge.web.ensemble.Evaluation;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ensemble builder endpoints: candidates of a study, evaluation with a method, saving, listing, deleting. */
final class EnsembleApi {
    private final RunStore store;
    private final EnsembleService service;

    EnsembleApi(RunStore store, EnsembleService service) {
        this.store = store;
        this.service = service;
    }

    void candidates(Context ctx) {
        StudyRecord s = Requests.study(store, ctx);
        int top = Requests.intParam(ctx, "top", 10, 1, EnsembleService.MAX_MEMBERS);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Run r : candidateRuns(ctx, s, top)) {
            Map<String, Object> m = Views.run(r);
            boolean has = service.hasPredictions(r.id());
            m.put("hasPredictions", has);
            if (has) {
                try {
                    EnsembleData d = service.load(List.of(r.id()));
                    m.put("validation", Views.evaluation(EnsembleMath.evaluate(d, new double[] {1})));
                } catch (IllegalArgumentException e) {
                    m.put("hasPredictions", false);
                    m.put("problem", e.getMessage());
                }
            }
            out.add(m);
        }
        ctx.json(Map.of("studyId", s.id(), "direction", s.direction().name(), "candidates", out));
    }

    private List<Run> candidateRuns(Context ctx, StudyRecord s, int top) {
        String raw = ctx.queryParam("runs");
        if (raw == null || raw.isBlank()) {
            return service.topRuns(s.id(), top);
        }
        List<Long> ids = Requests.idList(raw, "runs");
        if (ids.size() > EnsembleService.MAX_MEMBERS) {
            throw ApiException.badRequest("at most " + EnsembleService.MAX_MEMBERS + " runs, received " + ids.size());
        }
        List<Run> runs = new ArrayList<>();
        for (long id : ids) {
            Run r = Requests.run(store, id);
            if (r.studyId() != s.id()) {
                throw ApiException.badRequest("run " + id + " belongs to study " + r.studyId() + ", not " + s.id());
            }
            runs.add(r);
        }
        return runs;
    }

    void evaluate(Context ctx) {
        ctx.json(result(compute(Bodies.json(ctx))));
    }

    void save(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual()) {
            throw ApiException.badRequest("body needs \"name\": a name for the ensemble");
        }
        EnsembleResult r = compute(body);
        EnsembleRecord saved = service.save(name.asText(), r);
        Map<String, Object> out = result(r);
        out.put("saved", Views.saved(saved));
        ctx.status(201).json(out);
    }

    void list(Context ctx) {
        StudyRecord s = Requests.study(store, ctx);
        ctx.json(service.list(s.id()).stream().map(Views::saved).toList());
    }

    void delete(Context ctx) {
        StudyRecord s = Requests.study(store, ctx);
        service.delete(s.id(), ctx.pathParam("name"));
        ctx.status(204);
    }

    private EnsembleResult compute(JsonNode body) {
        JsonNode runs = body.get("runs");
        if (runs == null || !runs.isArray() || runs.isEmpty()) {
            throw ApiException.badRequest("body needs \"runs\": an array of run ids, e.g. [3, 5, 7]");
        }
        List<Long> ids = new ArrayList<>();
        for (JsonNode n : runs) {
            if (!n.canConvertToLong() || !n.isIntegralNumber()) {
                throw ApiException.badRequest("\"runs\" must hold integer run ids, received " + n);
            }
            ids.add(n.asLong());
        }
        JsonNode m = body.get("method");
        EnsembleMethod method = EnsembleMethod.parse(m == null ? "equal" : m.asText());
        double[] weights = null;
        JsonNode w = body.get("weights");
        if (w != null && !w.isNull()) {
            if (!w.isArray()) {
                throw ApiException.badRequest("\"weights\" must be an array of numbers");
            }
            weights = new double[w.size()];
            for (int i = 0; i < w.size(); i++) {
                if (!w.get(i).isNumber()) {
                    throw ApiException.badRequest("\"weights\" must be numbers, received " + w.get(i));
                }
                weights[i] = w.get(i).asDouble();
            }
        }
        EnsembleService.Options d = EnsembleService.Options.defaults();
        int rounds = intField(body, "rounds", d.rounds(), 1, 1000);
        int trials = intField(body, "trials", d.trials(), 1, 500);
        return service.build(ids, method, weights, new EnsembleService.Options(rounds, trials, d.seed()));
    }

    private static int intField(JsonNode body, String name, int dflt, int min, int max) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isIntegralNumber() || n.asInt() < min || n.asInt() > max) {
            throw ApiException.badRequest("\"" + name + "\" must be an integer in " + min + ".." + max + ", received "
                    + n);
        }
        return n.asInt();
    }

    private Map<String, Object> result(EnsembleResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("studyId", r.studyId());
        out.put("method", r.method().key());
        List<Map<String, Object>> members = new ArrayList<>();
        for (int i = 0; i < r.members().size(); i++) {
            long id = r.members().get(i);
            Run run = service.run(id);
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("runId", id);
            mm.put("number", run.number());
            mm.put("name", run.tags().get(Views.NAME_TAG));
            mm.put("weight", r.evaluation().weights()[i]);
            mm.put("validation", Views.evaluation(r.singles().get(id)));
            members.add(mm);
        }
        out.put("members", members);
        out.put("ensemble", Views.evaluation(r.evaluation()));
        Evaluation best = r.bestSingle();
        out.put("bestSingle", Map.of("runId", r.bestSingleRunId(), "validation", Views.evaluation(best)));
        Map<String, Object> baselines = new LinkedHashMap<>();
        r.baselines().forEach((k, v) -> baselines.put(k, Views.evaluation(v)));
        out.put("baselines", baselines);
        out.put("improvement", r.evaluation().score().higherIsBetter()
                ? r.evaluation().score().value() - best.score().value()
                : best.score().value() - r.evaluation().score().value());
        return out;
    }
}
