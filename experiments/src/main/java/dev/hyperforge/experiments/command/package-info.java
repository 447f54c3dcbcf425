/**
 * Command objectives: an experiment file's {@code command:} section runs the user's program once per trial,
 * passing the parameters on stdin and in {@code HF_*} variables and reading metrics, reports and the score
 * from its output ({@link dev.hyperforge.experiments.command.ProgramRun}); it plugs into the worker loop where
 * the model-training objective does ({@link dev.hyperforge.experiments.command.ProgramObjective}).
 */
package dev.hyperforge.experiments.command;
