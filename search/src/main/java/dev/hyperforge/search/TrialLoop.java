package dev.hyperforge.search;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one loop that runs trials of a {@link Study}: {@link Study#optimize}, {@code hf tune}, {@code hf tune
 * --workers N} and {@code hf worker} all run trials through it (like Optuna's {@code _optimize}; workers on
 * several machines are this loop on a shared storage). Each of its threads claims a trial, evaluates the
 * objective and records the outcome, until an ending. Its policies:
 * <ul>
 *   <li><b>Claiming.</b> {@link Builder#trials(int)}: at most that many trials started by this call (Optuna's
 *   {@code n_trials}). {@link Builder#budget(int)}: the study's budget of trials that did not fail, claimed
 *   atomically in the storage ({@link Study#askWithinBudget}), so that every worker on every machine together
 *   runs it exactly once; a worker whose slots are all taken by other workers' running trials waits for them
 *   to finish or go stale.</li>
 *   <li><b>Heartbeat and stale reaping.</b> A timer refreshes the heartbeat of this loop's running trials every
 *   {@link Study#heartbeatInterval()}; when the study has a stale limit ({@link Study.Builder#heartbeat}), it
 *   also fails (and, if the study says so, re-queues) RUNNING trials of any worker whose heartbeat is older,
 *   every {@link Builder#reapEvery}.</li>
 *   <li><b>Failure isolation.</b> An objective that throws, runs out of memory, overflows its stack or returns
 *   NaN or an infinite score makes its trial FAILED with the reason, and the loop goes on;
 *   {@link TrialPrunedException} makes it PRUNED. Storage failures are not the trial's fault: one raised by the
 *   loop's own calls, or by the objective and recognised by {@link Builder#storageErrors}, stops the loop and
 *   is rethrown by {@link #run()}.</li>
 *   <li><b>Graceful stop.</b> Once the {@link StopSignal} is requested no trial is claimed; running trials end
 *   when their objective returns or throws (an objective that checks the signal throws a
 *   {@link TrialAbortedException} with the reason). {@link #failRunning} fails what is still running.</li>
 *   <li><b>Time.</b> Timestamps, heartbeats, the stale limit and the timeout all use the study's clock.</li>
 * </ul>
 *
 * <pre>{@code
 * TrialLoop.Report r = TrialLoop.builder(study, objective)
 *     .budget(40).threads(4).timeout(Duration.ofHours(2)).build().run();
 * System.out.println(r.ending() + ": " + r.detail() + ", " + r.trials().size() + " trials run here");
 * }</pre>
 */
public final class TrialLoop {

    /** Hears about the loop's trials; calls come from the loop's threads. */
    public interface Listener {
        /** @param trial a trial this loop finished (as stored) */
        default void trialFinished(FrozenTrial trial) {
        }

        /** @param message a note for the user (e.g. a stale trial failed by this loop) */
        default void note(String message) {
        }
    }

    /** Why the loop ended. */
    public enum Ending {
        /** This call started the number of trials it was asked for. */
        TRIALS_RUN,
        /** The study has its budget of COMPLETE and PRUNED trials. */
        BUDGET_SPENT,
        /** The timeout passed. */
        TIMEOUT,
        /** A stop was requested. */
        STOPPED,
        /** More trials failed than allowed. */
        TOO_MANY_FAILURES
    }

    /**
     * How the loop ended and what it did.
     *
     * @param ending why it ended
     * @param trials the trials this call finished, by number
     * @param detail the ending in words
     */
    public record Report(Ending ending, List<FrozenTrial> trials, String detail) {
        /** Copies the list. */
        public Report {
            trials = List.copyOf(trials);
        }
    }

    private final Study study;
    private final MultiObjective objective;
    private final LoopSettings settings;
    private final StopSignal stop;
    private final Set<Long> claimed = ConcurrentHashMap.newKeySet();
    private final Map<Long, Trial> running = new ConcurrentHashMap<>();
    private final List<FrozenTrial> done = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicBoolean tooManyFailures = new AtomicBoolean();
    private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();

    private TrialLoop(Study study, MultiObjective objective, LoopSettings settings) {
        this.study = study;
        this.objective = objective;
        this.settings = settings;
        this.stop = settings.stop();
    }

    /**
     * @param study the study whose trials to run
     * @param objective evaluates one trial
     * @return a builder; set {@link Builder#trials} or {@link Builder#budget} (or both)
     */
    public static Builder builder(Study study, Objective objective) {
        Objects.requireNonNull(objective, "objective");
        return new Builder(study, trial -> new double[] {objective.evaluate(trial)});
    }

    /**
     * A loop over a multi-objective study's trials (named apart from {@link #builder(Study, Objective)} because a
     * lambda could be either kind of objective).
     *
     * @param study the study
     * @param objective evaluates one trial, one value per objective
     * @return a builder
     */
    public static Builder builderMulti(Study study, MultiObjective objective) {
        return new Builder(study, objective);
    }

    /** @return the signal that stops this loop (the objective may check it to end a trial early) */
    public StopSignal stopSignal() {
        return stop;
    }

    /** @return ids of the trials this loop is running now */
    public Set<Long> running() {
        return Set.copyOf(running.keySet());
    }

    /**
     * Asks the loop to stop: no new trial is claimed; running trials end when their objective does.
     *
     * @param reason recorded with the trials that the objective aborts
     */
    public void stop(String reason) {
        stop.request(reason);
    }

    /**
     * Fails the trials still running, e.g. when a stop did not finish them in time.
     *
     * @param reason the recorded reason
     */
    public void failRunning(String reason) {
        for (Trial t : running.values()) {
            try {
                study.tellFailed(t, reason);
            } catch (RuntimeException ignored) {
                // finished meanwhile, or the storage is gone: the trial goes stale and another worker fails it
            }
        }
    }

    /**
     * Runs trials on the configured threads until an ending.
     *
     * @return how it ended and the trials it finished
     * @throws RuntimeException the first storage failure, after the other threads stopped
     */
    public Report run() {
        Instant deadline = settings.timeout() == null ? null : study.now().plus(settings.timeout());
        Heartbeats heartbeats = Heartbeats.start(study, claimed, settings);
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), r -> daemon(r, "hf-trial"));
        try {
            List<Future<Ending>> futures = new ArrayList<>();
            for (int i = 0; i < settings.threads(); i++) {
                futures.add(pool.submit(() -> work(deadline)));
            }
            Ending ending = Ending.TRIALS_RUN;
            for (Future<Ending> f : futures) {
                Ending e = await(f);
                ending = e.ordinal() > ending.ordinal() ? e : ending;
            }
            if (fatal.get() != null) {
                throw fatal.get();
            }
            List<FrozenTrial> out = new ArrayList<>(done);
            out.sort(Comparator.comparingInt(FrozenTrial::number));
            return new Report(ending, out, detail(ending));
        } finally {
            pool.shutdownNow();
            heartbeats.stop();
        }
    }

    private Ending await(Future<Ending> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.request("interrupted");
            return Ending.STOPPED;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("a trial thread of study '" + study.name() + "' failed: " + e.getCause(),
                    e.getCause());
        }
    }

    private String detail(Ending ending) {
        return switch (ending) {
            case TRIALS_RUN -> done.size() + " trial(s) run";
            case BUDGET_SPENT -> "the study has its " + settings.budget() + " trials";
            case TIMEOUT -> "the timeout passed";
            case STOPPED -> String.valueOf(stop.reason());
            case TOO_MANY_FAILURES -> "more than " + settings.maxFailed() + " trials failed";
        };
    }

    /** One thread: claim, evaluate, record, until an ending. */
    private Ending work(Instant deadline) {
        try {
            while (true) {
                if (tooManyFailures.get()) {
                    return Ending.TOO_MANY_FAILURES;
                }
                if (stop.requested() || Thread.currentThread().isInterrupted()) {
                    return Ending.STOPPED;
                }
                if (deadline != null && study.now().isAfter(deadline)) {
                    return Ending.TIMEOUT;
                }
                Optional<FrozenTrial> next = claim();
                if (next.isPresent()) {
                    runTrial(next.get());
                } else {
                    Ending ending = idle();
                    if (ending != null) {
                        return ending;
                    }
                }
            }
        } catch (RuntimeException e) {
            fatal.compareAndSet(null, e);
            stop.request("stopped by an error: " + e.getMessage());
            return Ending.STOPPED;
        }
    }

    private Optional<FrozenTrial> claim() {
        Integer trials = settings.trials();
        if (trials != null && started.getAndIncrement() >= trials) {
            return Optional.empty();
        }
        Optional<FrozenTrial> t = settings.budget() != null ? study.claimWithinBudget(settings.budget())
                : Optional.of(study.claim());
        if (t.isEmpty() && trials != null) {
            started.decrementAndGet();
        }
        return t;
    }

    /** Nothing claimed: this call's trials are started, the budget is spent, or other workers hold the slots. */
    private Ending idle() {
        if (settings.budget() == null || settings.trials() != null && started.get() >= settings.trials()) {
            return Ending.TRIALS_RUN;
        }
        List<FrozenTrial> all = study.trials();
        long finished = all.stream().filter(t -> t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED).count();
        if (finished >= settings.budget()) {
            return Ending.BUDGET_SPENT;
        }
        if (all.stream().filter(t -> t.state() == TrialState.FAILED).count() > settings.maxFailed()) {
            return Ending.TOO_MANY_FAILURES;
        }
        try {
            Thread.sleep(Math.max(10, settings.idlePause().toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Heartbeats the claimed trial from the start, since sampling its parameters may take a while. */
    private void runTrial(FrozenTrial claim) {
        claimed.add(claim.id());
        try {
            Trial trial;
            try {
                trial = study.start(claim);
            } catch (IllegalStateException e) {
                if (study.storage().getTrial(claim.id()).state() != TrialState.RUNNING) {
                    return; // another worker failed it as stale while it was being sampled: its slot is free again
                }
                throw e;
            }
            running.put(trial.id(), trial);
            FrozenTrial finished = evaluateAndTell(trial);
            done.add(finished);
            settings.listener().trialFinished(finished);
            if (finished.state() == TrialState.FAILED && failedTooOften()) {
                tooManyFailures.set(true);
                stop.request("more than " + settings.maxFailed() + " trials failed");
            }
        } finally {
            running.remove(claim.id());
            claimed.remove(claim.id());
        }
    }

    private boolean failedTooOften() {
        return settings.maxFailed() < Integer.MAX_VALUE
                && study.storage().getTrials(study.id(), Set.of(TrialState.FAILED)).size() > settings.maxFailed();
    }

    private FrozenTrial evaluateAndTell(Trial trial) {
        double[] values;
        try {
            values = objective.evaluate(trial);
        } catch (TrialPrunedException e) {
            return record(trial, () -> study.tellPruned(trial));
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            if (e instanceof RuntimeException re && settings.storageErrors().test(re)) {
                throw re;
            }
            return record(trial, () -> study.tellFailed(trial, FailureReason.of(e)));
        }
        int expected = study.directions().size();
        if (values == null || values.length != expected) {
            String got = values == null ? "null" : values.length + " values " + Arrays.toString(values);
            return record(trial, () -> study.tellFailed(trial, "objective returned " + got + "; study '"
                    + study.name() + "' has " + expected + " objectives " + study.directions()));
        }
        if (expected == 1) {
            return record(trial, () -> study.tell(trial, values[0]));
        }
        return record(trial, () -> study.tell(trial, Arrays.stream(values).boxed().toList()));
    }

    /** Records an outcome; a trial already finished meanwhile (failed as stale) keeps what is stored. */
    private FrozenTrial record(Trial trial, Supplier<FrozenTrial> tell) {
        try {
            return tell.get();
        } catch (IllegalStateException alreadyFinished) {
            return study.storage().getTrial(trial.id());
        }
    }

    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Builds a {@link TrialLoop}. */
    public static final class Builder {
        private final Study study;
        private final MultiObjective objective;
        private Integer trials;
        private Integer budget;
        private int threads = 1;
        private Duration timeout;
        private StopSignal stop = new StopSignal();
        private Listener listener = new Listener() { };
        private Duration reapEvery;
        private BooleanSupplier mayReap = () -> true;
        private Duration idlePause;
        private int maxFailed = Integer.MAX_VALUE;
        private Predicate<RuntimeException> storageErrors = e -> false;

        private Builder(Study study, MultiObjective objective) {
            this.study = Objects.requireNonNull(study, "study");
            this.objective = Objects.requireNonNull(objective, "objective");
        }

        /**
         * @param n at most this many trials started by this call, at least 1
         * @return this builder
         */
        public Builder trials(int n) {
            this.trials = LoopSettings.positive(n, "trials");
            return this;
        }

        /**
         * @param n the study's budget of trials that do not fail, shared by every worker, at least 1
         * @return this builder
         */
        public Builder budget(int n) {
            this.budget = LoopSettings.positive(n, "budget");
            return this;
        }

        /**
         * @param n trials at once in this process (default 1)
         * @return this builder
         */
        public Builder threads(int n) {
            this.threads = LoopSettings.positive(n, "threads");
            return this;
        }

        /**
         * @param value stop claiming trials after this long on the study's clock, or null for no limit
         * @return this builder
         */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /**
         * @param value the stop signal to share with the objective (default a fresh one)
         * @return this builder
         */
        public Builder stopSignal(StopSignal value) {
            this.stop = Objects.requireNonNull(value, "stop");
            return this;
        }

        /**
         * @param value hears about finished trials and notes
         * @return this builder
         */
        public Builder listener(Listener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * @param every how often to look for stale trials (default an eighth of the heartbeat interval)
         * @param when whether stale trials may be failed now (false e.g. right after a database outage, when
         *     every worker's heartbeat is late)
         * @return this builder
         */
        public Builder reapEvery(Duration every, BooleanSupplier when) {
            this.reapEvery = LoopSettings.positive(every, "reapEvery");
            this.mayReap = Objects.requireNonNull(when, "when");
            return this;
        }

        /**
         * @param value how long a worker whose budget slots are all taken waits before looking again (default
         *     half the heartbeat interval)
         * @return this builder
         */
        public Builder idlePause(Duration value) {
            this.idlePause = LoopSettings.positive(value, "idlePause");
            return this;
        }

        /**
         * @param value most FAILED trials in the study before the loop gives up (default no limit)
         * @return this builder
         */
        public Builder maxFailed(int value) {
            this.maxFailed = value;
            return this;
        }

        /**
         * @param value recognises the storage failures an objective may raise (e.g. while logging metrics): they
         *     stop the loop and are rethrown instead of failing the trial (default none)
         * @return this builder
         */
        public Builder storageErrors(Predicate<RuntimeException> value) {
            this.storageErrors = Objects.requireNonNull(value, "storageErrors");
            return this;
        }

        /** @return the loop */
        public TrialLoop build() {
            if (trials == null && budget == null) {
                throw new IllegalArgumentException("a trial loop needs trials(n) or budget(n)");
            }
            Duration beat = study.heartbeatInterval();
            return new TrialLoop(study, objective, new LoopSettings(trials, budget, threads, timeout, stop, listener,
                    reapEvery != null ? reapEvery : beat.dividedBy(8), mayReap, idlePause != null ? idlePause : beat.dividedBy(2),
                    maxFailed, storageErrors));
        }
    }
}
