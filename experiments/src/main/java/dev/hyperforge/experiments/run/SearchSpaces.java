package dev.hyperforge.experiments.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ParamSpec;
import dev.hyperforge.experiments.file.SearchSpec;
import dev.hyperforge.search.pruner.HyperbandPruner;
import dev.hyperforge.search.pruner.MedianPruner;
import dev.hyperforge.search.pruner.NopPruner;
import dev.hyperforge.search.pruner.Pruner;
import dev.hyperforge.search.pruner.SuccessiveHalvingPruner;
import dev.hyperforge.search.space.CategoricalDistribution;
import dev.hyperforge.search.space.Condition;
import dev.hyperforge.search.space.Distribution;
import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.IntDistribution;
import dev.hyperforge.search.space.SearchSpace;
import dev.hyperforge.search.space.SimplexDistribution;

/** Maps an experiment's neutral search section onto the search module's space and pruners. */
public final class SearchSpaces {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SearchSpaces() {
    }

    /** The search space of an experiment (empty space when it has no search section). */
    public static SearchSpace space(Experiment e) {
        SearchSpace.Builder b = SearchSpace.builder();
        for (ParamSpec p : e.space()) {
            Distribution d = distribution(p);
            if (p.condition() == null) {
                b.add(p.name(), d);
            } else {
                b.add(p.name(), d, Condition.oneOf(p.condition().param(), p.condition().in().toArray()));
            }
        }
        return b.build();
    }

    private static Distribution distribution(ParamSpec p) {
        return switch (p.kind()) {
            case FLOAT -> p.log() ? FloatDistribution.log(p.low(), p.high())
                    : p.step() != null ? FloatDistribution.stepped(p.low(), p.high(), p.step()) : FloatDistribution.linear(p.low(), p.high());
            case INT -> {
                int lo = p.low().intValue();
                int hi = p.high().intValue();
                int step = p.step() == null ? 1 : p.step().intValue();
                yield p.log() ? IntDistribution.log(lo, hi) : step == 1 ? IntDistribution.linear(lo, hi) : IntDistribution.stepped(lo, hi, step);
            }
            case CATEGORICAL -> CategoricalDistribution.of(p.choices().toArray());
            case SIMPLEX -> new SimplexDistribution(p.components().size(), p.total());
        };
    }

    /**
     * The search distribution of every parameter of an experiment as a JSON object, the form the tracker records
     * with each parameter value: {@code {"type":"float","low":0.001,"high":0.1,"log":true}},
     * {@code {"type":"categorical","choices":["adam","sgd"]}}, {@code {"type":"simplex","components":[...],"total":3.0}};
     * a conditional parameter adds {@code "condition":{"param":...,"in":[...]}}, an explicit default {@code "default"}.
     *
     * @param e the experiment
     * @return distribution JSON by parameter name (empty without a search section)
     */
    public static Map<String, String> distributionsJson(Experiment e) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ParamSpec p : e.space()) {
            out.put(p.name(), toJson(describe(p)));
        }
        return out;
    }

    private static Map<String, Object> describe(ParamSpec p) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", p.kind().name().toLowerCase(Locale.ROOT));
        switch (p.kind()) {
            case FLOAT, INT -> {
                d.put("low", p.kind() == ParamSpec.Kind.INT ? (Object) p.low().longValue() : p.low());
                d.put("high", p.kind() == ParamSpec.Kind.INT ? (Object) p.high().longValue() : p.high());
                d.put("log", p.log());
                if (p.step() != null) {
                    d.put("step", p.step());
                }
            }
            case CATEGORICAL -> d.put("choices", p.choices());
            case SIMPLEX -> {
                d.put("components", p.components());
                d.put("total", p.total());
            }
        }
        if (p.condition() != null) {
            d.put("condition", Map.of("param", p.condition().param(), "in", p.condition().in()));
        }
        if (p.explicitDefault() != null) {
            d.put("default", p.explicitDefault());
        }
        return d;
    }

    private static String toJson(Map<String, Object> d) {
        try {
            return JSON.writeValueAsString(d);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write a distribution as JSON: " + d, ex);
        }
    }

    /** The pruner named by the experiment (Optuna's argument names), or none. */
    public static Pruner pruner(Experiment e) {
        SearchSpec.Pruner p = e.search().map(SearchSpec::pruner).orElse(null);
        if (p == null || p.name().equals("none")) {
            return new NopPruner();
        }
        Map<String, Object> a = p.args() == null ? Map.of() : p.args();
        return switch (p.name()) {
            case "median" -> new MedianPruner(integer(a, "n_startup_trials", 5), integer(a, "n_warmup_steps", 0), integer(a, "interval_steps", 1));
            case "successive_halving" -> new SuccessiveHalvingPruner(integer(a, "min_resource", 1), integer(a, "reduction_factor", 3),
                    integer(a, "min_early_stopping_rate", 0));
            case "hyperband" -> new HyperbandPruner(integer(a, "min_resource", 1), integer(a, "max_resource", 27), integer(a, "reduction_factor", 3));
            default -> throw new IllegalArgumentException("unknown pruner '" + p.name() + "'; expected none, median, successive_halving or hyperband");
        };
    }

    private static int integer(Map<String, Object> a, String key, int dflt) {
        Object v = a.get(key);
        return v instanceof Number n ? n.intValue() : dflt;
    }

    /**
     * The study's directions: one per objective of the file ({@code val_loss}, minimised, without a search section).
     *
     * @param e the experiment
     * @return the directions, in the file's order
     */
    public static dev.hyperforge.search.Direction[] directions(Experiment e) {
        return e.search().map(s -> s.objectives().stream().map(o -> o.direction()).toArray(dev.hyperforge.search.Direction[]::new))
                .orElse(new dev.hyperforge.search.Direction[] {dev.hyperforge.search.Direction.MINIMIZE});
    }

    /** Names a sampler in the search module's terms. */
    public static String samplerName(String name) {
        return List.of("bayes", "gp").contains(name) ? "gp" : name;
    }
}
