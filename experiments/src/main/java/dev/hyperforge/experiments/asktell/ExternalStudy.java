package dev.hyperforge.experiments.asktell;

import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFile;
import dev.hyperforge.experiments.run.Limits;
import dev.hyperforge.experiments.worker.StudySettings;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.Trial;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.sampler.Samplers;
import dev.hyperforge.tracker.ExperimentRecord;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.web.AskTell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A study driven from outside: its experiment file has only a {@code search} section, and a program in any
 * language asks for trials and tells their scores. {@link #create} is what {@code hf tune FILE --setup-only} does for
 * such a file (the study, its budget and its file go to the database); {@link #open} is what {@code hf ask},
 * {@code hf tell} and {@code hf serve} do. Each call reads the study's state from the database, so any number of
 * processes may ask and tell at once: a trial is claimed within the budget in one transaction, and the sampler,
 * a pure function of the stored history and the study seed, suggests the same parameters in any process.
 *
 * <pre>{@code
 * ExternalStudy s = ExternalStudy.open(store, "shell-gp");
 * AskTell.Asked a = s.ask(null);                          // RUNNING, within the budget
 * s.tell(a.trial(), AskTell.Outcome.complete(f(a.params())));
 * }</pre>
 */
public final class ExternalStudy {
    private final RunStore store;
    private final Experiment experiment;
    private final StudyRecord record;
    private final StudySettings settings;

    private ExternalStudy(RunStore store, Experiment experiment, StudyRecord record, StudySettings settings) {
        this.store = store;
        this.experiment = experiment;
        this.record = record;
        this.settings = settings;
    }

    /**
     * Creates (or updates) a study of a search-only experiment: stores the file, creates the study if new, and sets its
     * trial budget.
     *
     * @param store the tracker
     * @param e the experiment, {@link Experiment#searchOnly()}
     * @param name the study name
     * @param samplerName the sampler, in the search module's terms (e.g. {@code gp})
     * @param seed the study seed (ignored when the study exists)
     * @param budget trials that must not fail
     * @return the study
     */
    public static ExternalStudy create(RunStore store, Experiment e, String name, String samplerName, long seed, int budget) {
        if (!e.searchOnly()) {
            throw new IllegalArgumentException(e.source().file() + " has a model; ask/tell drives only files with just a search section");
        }
        long experimentId = store.saveExperiment(e.text()).id();
        Study study = TrackerStudy.open(store, e, name, Samplers.create(samplerName, "{}"), seed, experimentId, null);
        StudySettings settings = new StudySettings(budget, StudySettings.DEFAULT_HEARTBEAT, false, experimentId, Limits.NONE);
        settings.save(store, study.id());
        if (study.isMultiObjective()) {
            dev.hyperforge.tracker.ObjectiveNames.save(store, study.id(),
                    e.search().orElseThrow().objectives().stream().map(o -> o.metric()).toList());
        }
        return new ExternalStudy(store, e, store.study(study.id()), settings);
    }

    /**
     * @param store the tracker
     * @param name a study created by {@link #create}
     * @return the study
     * @throws IllegalArgumentException for an unknown study or one that is not driven from outside
     */
    public static ExternalStudy open(RunStore store, String name) {
        return open(store, store.findStudyRecord(name).orElseThrow(() -> new IllegalArgumentException("no study named '" + name
                + "' in this database; create it with: hf tune FILE --study " + name + " --setup-only")));
    }

    /**
     * @param store the tracker
     * @param studyId a study created by {@link #create}
     * @return the study
     * @throws java.util.NoSuchElementException for an unknown id
     */
    public static ExternalStudy open(RunStore store, long studyId) {
        return open(store, store.study(studyId));
    }

    private static ExternalStudy open(RunStore store, StudyRecord rec) {
        String hint = "; prepare a file with only a search section with: hf tune FILE --study " + rec.name() + " --setup-only";
        StudySettings settings = StudySettings.load(store, rec.id()).orElseThrow(() -> new IllegalArgumentException("study '"
                + rec.name() + "' is not driven from outside (it has no budget settings)" + hint));
        ExperimentRecord er = store.experiment(settings.experimentId());
        Experiment e = ExperimentFile.parse(er.text(), "study '" + rec.name() + "' (experiment " + er.id() + " in the database)");
        if (!e.searchOnly()) {
            throw new IllegalArgumentException("study '" + rec.name() + "' trains the model of its experiment file (hf tune, hf worker);"
                    + " ask/tell drives only studies whose file has just a search section" + hint);
        }
        return new ExternalStudy(store, e, rec, settings);
    }

    /** @return the study name */
    public String name() {
        return record.name();
    }

    /** @return the study id */
    public long id() {
        return record.id();
    }

    /** @return the trial budget */
    public int budget() {
        return settings.budget();
    }

    /** @return the experiment file */
    public Experiment experiment() {
        return experiment;
    }

    private Study study(Duration staleAfter) {
        return TrackerStudy.open(store, experiment, record.name(), Samplers.create(record.samplerName(), record.samplerSettingsJson()),
                record.seed(), settings.experimentId(), staleAfter);
    }

    /**
     * Starts a trial within the budget, with the sampler's parameters.
     *
     * @param staleAfter first fail the RUNNING trials silent (no metrics, no heartbeat) for longer than this, freeing
     *     their place in the budget; null: trials stay RUNNING until told
     * @return the RUNNING trial
     * @throws IllegalStateException when the budget is spent (the message counts the trials by state)
     */
    public AskTell.Asked ask(Duration staleAfter) {
        Study study = study(staleAfter);
        study.failStaleTrials();
        Optional<Trial> t = study.askWithinBudget(settings.budget());
        if (t.isEmpty()) {
            throw new IllegalStateException("study '" + name() + "' has no trial left in its budget of " + settings.budget() + " ("
                    + counts(study.trials()) + "); tell the RUNNING ones, or raise the budget with: hf tune FILE --study " + name()
                    + " --setup-only --trials N");
        }
        return new AskTell.Asked(name(), id(), t.get().number(), t.get().id(), t.get().params());
    }

    private static String counts(List<FrozenTrial> trials) {
        Map<TrialState, Integer> n = new EnumMap<>(TrialState.class);
        trials.forEach(t -> n.merge(t.state(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        n.forEach((s, c) -> parts.add(c + " " + s));
        return parts.isEmpty() ? "no trials" : String.join(", ", parts);
    }

    /**
     * Finishes a RUNNING trial.
     *
     * @param trialNumber the trial number
     * @param outcome the score, or pruned, or failed
     * @return the finished trial
     * @throws IllegalStateException if the trial is not RUNNING (the message names its state)
     */
    public FrozenTrial tell(int trialNumber, AskTell.Outcome outcome) {
        Study study = study(null);
        Trial t = study.runningTrial(trialNumber);
        return switch (outcome.state()) {
            case COMPLETE -> study.tell(t, outcome.values());
            case PRUNED -> study.tellPruned(t);
            default -> study.tellFailed(t, outcome.error() == null ? "failed (reported by the program)" : outcome.error());
        };
    }

    /**
     * Logs metric points of a RUNNING trial in one transaction and refreshes its heartbeat; a point of the objective
     * metric is also the trial's intermediate value at its step, which the study's pruner judges.
     *
     * @param run the trial's run
     * @param points the points
     * @return true when the study's pruner says the trial should stop (judged only when the objective metric was logged)
     */
    public boolean log(Run run, List<MetricPoint> points) {
        checkMine(run);
        store.logMetrics(run.id(), points);
        String objective = experiment.search().orElseThrow().objective().metric();
        List<MetricPoint> reported = points.stream().filter(p -> p.name().equals(objective)).toList();
        if (reported.isEmpty()) {
            store.heartbeat(run.id());
            return false;
        }
        Trial t = study(null).runningTrial(run.number());
        reported.forEach(p -> t.report((int) p.step(), p.value()));
        return t.shouldPrune();
    }

    /**
     * @param run a run of this study
     * @throws IllegalArgumentException if it belongs to another study
     */
    public void checkMine(Run run) {
        if (run.studyId() != id()) {
            throw new IllegalArgumentException("run " + run.id() + " belongs to study " + run.studyId() + ", not to '" + name() + "'");
        }
    }
}
