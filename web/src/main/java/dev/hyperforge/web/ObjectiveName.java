package dev.hyperforge.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a study's objective metric (e.g. {@code val_loss}), so charts say "min of val_loss" instead of
 * "value". Read from, in order: a study attribute {@code objective} ({@code {"metric": "val_loss"}}),
 * the experiment file linked to the study, or the one its worker settings name ({@code worker_settings.experiment_id})
 * — from that file's {@code objective: {metric: …}} entry (YAML flow or block style, or JSON). Empty when none says.
 *
 * <pre>{@code
 * new ObjectiveName(store).of(study);   // Optional[val_loss]
 * }</pre>
 */
final class ObjectiveName {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OBJECTIVE = Pattern.compile("(?m)(?:^|[{,\\s])\"?objective\"?[ \\t]*:");
    private static final Pattern METRIC = Pattern.compile("\"?metric\"?[ \\t]*:[ \\t]*[\"']?([A-Za-z0-9_./:-]+)");
    private static final Pattern SCALAR = Pattern.compile("^[ \\t]*[\"']?([A-Za-z0-9_./:-]+)[\"']?[ \\t]*(#.*)?$",
            Pattern.MULTILINE);
    private final RunStore store;
    private final BoundedCache<Long, Optional<String>> kept = new BoundedCache<>(StudyApi.MAX_NAMED_STUDIES);

    ObjectiveName(RunStore store) {
        this.store = store;
    }

    /**
     * @return the objective metric's name, kept once found (a study asked before its settings were stored, or one
     *     that names none, is read again at the next call: one attribute query)
     */
    Optional<String> of(StudyRecord study) {
        Optional<String> name = kept.get(study.id());
        if (name == null) {
            name = read(study);
            if (name.isPresent()) {
                kept.put(study.id(), name);
            }
        }
        return name;
    }

    private Optional<String> read(StudyRecord study) {
        Map<String, String> attrs = store.studyAttributes(study.id());
        Optional<String> fromAttr = field(attrs.get("objective"), "metric");
        if (fromAttr.isPresent()) {
            return fromAttr;
        }
        Long experimentId = study.experimentId();
        if (experimentId == null) {
            experimentId = field(attrs.get("worker_settings"), "experiment_id").map(Long::valueOf).orElse(null);
        }
        if (experimentId == null) {
            return Optional.empty();
        }
        try {
            return fromFile(store.experiment(experimentId).text());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * @param text an experiment file (YAML or JSON)
     * @return the metric of its {@code objective} entry
     */
    static Optional<String> fromFile(String text) {
        Matcher m = OBJECTIVE.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        String rest = text.substring(m.end(), Math.min(text.length(), m.end() + 400));
        Matcher metric = METRIC.matcher(rest);
        if (metric.find()) {
            return Optional.of(metric.group(1));
        }
        Matcher scalar = SCALAR.matcher(rest.lines().findFirst().orElse(""));
        return scalar.find() ? Optional.of(scalar.group(1)) : Optional.empty();
    }

    private static Optional<String> field(String json, String name) {
        if (json == null) {
            return Optional.empty();
        }
        try {
            JsonNode v = JSON.readTree(json).get(name);
            return v == null || v.isNull() || v.isContainerNode() ? Optional.empty() : Optional.of(v.asText());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
