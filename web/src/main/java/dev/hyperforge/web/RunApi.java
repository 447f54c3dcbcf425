package dev.hyperforge.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.blob.MissingObjectException;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunStore;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** {@code /api/runs…} and {@code /api/compare}: one run, its curves, artifacts and annotations; comparisons. */
final class RunApi {
    private static final Set<String> SAFE_TYPES = Set.of("text/plain", "application/json", "application/zip",
            "application/octet-stream", "application/x-hf-floats");
    private static final int MAX_NOTE = 10_000;
    private final RunStore store;

    RunApi(RunStore store) {
        this.store = store;
    }

    void get(Context ctx) {
        Run r = Requests.run(store, Requests.pathId(ctx, "runId", "run"));
        List<Artifact> artifacts = store.artifacts(r.id());
        Map<String, Object> detail = Views.runDetail(r, store.study(r.studyId()), store.provenance(r.id()).orElse(null),
                artifacts);
        Views.markMissing(detail, artifacts, a -> !store.artifactPresent(a.id()));
        ctx.json(detail);
    }

    void metrics(Context ctx) {
        Run r = Requests.run(store, Requests.pathId(ctx, "runId", "run"));
        String raw = ctx.queryParam("names");
        Set<String> names = new TreeSet<>();
        if (raw == null || raw.isBlank()) {
            r.lastMetrics().keySet().stream().filter(n -> !n.startsWith("step/")).forEach(names::add);
        } else {
            for (String n : raw.split(",")) {
                if (!n.isBlank()) {
                    names.add(n.trim());
                }
            }
        }
        if (names.size() > 100) {
            throw ApiException.badRequest("at most 100 metric names per request, received " + names.size());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String n : names) {
            if (!r.lastMetrics().containsKey(n)) {
                throw ApiException.badRequest("run " + r.id() + " has no metric '" + n + "'; it has "
                        + r.lastMetrics().keySet());
            }
            out.put(n, Views.points(store.metricHistory(r.id(), n)));
        }
        ctx.json(Map.of("runId", r.id(), "metrics", out));
    }

    void artifact(Context ctx) {
        Run r = Requests.run(store, Requests.pathId(ctx, "runId", "run"));
        long artifactId = Requests.pathId(ctx, "artifactId", "artifact");
        Artifact a = store.artifacts(r.id()).stream().filter(x -> x.id() == artifactId).findFirst()
                .orElseThrow(() -> ApiException.notFound("run " + r.id() + " has no artifact with id " + artifactId));
        String type = SAFE_TYPES.contains(a.mediaType()) ? a.mediaType() : "application/octet-stream";
        if (type.equals("text/plain") || type.equals("application/json")) {
            type += "; charset=utf-8";
        }
        String file = a.name().replaceAll("[^A-Za-z0-9._-]", "_");
        ctx.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
        ctx.header("Content-Security-Policy", "sandbox");
        java.io.InputStream in;
        try {
            in = store.openArtifact(a.id());
        } catch (MissingObjectException e) {
            throw ApiException.notFound(e.getMessage());
        }
        // streamed from the artifact store; the stream fails at its end (the download breaks off) on a hash mismatch
        ctx.header("Content-Length", Long.toString(a.sizeBytes()));
        ctx.contentType(type).result(in);
    }

    void note(Context ctx) {
        Run r = Requests.run(store, Requests.pathId(ctx, "runId", "run"));
        JsonNode body = Bodies.json(ctx);
        JsonNode note = body.get("note");
        if (note == null || !(note.isTextual() || note.isNull())) {
            throw ApiException.badRequest("body must be {\"note\": \"text\"} (null clears the note)");
        }
        String text = note.isNull() || note.asText().isBlank() ? null : note.asText();
        if (text != null && text.length() > MAX_NOTE) {
            throw ApiException.badRequest("note longer than " + MAX_NOTE + " characters (" + text.length() + ")");
        }
        store.setNote(r.id(), text);
        ctx.json(Map.of("runId", r.id(), "note", Objects.requireNonNullElse(text, "")));
    }

    void tag(Context ctx) {
        Run r = Requests.run(store, Requests.pathId(ctx, "runId", "run"));
        String key = ctx.pathParam("key");
        JsonNode value = Bodies.json(ctx).get("value");
        if (value == null || !value.isTextual()) {
            throw ApiException.badRequest("body must be {\"value\": \"text\"}");
        }
        try {
            store.setTag(r.id(), key, value.asText());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ctx.json(Map.of("runId", r.id(), "key", key, "value", value.asText()));
    }

    void compare(Context ctx) {
        List<Long> ids = Requests.idList(ctx.queryParam("runs"), "runs");
        if (ids.size() < 2 || ids.size() > 10 || new LinkedHashSet<>(ids).size() != ids.size()) {
            throw ApiException.badRequest("compare needs 2..10 distinct run ids, received " + ids);
        }
        List<Run> runs = new ArrayList<>();
        for (long id : ids) {
            runs.add(Requests.run(store, id));
        }
        Set<String> params = new TreeSet<>();
        Set<String> metrics = new TreeSet<>();
        for (Run r : runs) {
            params.addAll(r.params().keySet());
            r.lastMetrics().keySet().stream().filter(n -> !n.startsWith("step/")).forEach(metrics::add);
        }
        List<Map<String, Object>> paramRows = new ArrayList<>();
        for (String p : params) {
            List<Object> values = runs.stream().map(r -> r.param(p)).toList();
            paramRows.add(Map.of("name", p, "values", values, "differs", new java.util.HashSet<>(
                    values.stream().map(String::valueOf).toList()).size() > 1));
        }
        List<Map<String, Object>> metricRows = new ArrayList<>();
        for (String m : metrics) {
            List<Double> values = runs.stream().map(r -> r.lastMetrics().containsKey(m)
                    ? r.lastMetrics().get(m).value() : null).toList();
            metricRows.add(Map.of("name", m, "values", values));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runs", runs.stream().map(r -> {
            Map<String, Object> v = Views.run(r);
            v.put("studyName", store.study(r.studyId()).name());
            return v;
        }).toList());
        out.put("params", paramRows);
        out.put("metrics", metricRows);
        ctx.json(out);
    }
}
