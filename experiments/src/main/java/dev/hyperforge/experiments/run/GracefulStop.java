package dev.hyperforge.experiments.run;

import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.hyperforge.search.StopSignal;

/**
 * The one SIGTERM/SIGINT (Ctrl-C) path of {@code hf train}, {@code hf tune} and {@code hf worker}: a signal handler
 * requests the attached {@link StopSignal}, so that running trials (or the training run) end after their current
 * batch and are recorded FAILED with {@link #REASON}, and waits (up to a grace period) until the command has
 * finished and closed the database; what is still running then is failed directly. Only then does the process exit
 * (status 128 + the signal's number), so no shutdown hook (H2's closes the database) runs before the record is
 * written. A second signal exits at once. Where the JVM offers no signal handling, a shutdown hook does the same
 * with the database still open only if its URL keeps it open at exit.
 *
 * <pre>{@code
 * try (GracefulStop stop = GracefulStop.install(GracefulStop.GRACE)) {
 *     try (DbOption.Store store = db.open(err)) {
 *         TrialLoop loop = ...;
 *         stop.attach(loop.stopSignal(), loop::failRunning);
 *         loop.run();
 *     }
 * }
 * }</pre>
 */
public final class GracefulStop implements AutoCloseable {
    /** The reason recorded with trials and runs ended by a signal. */
    public static final String REASON = "interrupted: the process received SIGTERM or SIGINT (Ctrl-C)";
    /** How long the hook waits for the running trials to be recorded. */
    public static final Duration GRACE = Duration.ofSeconds(30);

    private final Duration grace;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onSignal, "hf-graceful-stop");
    private final java.util.Map<sun.misc.Signal, sun.misc.SignalHandler> previous = new java.util.HashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean signalled = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile StopSignal signal;
    private volatile Consumer<String> failRunning;

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
        try {
            for (String name : new String[] {"TERM", "INT"}) {
                sun.misc.Signal sig = new sun.misc.Signal(name);
                s.previous.put(sig, sun.misc.Signal.handle(sig, s::onOsSignal));
            }
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError noSignals) {
            s.restoreHandlers();
            Runtime.getRuntime().addShutdownHook(s.hook);
        }
        return s;
    }

    /** Runs on the JVM's signal thread: the first signal stops gracefully, then exits; a second exits at once. */
    private void onOsSignal(sun.misc.Signal sig) {
        int status = 128 + sig.getNumber();
        if (!signalled.compareAndSet(false, true)) {
            System.exit(status);
        }
        Thread stopper = new Thread(() -> {
            onSignal();
            System.exit(status);
        }, "hf-graceful-stop");
        stopper.setDaemon(false);
        stopper.start();
    }

    private void restoreHandlers() {
        previous.forEach((sig, handler) -> {
            try {
                sun.misc.Signal.handle(sig, handler);
            } catch (IllegalArgumentException ignored) {
                // could not be installed, nothing to restore
            }
        });
        previous.clear();
    }

    /**
     * @param stop requested on a signal (the training loop checks it after every batch)
     * @param failRunningNow fails what still runs when the grace period is over, given the reason
     */
    public void attach(StopSignal stop, Consumer<String> failRunningNow) {
        this.failRunning = failRunningNow;
        this.signal = stop;
    }

    private void onSignal() {
        StopSignal s = signal;
        if (s == null) {
            return;
        }
        s.request(REASON);
        try {
            if (!finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                failRunning.accept(REASON + " (it did not stop within " + grace.toSeconds() + " s)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException finishedOrGone) {
            // finished meanwhile, or the database is gone: a trial goes stale and another worker fails it
            LoggerFactory.getLogger(GracefulStop.class).debug("running trials not failed on {}: {}", REASON, finishedOrGone.toString());
        }
    }

    /** The command is done: releases a waiting hook, or removes the hook when no signal came. */
    @Override
    public void close() {
        finished.countDown();
        if (previous.isEmpty()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and now returns
            }
            return;
        }
        if (signalled.get()) {
            // the stopping thread exits the process with the signal's status; the command must not exit 0 first
            awaitExit();
        }
        restoreHandlers();
    }

    private static void awaitExit() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
