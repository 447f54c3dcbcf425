/**
 * The experiment file format: YAML read with line numbers into an immutable, validated
 * {@link dev.hyperforge.experiments.file.Experiment} (data, model template with {@code ${param}}
 * references, compile, fit, search space as neutral {@link dev.hyperforge.experiments.file.ParamSpec}s,
 * objective), plus the builder for experiments written in code. Errors are
 * {@link dev.hyperforge.experiments.file.ExperimentFileException}s naming file, line and field.
 *
 * <pre>{@code
 * Experiment e = ExperimentFile.load(Path.of("experiments/fashion-cnn.yaml"));
 * }</pre>
 */
package dev.hyperforge.experiments.file;
