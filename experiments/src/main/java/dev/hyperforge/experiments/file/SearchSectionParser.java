package dev.hyperforge.experiments.file;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hyperforge.experiments.file.YamlTree.ListNode;
import dev.hyperforge.experiments.file.YamlTree.MapNode;
import dev.hyperforge.experiments.file.YamlTree.Node;
import dev.hyperforge.experiments.file.YamlTree.Scalar;

/**
 * Reads an experiment file's {@code search:} section (space, objectives, constraints, sampler, pruner) into a
 * {@link SearchSpec}, locating every error; {@link ExperimentParser} reads the other sections.
 */
final class SearchSectionParser {
    private final Fields f;

    SearchSectionParser(Fields f) {
        this.f = f;
    }


    SearchSpec search(MapNode m) {
        f.allowKeys(m, Set.of("space", "objective", "objectives", "constraints", "sampler", "pruner"), "search");
        List<ParamSpec> space = new ArrayList<>();
        Map<String, Node> conditionNodes = new LinkedHashMap<>();
        if (m.get("space") != null) {
            MapNode sm = f.map(m.get("space"));
            sm.entries().forEach((k, v) -> space.add(param(k, f.map(v), conditionNodes)));
        }
        Set<String> names = new HashSet<>();
        space.forEach(p -> names.add(p.name()));
        for (ParamSpec p : space) {
            if (p.condition() != null && (!names.contains(p.condition().param()) || p.condition().param().equals(p.name()))) {
                throw f.error(conditionNodes.get(p.name()), "condition refers to " + (p.condition().param().equals(p.name()) ? "the parameter itself"
                        : "unknown parameter '" + p.condition().param() + "'") + "; known: " + names);
            }
        }
        List<Objective> objectives = objectives(m);
        List<Constraint> constraints = constraints(m, objectives.size());
        SearchSpec.Sampler sampler = m.get("sampler") == null ? null : sampler(f.map(m.get("sampler")));
        SearchSpec.Pruner pruner = m.get("pruner") == null ? null : pruner(m.get("pruner"));
        return new SearchSpec(space, objectives, constraints, sampler, pruner);
    }

