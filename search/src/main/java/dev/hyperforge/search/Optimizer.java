package dev.hyperforge.search;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs {@link Study#optimize}: worker threads, heartbeats, outcome bookkeeping. */
final class Optimizer {

    private final Study study;
    private final Objective objective;
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    private final List<FrozenTrial> done = Collections.synchronizedList(new ArrayList<>());

    Optimizer(Study study, Objective objective) {
        this.study = study;
        this.objective = objective;
    }

    List<FrozenTrial> run(int nTrials, int nWorkers) {
        if (nTrials < 1) {
            throw new IllegalArgumentException("optimize needs nTrials >= 1, received " + nTrials);
        }
        if (nWorkers < 1) {
            throw new IllegalArgumentException("optimize needs nWorkers >= 1, received " + nWorkers);
        }
        AtomicInteger started = new AtomicInteger();
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "hf-heartbeat"));
        long period = study.heartbeatInterval().toMillis();
        beat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(nWorkers, r -> daemon(r, "hf-worker"));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < nWorkers; w++) {
                futures.add(pool.submit(() -> {
                    while (started.getAndIncrement() < nTrials) {
                        runOne();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("optimize of study '" + study.name() + "' was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("optimize of study '" + study.name() + "' failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
            beat.shutdownNow();
        }
        List<FrozenTrial> out = new ArrayList<>(done);
        out.sort(Comparator.comparingInt(FrozenTrial::number));
        return out;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void beat() {
        for (long id : running) {
            try {
                study.storage().heartbeat(id, study.now());
            } catch (RuntimeException e) {
                // the trial may have finished meanwhile; the next beat will not see it
            }
        }
    }

    private void runOne() {
        Trial trial = study.ask();
        running.add(trial.id());
        try {
            done.add(evaluateAndTell(trial));
        } catch (IllegalStateException e) {
            // e.g. failed as stale meanwhile: keep what the storage has
            done.add(study.storage().getTrial(trial.id()));
        } finally {
            running.remove(trial.id());
        }
    }

    private FrozenTrial evaluateAndTell(Trial trial) {
        double value;
        try {
            value = objective.evaluate(trial);
        } catch (TrialPrunedException e) {
            return study.tellPruned(trial);
        } catch (Exception e) {
            return study.tellFailed(trial, stackTrace(e));
        }
        return study.tell(trial, value);
    }

    private static String stackTrace(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
