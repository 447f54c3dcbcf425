/**
 * Studies shared through the tracker's database: {@code hf tune}, {@code hf tune --workers N} and {@code hf worker}
 * on any number of machines prepare or join a {@link dev.hyperforge.experiments.worker.SharedStudy} and run its
 * trials through the search module's {@link dev.hyperforge.search.TrialLoop} (budget claimed exactly once,
 * heartbeats and stale reaping, failure isolation, graceful stop) with the
 * {@link dev.hyperforge.experiments.worker.ExperimentObjective}.
 */
package dev.hyperforge.experiments.worker;
