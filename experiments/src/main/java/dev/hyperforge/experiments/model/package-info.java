/**
 * From an experiment and one trial's parameters to a compiled engine model and its fit options;
 * callbacks are created by name through {@link dev.hyperforge.experiments.model.CallbackFactory}.
 *
 * <pre>{@code
 * Model m = ModelFactory.build(experiment, params, seed);
 * FitOptions o = ModelFactory.fitOptions(experiment, params, seed, runDir, List.of(tracking));
 * }</pre>
 */
package dev.hyperforge.experiments.model;
