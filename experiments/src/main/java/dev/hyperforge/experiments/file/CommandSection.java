package dev.hyperforge.experiments.file;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hyperforge.experiments.file.YamlTree.ListNode;
import dev.hyperforge.experiments.file.YamlTree.MapNode;
import dev.hyperforge.experiments.file.YamlTree.Node;
import dev.hyperforge.experiments.file.YamlTree.Scalar;

/** Reads the {@code command} section ({@code run}, {@code timeout}, {@code env}), locating every error at its field. */
final class CommandSection {
    private final Fields f;

    CommandSection(Fields f) {
        this.f = f;
    }

    /** The section, with every {@code ${param}} reference checked against the space's names. */
    CommandSpec parse(MapNode m, Set<String> params) {
        f.allowKeys(m, Set.of("run", "timeout", "env"), "command");
        Node rn = f.required(m, "run", "run: [python3, train.py, --lr, \"${lr}\"]");
        List<String> run = new ArrayList<>();
        List<Node> items = rn instanceof ListNode l ? l.items() : List.of(rn);
        if (items.isEmpty()) {
            throw f.error(rn, "run needs the program and its arguments, e.g. run: [python3, train.py]");
        }
        for (Node n : items) {
            run.add(commandText(n, params));
        }
        Duration timeout = null;
        if (m.get("timeout") != null) {
            Node tn = m.get("timeout");
            try {
                timeout = tn instanceof Scalar s && s.value() instanceof Number num ? Duration.ofMillis(Math.round(num.doubleValue() * 1000))
                        : CommandSpec.parseDuration(f.string(tn));
            } catch (IllegalArgumentException e) {
                throw e instanceof ExperimentFileException ee ? ee : f.error(tn, e.getMessage());
            }
            if (timeout.isZero() || timeout.isNegative()) {
                throw f.error(tn, "timeout must be positive, got " + tn.describe());
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (m.get("env") != null) {
            for (Map.Entry<String, Node> e : f.map(m.get("env")).entries().entrySet()) {
                if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw f.error(e.getValue(), "an environment variable name holds letters, digits and '_', got '" + e.getKey() + "'");
                }
                env.put(e.getKey(), commandText(e.getValue(), params));
            }
        }
        return new CommandSpec(run, timeout, env);
    }

    /** A command argument or environment value: a string or number whose {@code ${param}} references must be known. */
    private String commandText(Node n, Set<String> params) {
        if (!(n instanceof Scalar s) || s.value() == null || s.value() instanceof String str && str.isEmpty()) {
            throw f.error(n, "expected a string or a number, got " + n.describe());
        }
        String text = s.value() instanceof String str ? str : String.valueOf(s.value());
        try {
            for (ParamRef r : CommandSpec.references(text)) {
                if (!params.contains(r.name())) {
                    String hint = Fields.closest(r.name(), params);
                    throw f.error(n, "unknown parameter reference " + r + (params.isEmpty() ? "; the file has no search.space"
                            : "; search.space defines " + new java.util.TreeSet<>(params)) + (hint == null ? "" : "; did you mean '" + hint + "'?"));
                }
            }
        } catch (ExperimentFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw f.error(n, e.getMessage());
        }
        return text;
    }
}
