package dev.hyperforge.experiments.run;

import java.util.List;
import java.util.Map;

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
            // a float on a step grid is searched as its grid points (the search module has no stepped float)
            case FLOAT -> p.step() != null ? CategoricalDistribution.of(p.floatGrid().toArray())
                    : p.log() ? FloatDistribution.log(p.low(), p.high()) : FloatDistribution.linear(p.low(), p.high());
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

    /** Names a sampler in the search module's terms. */
    public static String samplerName(String name) {
        return List.of("bayes", "gp").contains(name) ? "gp" : name;
    }
}
