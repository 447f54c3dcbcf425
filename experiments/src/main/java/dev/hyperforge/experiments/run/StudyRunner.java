package dev.hyperforge.experiments.run;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hyperforge.engine.callbacks.Callback;
import dev.hyperforge.engine.callbacks.Mode;
import dev.hyperforge.experiments.data.DataSet;
import dev.hyperforge.experiments.data.Split;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.Objective;
import dev.hyperforge.experiments.tracking.TrackedStudyStorage;
import dev.hyperforge.experiments.tracking.TrackingCallback;
import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.Trial;
import dev.hyperforge.search.TrialPrunedException;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.sampler.Samplers;
import dev.hyperforge.tracker.RunState;
import dev.hyperforge.tracker.RunStore;

/**
 * Runs a tuning study of an experiment: each trial's parameters come from the sampler, the model is built
 * from the file and trained with tracking and pruning, and everything lands in the tracker. Running the
 * same command again resumes the study: finished trials count towards the budget and are never re-run.
 *
 * <pre>{@code
 * StudyRunner.Result r = new StudyRunner(store, out).tune(experiment,
 *     new StudyRunner.Options("bayes", 20, 1, null, null, null, false));
 * }</pre>
 */
public final class StudyRunner {
    private final RunStore store;
    private final PrintWriter out;
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    private volatile Runnable afterInterrupt = () -> { };

    /** Settings of one {@code tune} call; nulls take the experiment's defaults. */
    public record Options(String sampler, Integer trials, int workers, String studyName, Long seed, Duration timeout, boolean quiet,
                          Limits limits) {
        /** Validates the numbers. */
        public Options {
            if (trials != null && trials < 1) {
                throw new IllegalArgumentException("--trials must be at least 1, received " + trials);
            }
            if (workers < 1) {
                throw new IllegalArgumentException("--workers must be at least 1, received " + workers);
            }
        }
    }

    /** The study and its finished trials. */
    public record Result(Study study, List<FrozenTrial> trials) {
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
     * What to do on Ctrl-C/SIGTERM after the running trials are marked FAILED, e.g. close a database that was
     * opened without its own close-on-exit hook (which could otherwise close it before the trials are marked).
     */
    public StudyRunner afterInterrupt(Runnable action) {
        this.afterInterrupt = action == null ? () -> { } : action;
        return this;
    }

