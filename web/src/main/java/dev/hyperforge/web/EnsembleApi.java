package dev.hyperforge.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hyperforge.ensemble.EnsembleMethod;
import dev.hyperforge.ensemble.EnsembleResult;
import dev.hyperforge.ensemble.EnsembleService;
import dev.hyperforge.ensemble.Evaluation;
import dev.hyperforge.ensemble.Scoring;
import dev.hyperforge.tracker.EnsembleRecord;
import dev.hyperforge.tracker.ObjectiveNames;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ensemble builder endpoints: candidates of a study, evaluation with a method, saving, listing, deleting. Only HTTP
 * lives here (parse the request, call {@link EnsembleService} of the ensemble module, serialise its answer); the
 * selection, weights and scoring are the ensemble module's.
 */
final class EnsembleApi {
    private final RunStore store;
    private final EnsembleService service;
    private final ObjectiveName objective;

    EnsembleApi(RunStore store, EnsembleService service) {
        this.store = store;
        this.service = service;
        this.objective = new ObjectiveName(store);
    }

    /** The candidates, scored as {@code score=} asks (default: the study objective), with the scores to choose. */
    void candidates(Context ctx) {
        StudyRecord s = Requests.study(store, ctx);
        int top = Requests.intParam(ctx, "top", 10, 1, EnsembleService.MAX_MEMBERS);
        String raw = ctx.queryParam("runs");
        List<Long> ids = raw == null || raw.isBlank() ? List.of() : Requests.idList(raw, "runs");
        EnsembleService.Options options = EnsembleService.Options.defaults()
                .scoredBy(Scoring.parse(ctx.queryParam("score")), objectiveOf(s));
        List<EnsembleService.Candidate> candidates = service.candidates(s.id(), ids, top, options);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("studyId", s.id());
        body.put("direction", s.direction().name());
        body.put("objective", options.objective());
        candidates.stream().filter(EnsembleService.Candidate::hasPredictions).findFirst().ifPresent(c -> {
            EnsembleService.Scorings sc = service.scorings(c.run().id(), options);
            body.put("scoring", scoring(sc.used(), sc.outputs()));
            body.put("objectiveScoring", sc.objective() == null ? null : scoring(sc.objective(), sc.outputs()));
            body.put("scorings", sc.choices().stream().map(x -> scoring(x, sc.outputs())).toList());
        });
        body.put("candidates", candidateViews(candidates));
        ctx.json(body);
    }

    private static List<Map<String, Object>> candidateViews(List<EnsembleService.Candidate> candidates) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (EnsembleService.Candidate c : candidates) {
            Map<String, Object> m = Views.run(c.run());
            m.put("hasPredictions", c.hasPredictions());
            if (c.hasPredictions()) {
                m.put("validation", Views.evaluation(c.validation()));
            }
            if (c.problem() != null) {
                m.put("problem", c.problem());
            }
            out.add(m);
        }
        return out;
    }

    /** A scoring for the page: its key, words and direction. */
    private static Map<String, Object> scoring(Scoring sc, int outputs) {
        return Map.of("key", sc.key(), "label", sc.describe(outputs), "higherIsBetter", sc.higherIsBetter());
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
        int rounds = intField(body, "rounds", d.rounds(), 1, EnsembleService.Options.MAX_ROUNDS);
        int trials = intField(body, "trials", d.trials(), 1, EnsembleService.Options.MAX_TRIALS);
        JsonNode score = body.get("score");
        StudyRecord study = store.study(service.run(ids.get(0)).studyId());
        return service.build(ids, method, weights, new EnsembleService.Options(rounds, trials, d.seed())
                .scoredBy(Scoring.parse(score == null || score.isNull() ? null : score.asText()),
                        objectiveOf(study)));
    }

    /** The objective metric: the study's, or the first objective's of a multi-objective study (a run's value). */
    private String objectiveOf(StudyRecord s) {
        return objective.of(s).orElseGet(() -> s.directions().size() > 1
                ? ObjectiveNames.of(store, s).get(0) : null);
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
        out.put("improvement", r.improvement());
        out.put("scoring", scoring(r.scoring(), r.evaluation().outputs().size()));
        out.put("heldOut", r.heldOut() == null ? null : Map.of("value", r.heldOut().score().value(),
                "name", r.heldOut().score().name(), "higherIsBetter", r.heldOut().score().higherIsBetter(),
                "folds", r.heldOut().folds(), "rows", r.heldOut().rows()));
        return out;
    }
}
