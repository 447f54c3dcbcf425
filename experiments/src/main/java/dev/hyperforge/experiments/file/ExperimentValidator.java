package dev.hyperforge.experiments.file;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.engine.losses.Loss;
import dev.hyperforge.engine.metrics.Metrics;
import dev.hyperforge.experiments.data.DataLoader;
import dev.hyperforge.experiments.data.DataLoaders;
import dev.hyperforge.experiments.model.CallbackFactory;
import dev.hyperforge.experiments.model.ModelFactory;
import dev.hyperforge.experiments.model.OutputPaths;

/** Checks across sections: loader, references, objective, and (optionally) everything the engine decides. */
final class ExperimentValidator {
    private ExperimentValidator() {
    }

    static void validate(Experiment e, boolean engineChecks) {
        if (e.searchOnly()) {
            validateSearchOnly(e);
            return;
        }
        Source src = e.source();
        if (e.command().isPresent()) {
            checkCommand(e, src);
            return;
        }
        checkData(e, src);
        checkReferences(e, src);
        checkObjective(e, src);
        checkOutputPaths(e, src);
        if (engineChecks) {
            checkTypes(e, src);
            ModelFactory.check(e);
        }
    }

    /**
     * A search-only experiment: its objective metric is whatever the outside program reports, so only the search
     * section's own rules apply (checked by its records and the parser); it must name its space.
     */
    private static void validateSearchOnly(Experiment e) {
        if (e.space().isEmpty()) {
            throw e.source().error("search.space", "a study driven from outside (hf ask/tell) needs at least one parameter in"
                    + " search.space, e.g. space: {lr: {type: float, low: 0.0001, high: 0.1, log: true}}");
        }
    }

    /**
     * A command experiment: its data section (when given) must name a known loader; its references were checked
     * while parsing; the objective may name any metric the program prints.
     */
    private static void checkCommand(Experiment e, Source src) {
        if (e.data() != null) {
            checkData(e, src);
        }
    }

    private static void checkData(Experiment e, Source src) {
        String loader = e.data().loader();
        Optional<DataLoader> l = DataLoaders.find(loader);
        if (l.isEmpty()) {
            String hint = Fields.closest(loader, DataLoaders.names());
            throw src.error("data.loader", "unknown loader '" + loader + "'" + (hint == null ? "" : "; did you mean '" + hint + "'?")
                    + " (known: " + String.join(", ", new TreeSet<>(DataLoaders.names())) + ")");
        }
        Set<String> known = l.get().options();
        for (String k : e.data().options().keySet()) {
            if (!known.contains(k)) {
                String hint = Fields.closest(k, known);
                throw src.error("data.options." + k, "unknown option '" + k + "' for loader " + loader
                        + (hint == null ? "" : "; did you mean '" + hint + "'?") + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
        try {
            l.get().checkOptions(e.data().options());
        } catch (IllegalArgumentException ex) {
            throw src.error(optionField(loader, ex.getMessage()), ex.getMessage(), ex);
        }
        if (e.data().split().kind() == SplitSpec.Kind.TEST_SET && !l.get().hasTestSet(e.data().options())) {
            throw src.error("data.split.test", "loader " + loader + " has no test set" + (l.get().hasTestSet()
                    ? " with these options; set data.options.validation: <fraction> to hold one out"
                    : "; use validation: <fraction> or folds: <k>"));
        }
    }

    /**
     * For a size that cannot fit ("... values per sample ..."): {@code data.options.samples} for "random: option
     * 'samples' ...", {@code data.options.inputs.x} for "random: inputs.x ..."; otherwise {@code data.options}.
     */
    static String optionField(String loader, String message) {
        if (message == null || !message.contains("values per sample")) {
            return "data.options";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^" + java.util.regex.Pattern.quote(loader)
                + ": (?:option '([A-Za-z0-9_]+)'|((?:inputs|outputs)\\.[A-Za-z0-9_]+))").matcher(message == null ? "" : message);
        return m.find() ? "data.options." + (m.group(1) != null ? m.group(1) : m.group(2)) : "data.options";
    }

    // ------------------------------------------------------------ references

    private record Use(ParamRef ref, String path, boolean integer) {
    }

    private static void checkReferences(Experiment e, Source src) {
        List<Use> uses = new ArrayList<>();
        ModelSpec m = e.model();
        for (int i = 0; i < m.inputs().size(); i++) {
            List<Object> shape = m.inputs().get(i).shape();
            for (int j = 0; j < shape.size(); j++) {
                if (shape.get(j) instanceof ParamRef r) {
                    uses.add(new Use(r, "model.inputs[" + i + "].shape[" + j + "]", true));
                }
            }
        }
        for (int i = 0; i < m.layers().size(); i++) {
            walk(m.layers().get(i).args(), "model.layers[" + i + "].args", uses);
        }
        CompileSpec c = e.compile();
        walk(c.optimizer().template(), "compile.optimizer.type", uses);
        walk(c.learningRate().template(), "compile.optimizer.learning_rate", uses);
        walk(c.optimizerArgs(), "compile.optimizer", uses);
        walk(c.loss(), "compile.loss", uses);
        walk(c.lossWeights(), "compile.loss_weights", uses);
        walk(c.metrics(), "compile.metrics", uses);
        FitSpec f = e.fit();
        if (f.epochs().isRef()) {
            uses.add(new Use(f.epochs().ref(), "fit.epochs", true));
        }
        if (f.batchSize().isRef()) {
            uses.add(new Use(f.batchSize().ref(), "fit.batch_size", true));
        }
        walk(f.validationSplit().template(), "fit.validation_split", uses);
        walk(f.shuffle().template(), "fit.shuffle", uses);
        walk(f.classWeight(), "fit.class_weight", uses);
        for (int i = 0; i < f.callbacks().size(); i++) {
            walk(f.callbacks().get(i).args(), "fit.callbacks[" + i + "].args", uses);
        }
        for (Use u : uses) {
            check(u, e, src);
        }
    }

    private static void walk(Object t, String path, List<Use> uses) {
        if (t instanceof ParamRef r) {
            uses.add(new Use(r, path, false));
        } else if (t instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, uses));
        } else if (t instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                walk(l.get(i), path + "[" + i + "]", uses);
            }
        }
    }

