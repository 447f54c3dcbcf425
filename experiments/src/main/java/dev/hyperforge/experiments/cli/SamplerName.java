package dev.hyperforge.experiments.cli;

import java.util.Locale;

/**
 * The samplers {@code hf tune --sampler} takes (the same names an experiment file's {@code sampler:} takes;
 * {@code gp} is another name of {@code bayes}).
 *
 * <pre>{@code
 * hf tune experiments/fashion-cnn.yaml --sampler tpe
 * }</pre>
 */
public enum SamplerName {
    /** Uniform random search. */
    RANDOM,
    /** Latin hypercube sampling. */
    LHS,
    /** Scrambled Sobol sequence. */
    SOBOL,
    /** Every combination of a discrete space. */
    GRID,
    /** Genetic algorithm (Jenetics). */
    GENETIC,
    /** Gaussian-process Bayesian optimisation. */
    BAYES,
    /** Another name of {@link #BAYES}. */
    GP,
    /** Tree-structured Parzen estimator. */
    TPE,
    /** NSGA-II, for several objectives (docs/multi-objective.md). */
    NSGA2;

    /** @return the name as experiment files write it */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
