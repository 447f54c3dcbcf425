package dev.hyperforge.web;

import dev.hyperforge.ensemble.Evaluation;
import dev.hyperforge.ensemble.OutputMetrics;
import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.EnsembleRecord;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.StudySummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON shapes of the API (maps and lists; times as epoch milliseconds). */
final class Views {
    /** Tag that names a run in the dashboard. */
    static final String NAME_TAG = "name";

    private Views() {
    }

    static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    static Map<String, Object> study(StudyRecord s, StudySummary summary) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("direction", s.direction().name());
        m.put("directions", s.directions().stream().map(Enum::name).toList());
        m.put("sampler", s.samplerName());
        m.put("samplerSettings", s.samplerSettingsJson());
        m.put("seed", s.seed());
        m.put("createdAt", millis(s.createdAt()));
        if (summary != null) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (TrialState st : TrialState.values()) {
                counts.put(st.name(), summary.counts().get(st));
            }
            m.put("counts", counts);
            m.put("total", summary.total());
            m.put("bestValue", summary.bestValue());
        }
        return m;
    }

    static Map<String, Object> run(Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("studyId", r.studyId());
        m.put("number", r.number());
        m.put("name", r.tags().get(NAME_TAG));
        m.put("state", r.state().name());
        m.put("value", r.value());
        m.put("values", r.values());
        Map<String, Object> params = new LinkedHashMap<>();
        r.params().forEach((k, v) -> params.put(k, v.value()));
        m.put("params", params);
        Map<String, Double> metrics = new LinkedHashMap<>();
        r.lastMetrics().forEach((k, v) -> {
            if (!k.startsWith("step/")) {
                metrics.put(k, v.value());
            }
        });
        m.put("metrics", metrics);
        m.put("startedAt", millis(r.startedAt()));
        m.put("finishedAt", millis(r.finishedAt()));
        m.put("durationMs", r.startedAt() == null ? null
                : (r.finishedAt() == null ? Instant.now() : r.finishedAt()).toEpochMilli() - r.startedAt().toEpochMilli());
        return m;
    }

    static Map<String, Object> runDetail(Run r, StudyRecord study, Provenance p, List<Artifact> artifacts) {
        Map<String, Object> m = run(r);
        m.put("studyName", study.name());
        m.put("direction", study.direction().name());
        Map<String, Object> types = new LinkedHashMap<>();
        for (ParamValue pv : r.params().values()) {
            types.put(pv.name(), Map.of("type", pv.type().name(), "distribution", pv.distributionJson()));
        }
        m.put("paramTypes", types);
        m.put("tags", r.tags());
        m.put("note", r.note());
        m.put("error", r.error());
        m.put("heartbeatAt", millis(r.heartbeatAt()));
        m.put("intermediate", r.intermediateValues());
        m.put("systemAttrs", r.systemAttrsJson());
        m.put("provenance", p == null ? null : provenance(p));
        List<Map<String, Object>> arts = new ArrayList<>();
        for (Artifact a : artifacts) {
            Map<String, Object> am = new LinkedHashMap<>();
            am.put("id", a.id());
            am.put("name", a.name());
            am.put("kind", a.kind().name());
            am.put("mediaType", a.mediaType());
            am.put("sizeBytes", a.sizeBytes());
            am.put("sha256", a.sha256());
            am.put("createdAt", millis(a.createdAt()));
            arts.add(am);
        }
        m.put("artifacts", arts);
        return m;
    }

    /**
     * Adds {@code missing: true/false} to each artifact of a run detail: whether its object is gone from its
     * store (deleted behind the tracker's back), so the page can say so with the expected hash.
     *
     * @param detail the map of {@link #runDetail}
     * @param artifacts the same artifacts, in the same order
     * @param missing whether an artifact's object is gone
     */
    @SuppressWarnings("unchecked")
    static void markMissing(Map<String, Object> detail, List<Artifact> artifacts, java.util.function.Predicate<Artifact> missing) {
        List<Map<String, Object>> arts = (List<Map<String, Object>>) detail.get("artifacts");
        for (int i = 0; i < arts.size(); i++) {
            arts.get(i).put("missing", missing.test(artifacts.get(i)));
        }
    }

    static Map<String, Object> provenance(Provenance p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experimentSha256", p.experimentSha256());
        m.put("experimentText", p.experimentText());
        m.put("resolvedConfig", p.resolvedConfigJson());
        m.put("seeds", p.seeds());
        m.put("dataSha256", p.dataSha256());
        m.put("codeVersion", p.codeVersion());
        m.put("codeDirty", p.codeDirty());
        m.put("java", p.javaVersion() + " (" + p.javaVendor() + ")");
        m.put("os", p.osName() + " " + p.osArch());
        m.put("nd4j", p.nd4jBackend() + " " + p.nd4jClassifier());
        m.put("threads", p.threads());
        m.put("host", p.hostName());
        return m;
    }

    static List<double[]> points(List<MetricPoint> history) {
        List<double[]> out = new ArrayList<>(history.size());
        for (MetricPoint p : history) {
            out.add(new double[] {p.step(), p.value()});
        }
        return out;
    }

    static Map<String, Object> evaluation(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("weights", e.weights());
        m.put("score", Map.of("name", e.score().name(), "value", e.score().value(),
                "higherIsBetter", e.score().higherIsBetter()));
        List<Map<String, Object>> outs = new ArrayList<>();
        for (OutputMetrics o : e.outputs()) {
            Map<String, Object> om = new LinkedHashMap<>();
            om.put("output", o.output());
            om.put("task", o.task().name());
            om.put("accuracy", o.accuracy());
            om.put("logLoss", o.logLoss());
            om.put("mse", o.mse());
            om.put("mae", o.mae());
            outs.add(om);
        }
        m.put("outputs", outs);
        return m;
    }

    static Map<String, Object> saved(EnsembleRecord e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("name", e.name());
        m.put("studyId", e.studyId());
        m.put("method", e.spec().method());
        m.put("members", e.memberRunIds());
        m.put("weights", e.weights());
        m.put("metricName", e.spec().metricName());
        m.put("metricValue", e.spec().metricValue());
        m.put("bestSingleValue", e.spec().bestSingleValue());
        m.put("details", Bodies.tree(e.spec().detailsJson()));
        m.put("createdAt", millis(e.createdAt()));
        return m;
    }
}
