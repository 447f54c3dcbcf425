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
import dev.hyperforge.experiments.worker.TrialGuard;
import dev.hyperforge.search.StopSignal;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;

/**
 * {@code hf train}: one tracked training run with default or given parameters. Runs go into the study
 * {@code <experiment>-train} with sampler {@code manual}; the run's seed is recorded as {@code train} in
 * its provenance, so {@code hf replay} can rebuild it. On SIGTERM/Ctrl-C the {@link GracefulStop} (the same
 * one as {@code hf tune} and {@code hf worker}) ends the training after its current batch and the run is
 * recorded FAILED with {@link GracefulStop#REASON}. While it trains, a {@link RunHeartbeat} keeps the run's heartbeat
 * fresh, so that the run of a process killed with SIGKILL is failed by a later command.
 *
 * <pre>{@code
 * try (GracefulStop stop = GracefulStop.install(GracefulStop.GRACE)) {
 *     SingleRun.Result r = SingleRun.train(experiment, Map.of("units", 64), 42, store, true, Limits.NONE, stop,
 *             RunHeartbeat.DEFAULT_INTERVAL);
 * }
 * }</pre>
 */
public final class SingleRun {
    /** Name of the provenance seed that marks a run made by {@code hf train}. */
    public static final String TRAIN_SEED = "train";

    private SingleRun() {
    }

    /** The finished run and what training produced. */
    public record Result(Run run, TrialRunner.Outcome outcome) {
    }

    /**
     * Trains and records one run.
     *
     * @param stop the command's SIGTERM/Ctrl-C handler, or null for none
     * @param heartbeat how often the run's heartbeat is refreshed
     */
    public static Result train(Experiment e, Map<String, ?> given, long seed, RunStore store, boolean progress, Limits limits,
                               GracefulStop stop, java.time.Duration heartbeat) {
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
        StopSignal signal = new StopSignal();
        try (RunHeartbeat beat = RunHeartbeat.start(store, study.id(), run.id(), heartbeat)) {
            return trainRun(e, store, progress, stop, params, runner, objective, study, run, signal, seed);
        }
    }

    private static Result trainRun(Experiment e, RunStore store, boolean progress, GracefulStop stop, Map<String, Object> params,
                                   TrialRunner runner, Objective objective, StudyRecord study, Run run, StopSignal signal, long seed) {
        if (stop != null) {
            stop.attach(signal, reason -> store.finishRun(run.id(), TrialState.FAILED, null, reason));
        }
        try {
            store.setParams(run.id(), TrialValues.params(params, SearchSpaces.distributionsJson(e)));
            List<Split> splits = runner.splits();
            Mode mode = objective.mode();
            TrialRunner.Outcome outcome = runner.run(params, Seeds.trial(seed, 0), Workspace.runDir(study.name(), run.id()), fold -> {
                List<Callback> cbs = new ArrayList<>();
                cbs.add(TrialGuard.stopOnly(signal));
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
        }
    }
}
