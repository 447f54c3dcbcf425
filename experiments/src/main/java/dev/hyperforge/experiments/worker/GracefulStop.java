package dev.hyperforge.experiments.worker;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stops a worker cleanly on SIGTERM or SIGINT (Ctrl-C): a JVM shutdown hook asks the worker to stop, so that
 * the running trials end after their current batch and are recorded FAILED with the reason, and waits (up to a
 * grace period) until the command has finished and closed the database; trials still running then are failed
 * directly.
 *
 * <pre>{@code
 * try (GracefulStop stop = GracefulStop.install(Duration.ofSeconds(30))) {
 *     try (DbOption.Store store = db.open()) {
 *         Worker w = ...;
 *         stop.attach(w);
 *         w.run(1, null);
 *     }
 * }
 * }</pre>
 */
public final class GracefulStop implements AutoCloseable {
    /** The reason recorded with trials ended by a signal. */
    public static final String REASON = "stopped: the worker received SIGTERM or SIGINT (Ctrl-C); run the command again to resume the study";

    private final Duration grace;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onSignal, "hf-graceful-stop");
    private volatile Worker worker;

    private GracefulStop(Duration grace) {
        this.grace = grace;
    }

    /**
     * Installs the shutdown hook.
     *
     * @param grace how long the hook waits for running trials to be recorded
     * @return the installed stop; close it when the command is done
     */
    public static GracefulStop install(Duration grace) {
        GracefulStop s = new GracefulStop(grace);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /**
     * @param w the worker to stop on a signal
     */
    public void attach(Worker w) {
        this.worker = w;
    }

    private void onSignal() {
        Worker w = worker;
        if (w == null) {
            return;
        }
        w.stop(REASON);
        try {
            if (!finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                w.failRunning(REASON + " (the trial did not stop within " + grace.toSeconds() + " s)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The command is done: releases a waiting hook, or removes the hook when no signal came. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and now returns
        }
    }
}
