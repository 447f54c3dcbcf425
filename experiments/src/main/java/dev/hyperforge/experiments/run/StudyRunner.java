package dev.hyperforge.experiments.run;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.asktell.ExternalStudy;
import dev.hyperforge.experiments.worker.SharedStudy;
import dev.hyperforge.experiments.worker.StudySettings;
import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.TrialLoop;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunStore;

/**
 * Runs a tuning study of an experiment: each trial's parameters come from the sampler, the model is built
 * from the file and trained with tracking and pruning, and everything lands in the tracker. Running the
 * same command again resumes the study: finished trials count towards the budget and are never re-run.
 * The study and its settings live in the database, so {@code hf worker --study NAME} processes on other
 * machines can join it; {@code --workers N} runs N of the same workers in this process.
 *
 * <pre>{@code
 * StudyRunner.Result r = new StudyRunner(store, out).tune(experiment,
 *     new StudyRunner.Options("bayes", 20, 1, null, null, null, false, Limits.NONE));
 * }</pre>
 */
public final class StudyRunner {
    private dev.hyperforge.tracker.CheckpointRetention retention;
    private final RunStore store;
    private final PrintWriter out;
    private GracefulStop stop;
    private String warmStartStudy;
    private String lastStop;
    private boolean allowChangedFile;