    private static void check(Use u, Experiment e, Source src) {
        ParamRef r = u.ref();
        Optional<ParamSpec> p = e.search().flatMap(s -> s.param(r.name()));
        if (p.isEmpty()) {
            Set<String> names = new LinkedHashSet<>();
            e.space().forEach(s -> names.add(s.name()));
            String hint = Fields.closest(r.name(), names);
            throw src.error(u.path(), "unknown parameter reference " + r + (e.search().isEmpty() ? "; the file has no search section"
                    : "; search.space defines " + names) + (hint == null ? "" : "; did you mean '" + hint + "'?"));
        }
        ParamSpec spec = p.get();
        if (r.component() != null) {
            if (spec.kind() != ParamSpec.Kind.SIMPLEX) {
                throw src.error(u.path(), r + " selects a component, but '" + r.name() + "' is a " + spec.kind().keyword() + " parameter, not a simplex");
            }
            if (spec.componentIndex(r.component()) < 0) {
                throw src.error(u.path(), r + ": '" + r.name() + "' has no component '" + r.component() + "'; it has "
                        + (r.indexed() ? spec.components().size() + " components" : spec.components().toString()));
            }
        }
        if (u.integer() && !(spec.kind() == ParamSpec.Kind.INT
                || spec.kind() == ParamSpec.Kind.CATEGORICAL && spec.choices().stream().allMatch(ExperimentValidator::isInt))) {
            throw src.error(u.path(), "expected an int, but " + r + " is a " + spec.kind().keyword() + " parameter; use type: int or integer choices");
        }
    }

    private static boolean isInt(Object o) {
        return o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
    }

    // ------------------------------------------------------------ objective

    private static void checkObjective(Experiment e, Source src) {
        if (e.search().isEmpty()) {
            return;
        }
        SearchSpec s = e.search().get();
        if (!s.multiObjective()) {
            checkMetric(e, src, s.objective().metric(), "search.objective.metric", false);
            return;
        }
        for (int i = 0; i < s.objectives().size(); i++) {
            checkMetric(e, src, s.objectives().get(i).metric(), "search.objectives[" + i + "].metric", true);
        }
        for (int i = 0; i < s.constraints().size(); i++) {
            checkMetric(e, src, s.constraints().get(i).metric(), "search.constraints[" + i + "].metric", true);
        }
    }

