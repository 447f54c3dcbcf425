package dev.hyperforge.experiments.file;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders an {@link Experiment} as YAML in the file format (references as {@code "${name}"}), so an
 * experiment written in code has a text and a hash like one read from a file; reading the text back
 * gives an equal experiment.
 *
 * <pre>{@code
 * String yaml = ExperimentWriter.toYaml(experiment);
 * Experiment again = ExperimentFile.parse(yaml, "roundtrip.yaml");
 * }</pre>
 */
public final class ExperimentWriter {
    private static final YAMLMapper MAPPER = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    private ExperimentWriter() {
    }

    /** The experiment as YAML. */
    public static String toYaml(Experiment e) {
        try {
            return MAPPER.writeValueAsString(toMap(e));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot render experiment '" + e.name() + "' as YAML: " + ex.getMessage(), ex);
        }
    }

    /** The experiment as nested maps and lists in the file format. */
    public static Map<String, Object> toMap(Experiment e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.name());
        if (!e.description().isEmpty()) {
            m.put("description", e.description());
        }
        m.put("seed", e.seed());
        if (e.command().isPresent()) {
            return commandExperiment(e, m);
        }
        if (e.searchOnly()) {
            m.put("search", search(e.search().orElseThrow()));
            return m;
        }
        m.put("data", data(e.data()));
        m.put("model", model(e.model()));
        m.put("compile", compile(e.compile()));
        m.put("fit", fit(e.fit()));
        e.search().ifPresent(s -> m.put("search", search(s)));
        return m;
    }

    private static Map<String, Object> commandExperiment(Experiment e, Map<String, Object> m) {
        if (e.data() != null) {
            m.put("data", data(e.data()));
        }
        CommandSpec c = e.command().orElseThrow();
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("run", c.run());
        cm.put("timeout", c.timeout().toMillis() + "ms");
        if (!c.env().isEmpty()) {
            cm.put("env", c.env());
        }
        m.put("command", cm);
        e.search().ifPresent(s -> m.put("search", search(s)));
        return m;
    }

    private static Map<String, Object> data(DataSpec d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loader", d.loader());
        if (!d.options().isEmpty()) {
            m.put("options", d.options());
        }
        SplitSpec s = d.split();
        switch (s.kind()) {
            case HOLDOUT -> m.put("split", Map.of("validation", s.fraction()));
            case TEST_SET -> m.put("split", Map.of("test", true));
            case KFOLD -> m.put("split", Map.of("folds", s.folds()));
            case NONE -> { }
        }
        return m;
    }

    private static Map<String, Object> model(ModelSpec ms) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (ms.sequential()) {
            m.put("sequential", true);
        }
        List<Object> ins = new ArrayList<>();
        for (InputSpec i : ms.inputs()) {
            Map<String, Object> im = new LinkedHashMap<>();
            im.put("name", i.name());
            im.put("shape", plain(i.shape()));
            im.put("dtype", i.dtype().name().toLowerCase(java.util.Locale.ROOT));
            ins.add(im);
        }
        m.put("inputs", ins);
        List<Object> ls = new ArrayList<>();
        for (LayerSpec l : ms.layers()) {
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("name", l.name());
            lm.put("type", l.type());
            if (!l.args().isEmpty()) {
                lm.put("args", plain(l.args()));
            }
            if (!l.inputs().isEmpty()) {
                lm.put("inputs", l.inputs());
            }
            ls.add(lm);
        }
        m.put("layers", ls);
        if (!ms.sequential()) {
            m.put("outputs", ms.outputs());
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compile(CompileSpec c) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> opt = new LinkedHashMap<>();
        opt.put("type", plain(c.optimizer()));
        opt.put("learning_rate", plain(c.learningRate()));
        opt.putAll((Map<String, Object>) plain(c.optimizerArgs()));
        m.put("optimizer", opt);
        m.put("loss", plain(c.loss()));
        if (c.lossWeights() != null) {
            m.put("loss_weights", plain(c.lossWeights()));
        }
        if (c.metrics() != null) {
            m.put("metrics", plain(c.metrics()));
        }
        return m;
    }

    private static Map<String, Object> fit(FitSpec f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", plain(f.epochs()));
        m.put("batch_size", plain(f.batchSize()));
        m.put("validation_split", plain(f.validationSplit()));
        m.put("shuffle", plain(f.shuffle()));
        if (f.classWeight() != null) {
            m.put("class_weight", plain(f.classWeight()));
        }
        if (!f.callbacks().isEmpty()) {
            List<Object> cbs = new ArrayList<>();
            for (CallbackSpec c : f.callbacks()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("type", c.type());
                if (!c.args().isEmpty()) {
                    cm.put("args", plain(c.args()));
                }
                cbs.add(cm);
            }
            m.put("callbacks", cbs);
        }
        return m;
    }

    private static Map<String, Object> objective(Objective o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metric", o.metric());
        m.put("direction", o.direction().name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }

    private static Map<String, Object> constraint(Constraint c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("metric", c.metric());
        if (c.min() != null) {
            m.put("min", c.min());
        }
        if (c.max() != null) {
            m.put("max", c.max());
        }
        return m;
    }

    private static Map<String, Object> search(SearchSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> space = new LinkedHashMap<>();
        for (ParamSpec p : s.space()) {
            space.put(p.name(), param(p));
        }
        m.put("space", space);
        if (s.multiObjective()) {
            m.put("objectives", s.objectives().stream().map(ExperimentWriter::objective).toList());
        } else {
            m.put("objective", objective(s.objective()));
        }
        if (!s.constraints().isEmpty()) {
            m.put("constraints", s.constraints().stream().map(ExperimentWriter::constraint).toList());
        }
        m.put("sampler", Map.of("name", s.sampler().name(), "trials", s.sampler().trials()));
        if (s.pruner() != null) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", s.pruner().name());
            if (!s.pruner().args().isEmpty()) {
                pm.put("args", s.pruner().args());
            }
            m.put("pruner", pm);
        }
        return m;
    }

    private static Map<String, Object> param(ParamSpec p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", p.kind().keyword());
        switch (p.kind()) {
            case FLOAT, INT -> {
                m.put("low", p.kind() == ParamSpec.Kind.INT ? (Object) p.low().longValue() : p.low());
                m.put("high", p.kind() == ParamSpec.Kind.INT ? (Object) p.high().longValue() : p.high());
                if (p.log()) {
                    m.put("log", true);
                }
                if (p.step() != null) {
                    m.put("step", p.kind() == ParamSpec.Kind.INT ? (Object) p.step().longValue() : p.step());
                }
            }
            case CATEGORICAL -> m.put("choices", p.choices());
            case SIMPLEX -> {
                m.put("components", p.components());
                m.put("total", p.total());
            }
        }
        if (p.condition() != null) {
            m.put("condition", Map.of("param", p.condition().param(), "in", p.condition().in()));
        }
        if (p.explicitDefault() != null) {
            m.put("default", p.explicitDefault());
        }
        return m;
    }

    /** A template with references as {@code ${...}} strings (and unknown dims as null). */
    static Object plain(Object t) {
        if (t instanceof ParamRef r) {
            return r.toString();
        }
        if (t instanceof Setting<?> s) {
            return plain(s.template());
        }
        if (t instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (t instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(plain(v)));
            return out;
        }
        return t;
    }
}