    /**
     * Settings of one {@code tune} call; nulls take the experiment's defaults.
     *
     * @param heartbeat heartbeat interval of the study's workers (null: {@link StudySettings#DEFAULT_HEARTBEAT})
     * @param retryStale re-queue trials whose worker died, with the same parameters
     * @param setupOnly create or update the study and its settings, run nothing (for {@code hf worker})
     */
    public record Options(String sampler, Integer trials, int workers, String studyName, Long seed, Duration timeout, boolean quiet,
                          Limits limits, Duration heartbeat, boolean retryStale, boolean setupOnly) {
        /** Validates the numbers. */
        public Options {
            if (trials != null && trials < 1) {
                throw new IllegalArgumentException("--trials must be at least 1, received " + trials);
            }
            if (workers < 1) {
                throw new IllegalArgumentException("--workers must be at least 1, received " + workers);
            }
            checkStudyName(studyName);
            heartbeat = heartbeat == null ? StudySettings.DEFAULT_HEARTBEAT : heartbeat;
            if (heartbeat.toMillis() < 100) {
                throw new IllegalArgumentException("--heartbeat must be at least 100ms, received " + heartbeat);
            }
        }

        /** A study name is printed in tables and progress lines and typed again on other commands: one line, no control characters. */
        static void checkStudyName(String name) {
            if (name == null) {
                return;
            }
            if (name.isBlank() || name.length() > 200) {
                throw new IllegalArgumentException("--study must be 1 to 200 characters and not blank, received " + name.length() + " characters");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.LINE_SEPARATOR
                        || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                    throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "--study must not hold control or line-break "
                            + "characters, received U+%04X at position %d of '%s'", (int) c, i + 1, name.replaceAll("\\p{Cntrl}", "?")));
                }
            }
        }

        /** Options with the default heartbeat, no re-queueing, running trials. */
        public Options(String sampler, Integer trials, int workers, String studyName, Long seed, Duration timeout, boolean quiet,
                       Limits limits) {
            this(sampler, trials, workers, studyName, seed, timeout, quiet, limits, null, false, false);
        }
    }

    /**
     * The study and its finished trials (null and empty for a study driven from outside, which tune only sets up).
     *
     * @param ending why the trial loop stopped, or null when tune ran no trials (setup only, driven from outside)
     */
    public record Result(Study study, List<FrozenTrial> trials, TrialLoop.Ending ending) {
        /** A result without an ending (no trials were run). */
        public Result(Study study, List<FrozenTrial> trials) {
            this(study, trials, null);
        }

        /** Whether the study stopped because too many trials failed ({@code hf tune} then exits with 1). */
        public boolean stoppedOnFailures() {
            return ending == TrialLoop.Ending.TOO_MANY_FAILURES;
        }
    }

    /**
     * @param store the tracker
     * @param out where progress and the leaderboard go
     */
    public StudyRunner(RunStore store, PrintWriter out) {
        this.store = store;
        this.out = out;
    }

    /**
     * @param value the graceful stop installed by the command (it then waits for the database to be closed);
     *     without one, {@link #tune} installs its own
     * @return this runner
     */
    public StudyRunner stopWith(GracefulStop value) {
        this.stop = value;
        return this;
    }

    /**
     * @param study an earlier study in the same database whose finished trials seed the sampler of the study
     *     {@link #tune} creates (see {@code Study.Builder.warmStart}), or null for none
     * @return this runner
     */
    public StudyRunner warmStartFrom(String study) {
        this.warmStartStudy = study;
        return this;
    }

    /**
     * Sets the study's checkpoint retention (stored with the study for its workers); null keeps the stored one.
     *
     * @param value the policy or null
     * @return this runner
     */
    public StudyRunner keepCheckpoints(dev.hyperforge.tracker.CheckpointRetention value) {
        this.retention = value;
        return this;
    }

    /** Runs (or resumes) the study until its trial budget is spent or the timeout passes. */
    public Result tune(Experiment e, Options o) {
        String samplerName = SearchSpaces.samplerName(o.sampler() != null ? o.sampler()
                : e.search().map(s -> s.sampler().name()).orElse("random"));
        int budget = o.trials() != null ? o.trials() : e.search().map(s -> s.sampler().trials()).orElse(10);
        String name = o.studyName() != null ? o.studyName() : e.name() + "-" + samplerName;
        long seed = o.seed() != null ? o.seed() : e.seed();
        checkSamplerFitsSpace(e, samplerName);
        if (e.command().isPresent() && e.search().map(s -> s.multiObjective()).orElse(false)) {
            throw new IllegalArgumentException(e.source().file() + ": search.objectives (several objectives) needs a model"
                    + " experiment or ask/tell; a command: experiment reports one objective");
        }
        if (e.searchOnly()) {
            if (warmStartStudy != null) {
                throw new IllegalArgumentException("--warm-start applies to studies hf tune runs; " + e.source().file()
                        + " has only a search section (its study is driven with hf ask / hf tell)");
            }
            return setUpExternal(e, o, name, samplerName, seed, budget);
        }
        Workspace.data(e);
        dev.hyperforge.experiments.file.Objective objective = new TrialRunner(e, null).objective();
        checkResumable(name, samplerName, e);
        checkSameFile(e, name);
        List<FrozenTrial> warm = warmStartStudy == null ? null : WarmStartSource.trials(store, warmStartStudy, name, objective);
        long experimentId = store.saveExperiment(e.text()).id();
        StudySettings settings = new StudySettings(budget, o.heartbeat(), o.retryStale(), experimentId, o.limits());
        SharedStudy shared = SharedStudy.create(store, e, name, samplerName, seed, settings, warm);
        Study study = shared.study();
        if (retention != null) {
            retention.save(store, study.id());
        }
        if (warm != null && !o.quiet()) {
            out.printf("warm start: %d of the %d trials of study '%s' fit the space%n", study.warmStartTrials().size(), warm.size(),
                    warmStartStudy);
        }
        long finished = study.trials().stream().filter(t -> t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED).count();
        if (!o.quiet() || o.setupOnly()) {
            out.printf("study '%s': sampler %s, %d of %d trials finished, %s%n", study.name(), study.sampler().name(), finished, budget,
                    o.setupOnly() ? "ready for workers: hf worker --study " + study.name() + " --db URL" : o.workers() + " worker(s) here");
            out.flush();
        }
        TrialLoop.Report report = o.setupOnly() ? null : work(shared, o);
        if (!o.setupOnly()) {
            dropCheckpoints(study.id(), o.quiet());
        }
        List<FrozenTrial> trials = study.trials();
        if (!o.setupOnly()) {
            Leaderboard.print(study, trials, shared.objectives(), out);
        }
        return new Result(study, trials, report == null ? null : report.ending());
    }

    /** Why the last {@link #tune} stopped running trials (e.g. "more than 10 trials failed; see ..."), or null. */
    public String stopReason() {
        return lastStop;
    }

    /** Applies the study's checkpoint retention to its finished trials and says what it dropped. */
    private void dropCheckpoints(long studyId, boolean quiet) {
        dev.hyperforge.tracker.CheckpointRetention policy = dev.hyperforge.tracker.CheckpointRetention.load(store, studyId);
        List<dev.hyperforge.tracker.Artifact> dropped = policy.apply(store, studyId);
        if (!quiet && policy.keep() >= 0) {
            out.printf("checkpoints: keeping %s; %d dropped now%n", policy.keep() == 0 ? "none"
                    : "those of the best " + policy.keep() + " trial(s)", dropped.size());
        }
    }

    /** A file with only a search section: the study is driven from outside, so tune only sets it up. */
    private Result setUpExternal(Experiment e, Options o, String name, String samplerName, long seed, int budget) {
        if (!o.setupOnly()) {
            throw new IllegalArgumentException(e.source().file() + " has only a search section: its trials are run outside Hyperforge."
                    + " Create the study with: hf tune " + e.source().file() + " --study " + name + " --setup-only, then drive it"
                    + " with hf ask / hf tell (docs/ask-tell.md)");
        }
        checkResumable(name, samplerName, e);
        checkSameFile(e, name);
        ExternalStudy s = ExternalStudy.create(store, e, name, samplerName, seed, budget);
        long finished = store.listRuns(s.id(), java.util.EnumSet.of(dev.hyperforge.search.TrialState.COMPLETE,
                dev.hyperforge.search.TrialState.PRUNED)).size();
        out.printf("study '%s': sampler %s, %d of %d trials finished, driven from outside: hf ask --study %s%n", name, samplerName,
                finished, budget, name);
        out.flush();
        return new Result(null, List.of());
    }

    private TrialLoop.Report work(SharedStudy shared, Options o) {
        GracefulStop own = stop == null ? GracefulStop.install(GracefulStop.GRACE) : null;
        try {
            TrialLoop.Report r = shared.work(o.workers(), o.timeout(), out, o.quiet(), stop != null ? stop : own);
            if (r.ending() != TrialLoop.Ending.BUDGET_SPENT && !o.quiet()) {
                out.println("stopped: " + shared.describe(r));
            }
            lastStop = shared.describe(r);
            return r;
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    /** A sampler that cannot search the file's space (grid over a continuous parameter) stops before anything is written. */
    private static void checkSamplerFitsSpace(Experiment e, String samplerName) {
        if (e.space().isEmpty()) {
            return;
        }
        try {
            dev.hyperforge.search.sampler.Samplers.create(samplerName, "{}").checkSpace(SearchSpaces.space(e));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(e.source().file() + ": sampler " + samplerName + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param value true to resume a study made from another experiment file (a changed file or search space) with
     *     this one; by default that is refused
     * @return this runner
     */
    public StudyRunner allowChangedFile(boolean value) {
        this.allowChangedFile = value;
        return this;
    }

    /** A study resumed with another file than the one that made it is refused unless {@link #allowChangedFile} says so. */
    private void checkSameFile(Experiment e, String name) {
        store.findStudyRecord(name).ifPresent(s -> {
            Long id = StudySettings.load(store, s.id()).map(StudySettings::experimentId).orElse(s.experimentId());
            if (id == null || allowChangedFile) {
                return;
            }
            dev.hyperforge.tracker.ExperimentRecord before = store.experiment(id);
            if (!before.text().equals(e.text())) {
                throw new IllegalArgumentException("study '" + name + "' exists and was made from another experiment file (SHA-256 "
                        + before.sha256() + ") than " + e.source().file() + " (SHA-256 " + e.sha256() + "); resuming would mix two files' "
                        + "models and search spaces in one study. Use another --study name, or --allow-changed-file to resume it with this file");
            }
        });
    }

    /** An existing study of that name must fit, checked before anything is written. */
    private void checkResumable(String name, String samplerName, Experiment e) {
        dev.hyperforge.experiments.file.Objective objective = new TrialRunner(e, null).objective();
        List<dev.hyperforge.search.Direction> wantedDirections = List.of(SearchSpaces.directions(e));
        store.findStudyRecord(name).ifPresent(s -> {
            boolean max = objective.maximised();
            if (s.directions().size() > 1 || wantedDirections.size() > 1) {
                if (!s.directions().equals(wantedDirections)) {
                    throw new IllegalArgumentException("study '" + name + "' exists with directions " + s.directions()
                            + ", but the file's objectives need " + wantedDirections + "; use another --study name");
                }
            } else if (s.direction() != objective.direction()) {
                throw new IllegalArgumentException("study '" + name + "' exists and " + s.direction().name().toLowerCase(java.util.Locale.ROOT)
                        + "s its objective, but the file's objective " + objective.metric() + " is " + (max ? "maximised" : "minimised")
                        + "; use another --study name");
            }
            String wanted = dev.hyperforge.search.sampler.Samplers.create(samplerName, "{}").name();
            if (!s.samplerName().equals(wanted)) {
                throw new IllegalArgumentException("study '" + name + "' exists with sampler " + s.samplerName() + ", not " + wanted
                        + "; resume it with --sampler " + s.samplerName() + " or use another --study name");
            }
        });
    }

    /** Trials sorted best first (COMPLETE only). */
    static List<FrozenTrial> ranked(List<FrozenTrial> trials, Direction d) {
        Comparator<FrozenTrial> c = Comparator.comparingDouble(FrozenTrial::value);
        return trials.stream().filter(t -> t.state() == TrialState.COMPLETE)
                .sorted(d == Direction.MAXIMIZE ? c.reversed() : c).toList();
    }
}
