package dev.hyperforge.experiments.worker;

import dev.hyperforge.engine.Backend;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import dev.hyperforge.experiments.command.ProgramObjective;
import dev.hyperforge.experiments.data.DataSet;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFile;
import dev.hyperforge.experiments.file.Objective;
import dev.hyperforge.experiments.run.GracefulStop;
import dev.hyperforge.experiments.run.SearchSpaces;
import dev.hyperforge.experiments.run.TrialRunner;
import dev.hyperforge.experiments.run.Workspace;
import dev.hyperforge.search.StopSignal;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.TrialLoop;
import dev.hyperforge.search.sampler.Samplers;
import dev.hyperforge.tracker.ExperimentRecord;
import dev.hyperforge.search.storage.StudyStorage;
import dev.hyperforge.tracker.RunContext;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StoreException;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.jdbc.ConnectionWatch;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;

/**
 * A study of an experiment held in the tracker, ready for workers: {@link #create} (what {@code hf tune} does:
 * create or resume the study and store its {@link StudySettings}) and {@link #join} (what {@code hf worker}
 * does: read the study, its settings and its experiment file from the database). {@link #work} then runs the
 * search module's {@link TrialLoop} on it (the same loop as {@code Study.optimize}) with the
 * {@link ExperimentObjective} and a progress line; {@code hf tune}, {@code hf tune --workers N} and
 * {@code hf worker} all come here.
 *
 * <pre>{@code
 * SharedStudy s = SharedStudy.join(store, "fashion-bayes");
 * TrialLoop.Report r = s.work(1, null, out, false, stop);
 * }</pre>
 */
public final class SharedStudy {
    /** The tag (user attribute) naming the worker that runs a trial: {@code host:pid}. */
    public static final String WORKER_TAG = "worker";
    /** This process as a worker: {@code host:pid}. */
    public static final String WORKER_ID = hostName() + ":" + ProcessHandle.current().pid();

    private final RunStore store;
    private final Experiment experiment;
    private final Study study;
    private final StudySettings settings;
    private final TrialRunner runner;

    private SharedStudy(RunStore store, Experiment experiment, Study study, StudySettings settings, TrialRunner runner) {
        this.store = store;
        this.experiment = experiment;
        this.study = study;
        this.settings = settings;
        this.runner = runner;
    }

    /**
     * Creates (or resumes) a study of an experiment and stores its settings for workers.
     *
     * @param store the tracker
     * @param e the experiment (its text must be stored: {@code settings.experimentId()})
     * @param name study name
     * @param samplerName sampler name
     * @param seed study seed (ignored when resuming)
     * @param settings budget, heartbeat, caps
     * @return the study
     */
    public static SharedStudy create(RunStore store, Experiment e, String name, String samplerName, long seed, StudySettings settings) {
        return create(store, e, name, samplerName, seed, settings, null);
    }

    /**
     * {@link #create(RunStore, Experiment, String, String, long, StudySettings)} with a warm start.
     *
     * @param store the tracker
     * @param e the experiment
     * @param name study name
     * @param samplerName sampler name
     * @param seed study seed (ignored when resuming)
     * @param settings budget, heartbeat, caps
     * @param warmStart an earlier study's trials to seed a new study's sampler with (see
     *     {@code Study.Builder.warmStart}), or null for none
     * @return the study
     */
    public static SharedStudy create(RunStore store, Experiment e, String name, String samplerName, long seed, StudySettings settings,
                                     java.util.List<dev.hyperforge.search.FrozenTrial> warmStart) {
        SharedStudy s = open(store, e, name, samplerName, seed, settings, warmStart);
        settings.save(store, s.study.id());
        if (s.study.isMultiObjective()) {
            dev.hyperforge.tracker.ObjectiveNames.save(store, s.study.id(), s.objectives().stream().map(Objective::metric).toList());
        }
        return s;
    }

    /**
     * Joins a study prepared by {@code hf tune}: its settings and experiment file come from the database.
     *
     * @param store the tracker
     * @param name study name
     * @return the study
     * @throws IllegalArgumentException when there is no such study, or it was not prepared for workers
     */
    public static SharedStudy join(RunStore store, String name) {
        StudyRecord rec = store.findStudyRecord(name).orElseThrow(() -> new IllegalArgumentException("no study named '" + name
                + "' in this database; create it with: hf tune FILE --study " + name + " --setup-only --db URL"));
        StudySettings settings = StudySettings.load(store, rec.id()).orElseThrow(() -> new IllegalArgumentException("study '" + name
                + "' has no worker settings (it was not created by hf tune); prepare it with: hf tune FILE --study " + name
                + " --setup-only --db URL"));
        ExperimentRecord er = store.experiment(settings.experimentId());
        Experiment e = ExperimentFile.parse(er.text(), "study '" + name + "' (experiment " + er.id() + " in the database)");
        if (e.searchOnly()) {
            throw new IllegalArgumentException("study '" + name + "' is driven from outside (its file has only a search section):"
                    + " a worker has nothing to run; drive it with hf ask --study " + name + " and hf tell");
        }
        return open(store, e, name, rec.samplerName(), rec.seed(), settings, null);
    }

