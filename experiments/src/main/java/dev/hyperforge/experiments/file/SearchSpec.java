package dev.hyperforge.experiments.file;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code search} section: the parameter space, the objective (or several, {@code objectives:}, for a
 * multi-objective study with a Pareto front), constraints, the sampler defaults (overridable on the command line)
 * and an optional pruner.
 *
 * <pre>{@code
 * SearchSpec s = new SearchSpec(List.of(ParamSpec.logFloat("lr", 1e-4, 1e-2)),
 *     new Objective("val_loss", Direction.MINIMIZE), new SearchSpec.Sampler("random", 20), null);
 * SearchSpec pareto = new SearchSpec(s.space(), List.of(new Objective("val_accuracy", Direction.MAXIMIZE),
 *     new Objective("params", Direction.MINIMIZE)), List.of(), new SearchSpec.Sampler("nsga2", 40), null);
 * }</pre>
 *
 * @param space parameters, unique names
 * @param objectives what to optimise: one objective, or several (a multi-objective study)
 * @param constraints bounds on metrics (multi-objective studies), possibly empty
 * @param sampler default sampler and number of trials
 * @param pruner pruner, or null for none
 */
public record SearchSpec(List<ParamSpec> space, List<Objective> objectives, List<Constraint> constraints, Sampler sampler,
                         Pruner pruner) {
    /** Sampler names accepted in files (the CLI maps them onto the search module). */
    public static final Set<String> SAMPLERS = Set.of("random", "lhs", "sobol", "grid", "genetic", "bayes", "gp", "tpe",
            "nsga2");
    /** Pruner names accepted in files. */
    public static final Set<String> PRUNERS = Set.of("none", "median", "successive_halving", "hyperband");

    /**
     * Default sampler.
     *
     * @param name one of {@link #SAMPLERS}
     * @param trials number of trials (≥ 1)
     */
    public record Sampler(String name, int trials) {
        /** Validates. */
        public Sampler {
            if (!SAMPLERS.contains(name)) {
                throw new IllegalArgumentException("unknown sampler '" + name + "'; expected one of " + new java.util.TreeSet<>(SAMPLERS));
            }
            if (trials < 1) {
                throw new IllegalArgumentException("trials must be at least 1, received " + trials);
            }
        }
    }

    /**
     * Pruner with arguments.
     *
     * @param name one of {@link #PRUNERS}
     * @param args its arguments (e.g. {@code n_warmup_steps})
     */
    public record Pruner(String name, Map<String, Object> args) {
        /** Validates. */
        @SuppressWarnings("unchecked")
        public Pruner {
            if (!PRUNERS.contains(name)) {
                throw new IllegalArgumentException("unknown pruner '" + name + "'; expected one of " + new java.util.TreeSet<>(PRUNERS));
            }
            args = (Map<String, Object>) Params.freeze(args == null ? Map.of() : args);
        }
    }

    /**
     * A single-objective search section.
     *
     * @param space parameters
     * @param objective what to optimise
     * @param sampler default sampler, or null
     * @param pruner pruner, or null
     */
    public SearchSpec(List<ParamSpec> space, Objective objective, Sampler sampler, Pruner pruner) {
        this(space, objective == null ? null : List.of(objective), List.of(), sampler, pruner);
    }

    /** Validates names and conditions. */
    public SearchSpec {
        space = List.copyOf(space == null ? List.of() : space);
        if (objectives == null || objectives.isEmpty()) {
            throw new IllegalArgumentException("search needs an objective, e.g. {metric: val_accuracy, direction: max}");
        }
        objectives = List.copyOf(objectives);
        constraints = List.copyOf(constraints == null ? List.of() : constraints);
        Set<String> metrics = new HashSet<>();
        for (Objective o : objectives) {
            if (!metrics.add(o.metric())) {
                throw new IllegalArgumentException("objective metric '" + o.metric() + "' appears twice");
            }
        }
        if (!constraints.isEmpty() && objectives.size() == 1) {
            throw new IllegalArgumentException("constraints apply to multi-objective studies (search.objectives with two or"
                    + " more entries)");
        }
        sampler = sampler == null ? new Sampler("random", 20) : sampler;
        Set<String> names = new HashSet<>();
        for (ParamSpec p : space) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("duplicate parameter '" + p.name() + "'");
            }
        }
        for (ParamSpec p : space) {
            if (p.condition() != null) {
                Optional<ParamSpec> c = space.stream().filter(q -> q.name().equals(p.condition().param())).findFirst();
                if (c.isEmpty()) {
                    throw new IllegalArgumentException("parameter '" + p.name() + "' depends on unknown parameter '" + p.condition().param() + "'");
                }
                if (c.get().name().equals(p.name())) {
                    throw new IllegalArgumentException("parameter '" + p.name() + "' cannot depend on itself");
                }
            }
        }
    }

    /** @return the objective of a single-objective study; the first objective of a multi-objective one */
    public Objective objective() {
        return objectives.get(0);
    }

    /** @return whether the study has several objectives (a Pareto front instead of one best trial) */
    public boolean multiObjective() {
        return objectives.size() > 1;
    }

    /** A parameter by name. */
    public Optional<ParamSpec> param(String name) {
        return space.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
