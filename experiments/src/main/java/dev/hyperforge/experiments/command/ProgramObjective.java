package dev.hyperforge.experiments.command;

import java.util.Map;

import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.model.ModelFactory;
import dev.hyperforge.search.StopSignal;
import dev.hyperforge.search.Objective;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.Trial;

/**
 * One trial of a command experiment in the worker loop (where {@code ExperimentObjective} trains a model):
 * runs the program through {@link ProgramRun} with the trial's parameters (inactive conditional ones at their
 * defaults), hands its reports to the study's pruner, and ends it when the worker is asked to stop.
 *
 * <pre>{@code
 * Objective o = new ProgramObjective(store, study, experiment, stopSignal);
 * double score = o.evaluate(study.ask());
 * }</pre>
 */
public final class ProgramObjective implements Objective {
    private final dev.hyperforge.tracker.RunStore store;
    private final Study study;
    private final Experiment experiment;
    private final StopSignal stop;

    /**
     * @param store the tracker
     * @param study the study
     * @param experiment a command experiment
     * @param stop the worker's stop signal
     */
    public ProgramObjective(dev.hyperforge.tracker.RunStore store, Study study, Experiment experiment, StopSignal stop) {
        this.store = store;
        this.study = study;
        this.experiment = experiment;
        this.stop = stop;
    }

    @Override
    public double evaluate(Trial trial) {
        Map<String, Object> params = ModelFactory.params(experiment, trial.params());
        return new ProgramRun(experiment, store, trial.id(), study.name(), trial.number()).run(params, (step, value) -> {
            trial.report(step, value);
            return trial.shouldPrune();
        }, () -> stop.requested() ? stop.reason() : trial.abortReason()).score();
    }
}