    private static void checkMetric(Experiment e, Source src, String metric, String path, boolean builtInAllowed) {
        Set<String> known = new java.util.TreeSet<>(metricNames(e));
        if (builtInAllowed) {
            if (Objective.BUILT_IN.contains(metric)) {
                return;
            }
            known.addAll(Objective.BUILT_IN);
        }
        if (!known.contains(metric)) {
            String hint = Fields.closest(metric, known);
            throw src.error(path, "the model reports no metric '" + metric + "'"
                    + (hint == null ? "" : "; did you mean '" + hint + "'?") + " (it reports " + String.join(", ", known) + ")");
        }
        boolean validates = e.data().split().validates() || e.fit().validationSplit().isRef() || e.fit().validationSplit().value() > 0;
        if (metric.startsWith("val_") && !validates) {
            throw src.error(path, "'" + metric + "' needs validation data: add data.split (validation, test or folds) "
                    + "or fit.validation_split");
        }
    }

    /** The history keys a trained model of this experiment reports (with and without {@code val_}). */
    static Set<String> metricNames(Experiment e) {
        List<String> outs = e.model().outputs();
        Map<String, Object> p = e.defaultParams();
        Object metrics;
        try {
            metrics = Params.resolve(e.compile().metrics(), p, e.space());
        } catch (IllegalArgumentException ex) {
            metrics = null;
        }
        Set<String> names = new LinkedHashSet<>();
        names.add("loss");
        for (String o : outs) {
            String prefix = outs.size() == 1 ? "" : o + "_";
            if (!prefix.isEmpty()) {
                names.add(prefix + "loss");
            }
            Object mine = metrics instanceof Map<?, ?> mm ? mm.get(o) : metrics;
            List<?> list = mine instanceof List<?> l ? l : mine == null ? List.of() : List.of(mine);
            for (Object n : list) {
                try {
                    names.add(prefix + Metrics.of(String.valueOf(n), Loss.of("mse")).name());
                } catch (IllegalArgumentException ex) {
                    names.add(prefix + n);
                }
            }
        }
        Set<String> all = new LinkedHashSet<>(names);
        names.forEach(n -> all.add("val_" + n));
        return all;
    }

    // ------------------------------------------------------------ files written

    /**
     * Every callback argument naming a file to write (ModelCheckpoint {@code filepath}, see {@link OutputPaths}) is a
     * relative path inside the run's directory: literal values, and each choice of a categorical parameter it
     * references.
     */
    private static void checkOutputPaths(Experiment e, Source src) {
        List<CallbackSpec> cs = e.fit().callbacks();
        for (int i = 0; i < cs.size(); i++) {
            for (Map.Entry<String, Object> a : cs.get(i).args().entrySet()) {
                if (OutputPaths.isOutputArgument(a.getKey())) {
                    String field = "fit.callbacks[" + i + "].args." + a.getKey();
                    for (Object v : candidates(e, a.getValue())) {
                        String why = v instanceof String s ? OutputPaths.problem(s) : null;
                        if (why != null) {
                            throw src.error(field, cs.get(i).type() + ": " + OutputPaths.message((String) v, why));
                        }
                    }
                }
            }
        }
    }

    /** A literal value, or the choices of the categorical parameter a reference names. */
    private static List<Object> candidates(Experiment e, Object value) {
        if (value instanceof ParamRef r) {
            return e.space().stream().filter(p -> p.name().equals(r.name()) && p.choices() != null)
                    .flatMap(p -> p.choices().stream()).toList();
        }
        return value == null ? List.of() : List.of(value);
    }

    // ------------------------------------------------------------ engine types

    private static void checkTypes(Experiment e, Source src) {
        List<LayerSpec> ls = e.model().layers();
        for (int i = 0; i < ls.size(); i++) {
            if (!LayerRegistry.exists(ls.get(i).type())) {
                throw src.error("model.layers[" + i + "].type", LayerRegistry.unknownMessage(ls.get(i).type()));
            }
        }
        List<CallbackSpec> cs = e.fit().callbacks();
        for (int i = 0; i < cs.size(); i++) {
            if (!CallbackFactory.exists(cs.get(i).type())) {
                throw src.error("fit.callbacks[" + i + "].type", "unknown callback type '" + cs.get(i).type() + "'");
            }
        }
    }
}
