package dev.hyperforge.experiments.cli;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunStore;

/**
 * {@code hf show RUN_ID --format json}: the whole run as one JSON object: ids, state, value, parameters, a summary
 * and the history of every metric, intermediate values, tags, provenance and artifacts. Non-finite numbers are
 * written as the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"} (JSON has no such numbers).
 *
 * <pre>{@code
 * hf show 7 --format json | jq '.metrics.val_loss.min'
 * }</pre>
 */
final class RunJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunJson() {
    }

    /** The run as JSON text (pretty-printed, with a final newline). */
    static String of(RunStore s, Run run) {
        ObjectNode o = JSON.createObjectNode();
        o.put("run", run.id());
        o.put("study", s.study(run.studyId()).name());
        o.put("trial", run.number());
        o.put("state", run.state().name());
        number(o, "value", run.value());
        o.put("error", run.error());
        o.put("started_at", time(run.startedAt()));
        o.put("finished_at", time(run.finishedAt()));
        ObjectNode params = o.putObject("params");
        for (ParamValue p : run.params().values()) {
            switch (p.type()) {
                case FLOAT -> number(params, p.name(), p.floatValue());
                case INT -> params.put(p.name(), p.intValue());
                case STRING -> params.put(p.name(), p.stringValue());
            }
        }
        ObjectNode metrics = o.putObject("metrics");
        run.lastMetrics().keySet().forEach(name -> metrics.set(name, metric(s.metricHistory(run.id(), name))));
        ObjectNode intermediate = o.putObject("intermediate_values");
        run.intermediateValues().forEach((step, v) -> number(intermediate, Integer.toString(step), v));
        ObjectNode tags = o.putObject("tags");
        run.tags().forEach(tags::put);
        o.put("note", run.note());
        o.set("system_attrs", tree(run.systemAttrsJson()));
        o.set("provenance", s.provenance(run.id()).map(RunJson::provenance).orElse(null));
        ArrayNode artifacts = o.putArray("artifacts");
        s.artifacts(run.id()).forEach(a -> artifacts.add(artifact(a)));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write run " + run.id() + " as JSON", e);
        }
    }

    /** Last, min and max value and point count of one metric, and its history (step, value). */
    private static ObjectNode metric(List<MetricPoint> history) {
        ObjectNode m = JSON.createObjectNode();
        MetricPoint last = history.get(history.size() - 1);
        m.put("last_step", last.step());
        number(m, "last", last.value());
        number(m, "min", history.stream().mapToDouble(MetricPoint::value).filter(Double::isFinite).min().orElse(Double.NaN));
        number(m, "max", history.stream().mapToDouble(MetricPoint::value).filter(Double::isFinite).max().orElse(Double.NaN));
        m.put("points", history.size());
        ArrayNode h = m.putArray("history");
        for (MetricPoint p : history) {
            ObjectNode point = h.addObject();
            point.put("step", p.step());
            number(point, "value", p.value());
        }
        return m;
    }

    private static ObjectNode provenance(Provenance p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("experiment_sha256", p.experimentSha256());
        o.put("data_sha256", p.dataSha256());
        o.set("resolved_config", tree(p.resolvedConfigJson()));
        ObjectNode seeds = o.putObject("seeds");
        p.seeds().forEach(seeds::put);
        o.put("code_version", p.codeVersion());
        o.put("code_dirty", p.codeDirty());
        o.put("java_version", p.javaVersion());
        o.put("java_vendor", p.javaVendor());
        o.put("os_name", p.osName());
        o.put("os_arch", p.osArch());
        o.put("nd4j_backend", p.nd4jBackend());
        o.put("nd4j_classifier", p.nd4jClassifier());
        ObjectNode threads = o.putObject("threads");
        p.threads().forEach(threads::put);
        o.put("host", p.hostName());
        if (p.numerics() != null) {
            o.put("numerics", p.numerics());
        } else {
            o.putNull("numerics");
        }
        o.put("experiment_text", p.experimentText());
        return o;
    }

    private static ObjectNode artifact(Artifact a) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", a.id());
        o.put("name", a.name());
        o.put("kind", a.kind().name());
        o.put("media_type", a.mediaType());
        o.put("sha256", a.sha256());
        o.put("size_bytes", a.sizeBytes());
        o.put("created_at", time(a.createdAt()));
        return o;
    }

    private static void number(ObjectNode o, String field, Double v) {
        if (v == null) {
            o.putNull(field);
        } else if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.put(field, v.toString());
        }
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