    private static SharedStudy open(RunStore store, Experiment e, String name, String samplerName, long seed, StudySettings settings,
                                    java.util.List<dev.hyperforge.search.FrozenTrial> warmStart) {
        DataSet data = Workspace.data(e);
        Map<String, Long> seeds = new LinkedHashMap<>();
        seeds.put("experiment", e.seed());
        seeds.put("study", seed);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("experiment", e.name());
        config.put("sampler", samplerName);
        config.put("trial_seed", "Seeds.trial(study, number)");
        config.put("limits", settings.limits().toMap());
        StudyStorage storage = store.withRunContext(new RunContext(() -> Workspace.provenance(e, data, config, seeds),
                settings.experimentId(), SearchSpaces.distributionsJson(e)));
        TrialRunner runner = new TrialRunner(e, data, settings.limits());
        Objective objective = runner.objective();
        Study.Builder builder = Study.builder(name, SearchSpaces.space(e))
                .directions(SearchSpaces.directions(e))
                .sampler(Samplers.create(samplerName, "{}")).pruner(SearchSpaces.pruner(e)).seed(seed).storage(storage)
                .heartbeat(settings.heartbeat(), settings.staleAfter(), settings.retryStale());
        Study study = (warmStart == null ? builder : builder.warmStart(warmStart)).build();
        return new SharedStudy(store, e, study, settings, runner);
    }

    /** @return the study */
    public Study study() {
        return study;
    }

    /** @return the experiment */
    public Experiment experiment() {
        return experiment;
    }

    /** @return the settings */
    public StudySettings settings() {
        return settings;
    }

    /** @return the experiment's objectives (one, or several for a multi-objective study) */
    public java.util.List<Objective> objectives() {
        return experiment.search().map(s -> s.objectives()).orElse(java.util.List.of(runner.objective()));
    }

    /** @return the experiment's objective */
    public Objective objective() {
        return runner.objective();
    }

    /**
     * Runs the trial loop on this study until its budget is spent, with a progress line per finished trial. With
     * several threads, the cores are shared among them ({@link Backend#shareCores}).
     *
     * @param threads trials at once in this process
     * @param timeout stop starting trials after this long, or null
     * @param out progress
     * @param quiet no progress lines
     * @param stop stops the loop on SIGTERM/Ctrl-C
     * @return how it ended
     * @throws StoreException when the database stayed unreachable for longer than its retry time
     */
    public TrialLoop.Report work(int threads, Duration timeout, PrintWriter out, boolean quiet, GracefulStop stop) {
        StopSignal signal = new StopSignal();
        if (experiment.command().isEmpty()) {
            Backend.shareCores(threads); // N trainings at once share the cores instead of each taking them all
        }
        TrialLoop.Builder builder = study.isMultiObjective() ? TrialLoop.builderMulti(study, multiObjective(signal))
                : TrialLoop.builder(study, objective(signal));
        TrialLoop loop = builder
                .budget(settings.budget()).threads(threads).timeout(timeout).stopSignal(signal)
                .reapEvery(settings.reapEvery(), mayReap()).idlePause(settings.idlePause()).maxFailed(settings.maxFailed())
                .storageErrors(e -> e instanceof StoreException)
                .listener(new ProgressPrinter(study, settings.budget(), out, quiet)).build();
        stop.attach(signal, loop::failRunning);
        return loop.run();
    }

    /**
     * @param r how a loop on this study ended
     * @return the ending in words, with where to look when trials kept failing
     */
    public String describe(TrialLoop.Report r) {
        return r.ending() == TrialLoop.Ending.TOO_MANY_FAILURES
                ? r.detail() + "; see the errors with hf runs --study " + study.name() + " --state FAILED" : r.detail();
    }

    /** What evaluates a trial: the experiment's program for a {@code command:} experiment, else its model's training. */
    private dev.hyperforge.search.Objective objective(StopSignal signal) {
        return experiment.command().isPresent() ? new ProgramObjective(store, study, experiment, signal)
                : new ExperimentObjective(store, study, runner, signal);
    }

    /** What evaluates a trial of a multi-objective study: its model's training, one value per objective. */
    private dev.hyperforge.search.MultiObjective multiObjective(StopSignal signal) {
        if (experiment.command().isPresent()) {
            throw new IllegalArgumentException(experiment.source().file() + ": search.objectives (several objectives) needs a"
                    + " model experiment; a command: experiment reports one objective");
        }
        return new ExperimentObjective(store, study, runner, signal).multi();
    }

    /** Not right after a database outage: then every worker's heartbeat is late and needs a moment to land. */
    private BooleanSupplier mayReap() {
        if (!(store instanceof JdbcRunStore jdbc)) {
            return () -> true;
        }
        ConnectionWatch watch = jdbc.database().connectionWatch();
        long settle = settings.staleAfter().toNanos();
        return () -> !watch.isDown() && (watch.restoredAtNanos() == 0 || System.nanoTime() - watch.restoredAtNanos() > settle);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