    /** Runs (or resumes) the study until its trial budget is spent or the timeout passes. */
    public Result tune(Experiment e, Options o) {
        String samplerName = SearchSpaces.samplerName(o.sampler() != null ? o.sampler()
                : e.search().map(s -> s.sampler().name()).orElse("random"));
        int budget = o.trials() != null ? o.trials() : e.search().map(s -> s.sampler().trials()).orElse(10);
        String name = o.studyName() != null ? o.studyName() : e.name() + "-" + samplerName;
        long seed = o.seed() != null ? o.seed() : e.seed();
        DataSet data = Workspace.data(e);
        long experimentId = store.saveExperiment(e.text()).id();
        Map<String, Long> seeds = new LinkedHashMap<>();
        seeds.put("experiment", e.seed());
        seeds.put("study", seed);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("experiment", e.name());
        config.put("sampler", samplerName);
        config.put("trial_seed", "Seeds.trial(study, number)");
        config.put("limits", o.limits().toMap());
        TrackedStudyStorage storage = new TrackedStudyStorage(store, () -> Workspace.provenance(e, data, config, seeds), experimentId);
        TrialRunner runner = new TrialRunner(e, data, o.limits());
        Objective objective = runner.objective();
        Study study = Study.builder(name, SearchSpaces.space(e))
                .direction(objective.direction() == Objective.Direction.MAX ? Direction.MAXIMIZE : Direction.MINIMIZE)
                .sampler(Samplers.create(samplerName, "{}")).pruner(SearchSpaces.pruner(e)).seed(seed).storage(storage).build();
        Thread hook = new Thread(this::failRunning, "hf-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            run(study, runner, e, budget, o);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
        List<FrozenTrial> trials = study.trials();
        Leaderboard.print(study, trials, objective, out);
        return new Result(study, trials);
    }

    private void run(Study study, TrialRunner runner, Experiment e, int budget, Options o) {
        long finished = study.trials().stream().filter(t -> t.state() != TrialState.RUNNING && t.state() != TrialState.WAITING).count();
        int remaining = (int) Math.max(0, budget - finished);
        if (!o.quiet()) {
            out.printf("study '%s': sampler %s, %d of %d trials finished, %d to run, %d worker(s)%n", study.name(), study.sampler().name(),
                    finished, budget, remaining, o.workers());
            out.flush();
        }
        long deadline = o.timeout() == null ? Long.MAX_VALUE : System.nanoTime() + o.timeout().toNanos();
        Progress progress = new Progress(study, budget, (int) finished, o.quiet());
        while (remaining > 0 && System.nanoTime() < deadline) {
            int chunk = o.timeout() == null ? remaining : Math.min(remaining, o.workers());
            study.optimize(trial -> evaluate(trial, study, runner, e, progress), chunk, Math.min(o.workers(), chunk));
            remaining -= chunk;
        }
    }

    private double evaluate(Trial trial, Study study, TrialRunner runner, Experiment e, Progress progress) {
        running.add(trial.id());
        try {
            Objective objective = runner.objective();
            Mode mode = objective.direction() == Objective.Direction.MAX ? Mode.MAX : Mode.MIN;
            List<Split> splits = runner.splits();
            PruningCallback pruning = new PruningCallback(trial, objective.metric());
            long trialSeed = Seeds.trial(study.seed(), trial.number());
            TrialRunner.Outcome outcome = runner.run(trial.params(), trialSeed, Workspace.runDir(study.name(), trial.id()), fold -> {
                List<Callback> cbs = new ArrayList<>();
                if (fold == splits.size() - 1) {
                    Split s = splits.get(fold);
                    cbs.add(new TrackingCallback(store, trial.id(), objective.metric(), mode, s.hasValidation() ? s.valX() : null,
                            s.hasValidation() ? s.valY() : null));
                }
                if (splits.size() == 1) {
                    cbs.add(pruning);
                }
                return cbs;
            }, false);
            if (pruning.pruned()) {
                progress.done(trial.number(), null, "pruned");
                throw new TrialPrunedException("pruned by the study's pruner");
            }
            progress.done(trial.number(), outcome.score(), null);
            return outcome.score();
        } catch (RuntimeException ex) {
            if (!(ex instanceof TrialPrunedException)) {
                progress.done(trial.number(), null, "failed: " + ex.getMessage());
            }
            throw ex;
        } finally {
            running.remove(trial.id());
        }
    }

    /** On Ctrl-C or SIGTERM: the trials this process was running are marked FAILED with the reason. */
    private void failRunning() {
        for (long id : running) {
            try {
                store.finishRun(id, RunState.FAILED, null, "interrupted: the process was stopped (SIGINT/SIGTERM); run the command again to resume");
            } catch (RuntimeException ignored) {
                // already finished or the database is closing
            }
        }
        afterInterrupt.run();
    }

    /** The live progress line: trial n/N, best so far, ETA. */
    private final class Progress {
        private final Study study;
        private final int budget;
        private final AtomicInteger finished;
        private final long start = System.nanoTime();
        private final int startedWith;
        private final boolean quiet;

        Progress(Study study, int budget, int finished, boolean quiet) {
            this.study = study;
            this.budget = budget;
            this.finished = new AtomicInteger(finished);
            this.startedWith = finished;
            this.quiet = quiet;
        }

        private boolean better(double a, double b) {
            return betterThan(study, a, b);
        }

        synchronized void done(int number, Double value, String note) {
            int n = finished.incrementAndGet();
            if (quiet) {
                return;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            double eta = elapsed / Math.max(1, n - startedWith) * (budget - n);
            String best = study.bestTrial().filter(t -> value == null || !better(value, t.value()))
                    .map(t -> String.format("%.4f (trial %d)", t.value(), t.number()))
                    .orElse(value != null ? String.format("%.4f (trial %d)", value, number) : "-");
            out.printf("trial %d/%d  #%d %s  best %s  elapsed %s  ETA %s%n", n, budget, number,
                    value != null ? String.format("value %.4f", value) : note, best, Leaderboard.duration(elapsed), Leaderboard.duration(eta));
            out.flush();
        }
    }

    private boolean betterThan(Study study, double a, double b) {
        return study.direction() == Direction.MAXIMIZE ? a > b : a < b;
    }

    /** Trials sorted best first (COMPLETE only). */
    static List<FrozenTrial> ranked(List<FrozenTrial> trials, Direction d) {
        Comparator<FrozenTrial> c = Comparator.comparingDouble(FrozenTrial::value);
        return trials.stream().filter(t -> t.state() == TrialState.COMPLETE)
                .sorted(d == Direction.MAXIMIZE ? c.reversed() : c).toList();
    }
}
