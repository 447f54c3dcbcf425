package dev.hyperforge.experiments.worker;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.Objective;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.Trial;
import dev.hyperforge.search.TrialPrunedException;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StoreException;

/**
 * Runs trials of a shared study until its budget is spent: each thread claims a trial within the budget in one
 * transaction ({@link Study#askWithinBudget}), evaluates it and records the outcome. Meanwhile a timer thread
 * refreshes the heartbeat of this worker's running trials every {@link StudySettings#heartbeat()} and, every
 * {@link StudySettings#reapEvery()}, fails (and, if the study says so, re-queues) RUNNING trials of any worker
 * whose heartbeat is older than {@link StudySettings#staleAfter()}. A trial whose objective throws, runs out of
 * memory, diverges (NaN/Inf loss) or returns a non-finite value is FAILED with the reason and the study goes on.
 * When the budget is taken by other workers' running trials, the worker waits for them to finish or go stale.
 *
 * <pre>{@code
 * Worker w = new Worker(study, settings, objective, new StopSignal(), () -> true, listener);
 * Worker.Report r = w.run(4, null);        // four threads, no timeout
 * }</pre>
 */
public final class Worker {
    /** Receives finished trials and notes (stale trials failed by this worker). */
    public interface Listener {
        /** @param trial a trial this worker finished (as stored) */
        void trialFinished(FrozenTrial trial);

        /** @param message a note for the user */
        default void note(String message) {
        }
    }

    /** Why a worker stopped. */
    public enum Ending {
        /** The study has its budget of COMPLETE and PRUNED trials. */
        BUDGET_SPENT,
        /** The timeout passed. */
        TIMEOUT,
        /** A stop was requested (SIGTERM, Ctrl-C). */
        STOPPED,
        /** More trials failed than {@link StudySettings#maxFailed()}. */
        TOO_MANY_FAILURES,
        /** The database stayed unreachable for longer than its retry time. */
        DATABASE_LOST
    }

    /** How a run ended and what it did. */
    public record Report(Ending ending, int trialsRun, String detail) {
    }

    /** The tag (user attribute) naming the worker that runs a trial: {@code host:pid}. */
    public static final String WORKER_TAG = "worker";
    /** This process as a worker: {@code host:pid}. */
    public static final String ID = hostName() + ":" + ProcessHandle.current().pid();

    private final Study study;
    private final StudySettings settings;
    private final Objective objective;
    private final BooleanSupplier mayReap;
    private final Listener listener;
    private final StopSignal stop;
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ran = new AtomicInteger();
    private volatile String databaseError;

    /**
     * @param study the shared study (its storage must be the shared database)
     * @param settings the study's worker settings
     * @param objective evaluates one trial (should end early when {@code stop} is requested)
     * @param stop the stop signal shared with the objective
     * @param mayReap whether stale trials may be failed now (false right after a database outage, when every
     *     worker's heartbeat is late)
     * @param listener progress
     */
    public Worker(Study study, StudySettings settings, Objective objective, StopSignal stop, BooleanSupplier mayReap,
                  Listener listener) {
        this.study = study;
        this.stop = stop;
        this.settings = settings;
        this.objective = objective;
        this.mayReap = mayReap;
        this.listener = listener;
    }

    /** @return the signal the objective checks to end a trial early */
    public StopSignal stopSignal() {
        return stop;
    }

    /** @return ids of the trials this worker is running now */
    public Set<Long> running() {
        return Set.copyOf(running);
    }

    /**
     * Asks the worker to stop: no new trial starts and running trials end at their next check.
     *
     * @param reason recorded with the trials it fails
     */
    public void stop(String reason) {
        stop.request(reason);
    }

    /**
     * Fails the trials still running (used when a stop did not finish in time).
     *
     * @param reason the recorded reason
     */
    public void failRunning(String reason) {
        for (long id : running) {
            try {
                study.storage().finishTrial(id, TrialState.FAILED, null, reason, java.time.Instant.now());
            } catch (RuntimeException ignored) {
                // finished meanwhile, or the database is gone: the trial goes stale and is failed by others
            }
        }
    }

