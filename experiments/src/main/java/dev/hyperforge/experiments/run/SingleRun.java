package dev.hyperforge.experiments.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hyperforge.engine.callbacks.Callback;
import dev.hyperforge.engine.callbacks.Mode;
import dev.hyperforge.experiments.data.DataSet;
import dev.hyperforge.experiments.data.Split;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.Objective;
import dev.hyperforge.experiments.model.ModelFactory;
import dev.hyperforge.tracker.TrialValues;
import dev.hyperforge.experiments.tracking.TrackingCallback;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;

/**
 * {@code hf train}: one tracked training run with default or given parameters. Runs go into the study
 * {@code <experiment>-train} with sampler {@code manual}; the run's seed is recorded as {@code train} in
 * its provenance, so {@code hf replay} can rebuild it.
 */
public final class SingleRun {
    /** Name of the provenance seed that marks a run made by {@code hf train}. */
    public static final String TRAIN_SEED = "train";

    private SingleRun() {
    }

    /** The finished run and what training produced. */
    public record Result(Run run, TrialRunner.Outcome outcome) {
    }

    /** Trains and records one run. */
    public static Result train(Experiment e, Map<String, ?> given, long seed, RunStore store, boolean progress, Limits limits) {
        return train(e, given, seed, store, progress, limits, () -> { });
    }

    /**
     * Trains and records one run; on Ctrl-C/SIGTERM the run is marked FAILED with the reason and then
     * {@code afterInterrupt} runs (e.g. closing a database opened without its own close-on-exit hook).
     */
    public static Result train(Experiment e, Map<String, ?> given, long seed, RunStore store, boolean progress, Limits limits,
                               Runnable afterInterrupt) {
        Map<String, Object> params = ModelFactory.params(e, given);
        DataSet data = Workspace.data(e);
        TrialRunner runner = new TrialRunner(e, data, limits);
        Objective objective = runner.objective();
        long experimentId = store.saveExperiment(e.text()).id();
        StudyRecord study = store.createOrGetStudy(new StudySpec(e.name() + "-train",
                objective.direction(), "manual", "{}", seed), experimentId);
        Map<String, Long> seeds = new LinkedHashMap<>();
        seeds.put("experiment", e.seed());
        seeds.put(TRAIN_SEED, seed);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("experiment", e.name());
        config.put("params", params);
        config.put("limits", limits.toMap());
        Run run = store.startRun(study.id(), Workspace.provenance(e, data, config, seeds));
        Thread hook = new Thread(() -> markInterrupted(store, run.id(), afterInterrupt), "hf-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            store.setParams(run.id(), TrialValues.params(params, SearchSpaces.distributionsJson(e)));
            List<Split> splits = runner.splits();
            Mode mode = objective.mode();
            TrialRunner.Outcome outcome = runner.run(params, Seeds.trial(seed, 0), Workspace.runDir(study.name(), run.id()), fold -> {
                List<Callback> cbs = new ArrayList<>();
                if (fold == splits.size() - 1) {
                    Split s = splits.get(fold);
                    cbs.add(new TrackingCallback(store, run.id(), objective.metric(), mode, s.hasValidation() ? s.valX() : null,
                            s.hasValidation() ? s.valY() : null));
                }
                return cbs;
            }, progress);
            return new Result(store.finishRun(run.id(), TrialState.COMPLETE, outcome.score(), null), outcome);
        } catch (RuntimeException ex) {
            store.finishRun(run.id(), TrialState.FAILED, null, String.valueOf(ex.getMessage()));
            throw ex;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    private static void markInterrupted(RunStore store, long runId, Runnable afterInterrupt) {
        try {
            store.finishRun(runId, TrialState.FAILED, null, "interrupted: the process was stopped (SIGINT/SIGTERM)");
        } catch (RuntimeException ignored) {
            // already finished or the database is closing
        }
        afterInterrupt.run();
    }
}
