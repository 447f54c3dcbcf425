package dev.hyperforge.experiments.worker;

import java.util.ArrayList;
import java.util.List;

import dev.hyperforge.engine.Backend;
import dev.hyperforge.engine.callbacks.Callback;
import dev.hyperforge.engine.callbacks.Mode;
import dev.hyperforge.experiments.data.Split;
import dev.hyperforge.experiments.file.Objective;
import dev.hyperforge.experiments.run.PruningCallback;
import dev.hyperforge.experiments.run.Seeds;
import dev.hyperforge.experiments.run.TrialRunner;
import dev.hyperforge.experiments.run.Workspace;
import dev.hyperforge.experiments.tracking.OutOfFold;
import dev.hyperforge.experiments.tracking.TrackingCallback;
import dev.hyperforge.experiments.run.ObjectiveVector;
import dev.hyperforge.search.MultiObjective;
import dev.hyperforge.search.StopSignal;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.Trial;
import dev.hyperforge.search.TrialAbortedException;
import dev.hyperforge.search.TrialPrunedException;
import dev.hyperforge.tracker.RunStore;

/**
 * One trial of an experiment, the objective that {@link SharedStudy} hands to the search module's
 * {@link dev.hyperforge.search.TrialLoop}: tags the trial with the worker running it ({@link SharedStudy#WORKER_TAG}),
 * builds the model from the file with the trial's parameters, trains it with tracking (metrics, checkpoint,
 * predictions into the tracker), pruning and the {@link TrialGuard} (NaN/Inf loss, stop requests), and returns the
 * objective's score. In a multi-objective study ({@code search.objectives}) it returns one value per objective
 * ({@link ObjectiveVector}) and records the trial's constraint values first. A diverging training (the engine's {@link ArithmeticException}) ends the trial with a
 * "training diverged" reason.
 *
 * <pre>{@code
 * StopSignal stop = new StopSignal();
 * Objective objective = new ExperimentObjective(store, study, new TrialRunner(experiment, data, Limits.NONE), stop);
 * TrialLoop.builder(study, objective).budget(20).stopSignal(stop).build().run();
 * }</pre>
 */
public final class ExperimentObjective implements dev.hyperforge.search.Objective {
    private final RunStore store;
    private final Study study;
    private final TrialRunner runner;
    private final StopSignal stop;

    /**
     * @param store the tracker
     * @param study the study (for its seed)
     * @param runner trains one configuration of the experiment
     * @param stop the worker's stop signal
     */
    public ExperimentObjective(RunStore store, Study study, TrialRunner runner, StopSignal stop) {
        this.store = store;
        this.study = study;
        this.runner = runner;
        this.stop = stop;
    }

    @Override
    public double evaluate(Trial trial) {
        return trainGuarded(trial).score();
    }

    /**
     * Trains a trial of a multi-objective study.
     *
     * @param trial the trial
     * @return its values, one per objective of the file
     */
    public double[] evaluateMulti(Trial trial) {
        TrialRunner.Outcome outcome = trainGuarded(trial);
        dev.hyperforge.experiments.file.SearchSpec search = runner.experiment().search().orElseThrow();
        List<Double> constraints = ObjectiveVector.constraints(search, outcome);
        if (!constraints.isEmpty()) {
            trial.setConstraints(constraints.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return ObjectiveVector.values(search, outcome).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** @return this objective for a multi-objective study's trial loop */
    public MultiObjective multi() {
        return this::evaluateMulti;
    }

    private TrialRunner.Outcome trainGuarded(Trial trial) {
        trial.setUserAttr(SharedStudy.WORKER_TAG, SharedStudy.WORKER_ID);
        // trials that finished since the last trial may have pushed others out of the kept top k
        dev.hyperforge.tracker.CheckpointRetention.load(store, study.id()).apply(store, study.id());
        try {
            return train(trial);
        } catch (ArithmeticException e) {
            throw new TrialAbortedException("training diverged: " + e.getMessage());
        }
    }

    private TrialRunner.Outcome train(Trial trial) {
        Backend.applyThreadLimit(); // OpenMP keeps its thread count per thread: this trial thread's share of the cores
        Objective objective = runner.objective();
        Mode mode = objective.mode();
        List<Split> splits = runner.splits();
        PruningCallback pruning = new PruningCallback(trial, objective.metric());
        long trialSeed = Seeds.trial(study.seed(), trial.number());
        // k-fold: the folds before the last keep their validation predictions; the last fold's tracking stores all
        OutOfFold earlierFolds = new OutOfFold();
        TrialRunner.Outcome outcome = runner.run(trial.params(), trialSeed, Workspace.runDir(study.name(), trial.id()), fold -> {
            List<Callback> cbs = new ArrayList<>();
            cbs.add(TrialGuard.forTrial(stop, trial));
            Split s = splits.get(fold);
            if (fold == splits.size() - 1) {
                cbs.add(new TrackingCallback(store, trial.id(), objective.metric(), mode, s.hasValidation() ? s.valX() : null,
                        s.hasValidation() ? s.valY() : null, earlierFolds));
            } else if (s.hasValidation()) {
                cbs.add(earlierFolds.fold(objective.metric(), mode, s.valX(), s.valY()));
            }
            if (splits.size() == 1) {
                cbs.add(pruning);
            }
            return cbs;
        }, false);
        if (pruning.pruned()) {
            throw new TrialPrunedException("pruned by the study's pruner");
        }
        return outcome;
    }
}