    /** {@code objective:} (one) or {@code objectives:} (a list, a multi-objective study), never both. */
    private List<Objective> objectives(MapNode m) {
        Node one = m.get("objective");
        Node many = m.get("objectives");
        if (one != null && many != null) {
            throw f.error(many, "give either objective: (one) or objectives: (a list), not both; objective: is on line "
                    + one.line());
        }
        if (many == null) {
            return List.of(objective(f.required(m, "objective", "objective: {metric: val_accuracy, direction: max}"), "search.objective"));
        }
        List<Objective> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Node n : f.list(many).items()) {
            Objective o = objective(n, "an entry of search.objectives");
            if (!seen.add(o.metric())) {
                throw f.error(n, "objective metric '" + o.metric() + "' appears twice in search.objectives");
            }
            out.add(o);
        }
        if (out.isEmpty()) {
            throw f.error(many, "objectives: needs at least one entry, e.g. [{metric: val_accuracy, direction: max},"
                    + " {metric: params, direction: min}]");
        }
        return out;
    }

    private List<Constraint> constraints(MapNode m, int objectives) {
        Node cn = m.get("constraints");
        if (cn == null) {
            return List.of();
        }
        if (objectives < 2) {
            throw f.error(cn, "constraints: apply to multi-objective studies; list two or more objectives under objectives:");
        }
        List<Constraint> out = new ArrayList<>();
        for (Node n : f.list(cn).items()) {
            MapNode c = f.map(n);
            f.allowKeys(c, Set.of("metric", "min", "max"), "an entry of search.constraints");
            String metric = f.string(f.required(c, "metric", "metric: params"));
            Double min = c.get("min") == null ? null : f.number(c.get("min"));
            Double max = c.get("max") == null ? null : f.number(c.get("max"));
            try {
                out.add(new Constraint(metric, min, max));
            } catch (IllegalArgumentException e) {
                throw f.error(c, e.getMessage());
            }
        }
        return out;
    }

    private static final Map<ParamSpec.Kind, Set<String>> PARAM_KEYS = Map.of(
            ParamSpec.Kind.FLOAT, Set.of("type", "low", "high", "log", "step", "condition", "default"),
            ParamSpec.Kind.INT, Set.of("type", "low", "high", "log", "step", "condition", "default"),
            ParamSpec.Kind.CATEGORICAL, Set.of("type", "choices", "condition", "default"),
            ParamSpec.Kind.SIMPLEX, Set.of("type", "components", "total", "condition", "default"));

    private ParamSpec param(String name, MapNode m, Map<String, Node> conditionNodes) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw f.error(m, "a parameter name may hold letters, digits and '_' and must not start with a digit; got '" + name + "'");
        }
        Node tn = f.required(m, "type", "type: float");
        ParamSpec.Kind kind;
        try {
            kind = ParamSpec.Kind.parse(f.string(tn));
        } catch (IllegalArgumentException e) {
            throw f.error(tn, e.getMessage());
        }
        f.allowKeys(m, PARAM_KEYS.get(kind), "a " + kind.keyword() + " parameter");
        Double low = null;
        Double high = null;
        Double step = null;
        boolean log = m.get("log") != null && f.bool(m.get("log"));
        List<Object> choices = null;
        List<String> components = null;
        double total = 0;
        if (kind == ParamSpec.Kind.FLOAT || kind == ParamSpec.Kind.INT) {
            low = kind == ParamSpec.Kind.INT ? f.integer(f.required(m, "low", "low: 16")) : f.number(f.required(m, "low", "low: 0.0001"));
            high = kind == ParamSpec.Kind.INT ? f.integer(f.required(m, "high", "high: 128")) : f.number(f.required(m, "high", "high: 0.1"));
            if (m.get("step") != null) {
                step = kind == ParamSpec.Kind.INT ? (double) f.integer(m.get("step")) : f.number(m.get("step"));
            }
        } else if (kind == ParamSpec.Kind.CATEGORICAL) {
            choices = new ArrayList<>();
            for (Node c : f.list(f.required(m, "choices", "choices: [adam, rmsprop]")).items()) {
                Object v = f.plain(c);
                if (!(v instanceof Number || v instanceof String || v instanceof Boolean)) {
                    throw f.error(c, "a choice must be a number, a string or a boolean, got " + c.describe());
                }
                choices.add(v);
            }
        } else {
            Node cn = f.required(m, "components", "components: [age, income, gender] (or a count)");
            components = new ArrayList<>();
            if (cn instanceof Scalar) {
                int k = f.integer(cn);
                for (int i = 0; i < k; i++) {
                    components.add("c" + i);
                }
            } else {
                components.addAll(f.strings(cn));
            }
            total = m.get("total") == null ? 1.0 : f.number(m.get("total"));
        }
        ParamSpec.Condition condition = null;
        if (m.get("condition") != null) {
            MapNode cm = f.map(m.get("condition"));
            f.allowKeys(cm, Set.of("param", "in"), "a condition");
            String cp = f.string(f.required(cm, "param", "param: optimizer"));
            List<Object> in = new ArrayList<>();
            Node inNode = f.required(cm, "in", "in: [sgd]");
            for (Node v : inNode instanceof ListNode l ? l.items() : List.of(inNode)) {
                in.add(f.plain(v));
            }
            if (in.isEmpty()) {
                throw f.error(inNode, "'in' needs at least one value");
            }
            condition = new ParamSpec.Condition(cp, in);
            conditionNodes.put(name, cm.get("param"));
        }
        Object dflt = m.get("default") == null ? null : f.plain(m.get("default"));
        try {
            return new ParamSpec(name, kind, low, high, log, step, choices, components, total, condition, dflt);
        } catch (IllegalArgumentException e) {
            throw f.error(m, e.getMessage());
        }
    }

    private Objective objective(Node n, String what) {
        MapNode m = f.map(n);
        f.allowKeys(m, Set.of("metric", "direction"), what);
        String metric = f.string(f.required(m, "metric", "metric: val_accuracy"));
        Node dn = f.required(m, "direction", "direction: max");
        try {
            return new Objective(metric, Objective.parseDirection(f.string(dn)));
        } catch (IllegalArgumentException e) {
            throw f.error(dn, e.getMessage());
        }
    }

    private SearchSpec.Sampler sampler(MapNode m) {
        f.allowKeys(m, Set.of("name", "trials"), "search.sampler");
        Node nn = f.required(m, "name", "name: random");
        String name = f.string(nn);
        if (!SearchSpec.SAMPLERS.contains(name)) {
            throw f.error(nn, "unknown sampler '" + name + "'; expected one of " + new java.util.TreeSet<>(SearchSpec.SAMPLERS));
        }
        int trials = 20;
        if (m.get("trials") != null) {
            trials = f.integer(m.get("trials"));
            if (trials < 1) {
                throw f.error(m.get("trials"), "trials must be at least 1, got " + trials);
            }
        }
        return new SearchSpec.Sampler(name, trials);
    }

    private SearchSpec.Pruner pruner(Node n) {
        String name;
        Map<String, Object> args = new LinkedHashMap<>();
        Node nn = n;
        if (n instanceof MapNode m) {
            f.allowKeys(m, Set.of("name", "args"), "search.pruner");
            nn = f.required(m, "name", "name: median");
            if (m.get("args") != null) {
                f.map(m.get("args")).entries().forEach((k, v) -> args.put(k, f.plain(v)));
            }
        }
        name = f.string(nn);
        if (!SearchSpec.PRUNERS.contains(name)) {
            throw f.error(nn, "unknown pruner '" + name + "'; expected one of " + new java.util.TreeSet<>(SearchSpec.PRUNERS));
        }
        return new SearchSpec.Pruner(name, args);
    }
}