    /**
     * Runs until the budget is spent, the timeout passes, a stop is requested, too many trials failed or the
     * database is lost.
     *
     * @param threads trials at once in this process, at least 1
     * @param timeout stop starting trials after this long, or null
     * @return how it ended
     */
    public Report run(int threads, Duration timeout) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "hf-heartbeat"));
        timer.scheduleAtFixedRate(this::beat, settings.heartbeat().toMillis(), settings.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::reap, 0, settings.reapEvery().toMillis(), TimeUnit.MILLISECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> daemon(r, "hf-worker"));
        try {
            List<Future<Ending>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> loop(deadline)));
            }
            Ending ending = Ending.BUDGET_SPENT;
            for (Future<Ending> f : futures) {
                Ending e = get(f);
                ending = e.ordinal() > ending.ordinal() ? e : ending;
            }
            return new Report(ending, ran.get(), detail(ending));
        } finally {
            pool.shutdownNow();
            timer.shutdownNow();
        }
    }

    private Ending get(Future<Ending> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop("interrupted");
            return Ending.STOPPED;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("worker of study '" + study.name() + "' failed: " + e.getCause(), e.getCause());
        }
    }

    private String detail(Ending ending) {
        return switch (ending) {
            case BUDGET_SPENT -> "the study has its " + settings.budget() + " trials";
            case TIMEOUT -> "the timeout passed";
            case STOPPED -> String.valueOf(stop.reason());
            case TOO_MANY_FAILURES -> "more than " + settings.maxFailed() + " trials failed; see the errors with hf runs --study "
                    + study.name() + " --state FAILED";
            case DATABASE_LOST -> "the database was lost: " + databaseError;
        };
    }

    private Ending loop(long deadline) {
        try {
            while (true) {
                if (stop.requested() || Thread.currentThread().isInterrupted()) {
                    return Ending.STOPPED;
                }
                if (System.nanoTime() > deadline) {
                    return Ending.TIMEOUT;
                }
                Optional<Trial> next = study.askWithinBudget(settings.budget());
                if (next.isPresent()) {
                    runTrial(next.get());
                    continue;
                }
                Ending ending = idle();
                if (ending != null) {
                    return ending;
                }
            }
        } catch (StoreException e) {
            databaseError = e.getMessage();
            listener.note("worker stops: " + e.getMessage());
            stop.request("the database was lost");
            return Ending.DATABASE_LOST;
        }
    }

    /** No slot left: done, given up, or waiting for other workers' trials to finish or go stale. */
    private Ending idle() {
        List<FrozenTrial> all = study.trials();
        long done = all.stream().filter(t -> t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED).count();
        long failed = all.stream().filter(t -> t.state() == TrialState.FAILED).count();
        if (done >= settings.budget()) {
            return Ending.BUDGET_SPENT;
        }
        if (failed > settings.maxFailed()) {
            return Ending.TOO_MANY_FAILURES;
        }
        pause(settings.idlePause());
        return null;
    }

    private void runTrial(Trial trial) {
        running.add(trial.id());
        try {
            trial.setUserAttr(WORKER_TAG, ID);
            FrozenTrial done;
            try {
                done = evaluateAndTell(trial);
            } catch (IllegalStateException e) {
                done = study.storage().getTrial(trial.id()); // failed as stale meanwhile: keep what is stored
            }
            ran.incrementAndGet();
            listener.trialFinished(done);
            if (done.state() == TrialState.FAILED && !stop.requested() && failedTooOften()) {
                stop.request("more than " + settings.maxFailed() + " trials failed");
            }
        } finally {
            running.remove(trial.id());
        }
    }

    private boolean failedTooOften() {
        return study.storage().getTrials(study.id(), Set.of(TrialState.FAILED)).size() > settings.maxFailed();
    }

    private FrozenTrial evaluateAndTell(Trial trial) {
        double value;
        try {
            value = objective.evaluate(trial);
        } catch (TrialPrunedException e) {
            return study.tellPruned(trial);
        } catch (StoreException e) {
            throw e;
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            return study.tellFailed(trial, reason(e));
        }
        return study.tell(trial, value);
    }

    /** The reason recorded with a FAILED trial: one line first, then the stack trace for programming errors. */
    static String reason(Throwable e) {
        if (e instanceof TrialGuard.TrialAbortedException) {
            return e.getMessage();
        }
        if (e instanceof ArithmeticException) {
            return "training diverged: " + e.getMessage();
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "): the trial's model or batches do not fit; the study goes on";
        }
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return "objective failed: " + e.getClass().getSimpleName() + ": " + e.getMessage() + "\n" + w;
    }

    private void beat() {
        for (long id : running) {
            try {
                study.storage().heartbeat(id, java.time.Instant.now());
            } catch (RuntimeException e) {
                // finished meanwhile; a lost database is retried inside the store
            }
        }
    }

    private void reap() {
        try {
            if (!mayReap.getAsBoolean()) {
                return;
            }
            for (FrozenTrial t : study.failStaleTrials()) {
                listener.note(String.format("trial #%d had no heartbeat for more than %.1f s: marked FAILED%s", t.number(),
                        settings.staleAfter().toMillis() / 1000.0, settings.retryStale() ? " and re-queued with the same parameters" : ""));
            }
        } catch (RuntimeException e) {
            // the next round tries again
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(Math.max(10, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
