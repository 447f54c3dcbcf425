package dev.hyperforge.web;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Counts the API requests being answered, so that the dashboard's background work (a large study's table columns,
 * its chart views, a stale importance ranking) starts its next step only when no request is in flight, or after
 * waiting {@link #MAX_YIELD} for one: on a machine of few cores the request a user waits for then has them, instead
 * of sharing them with reads that only prepare later calls. A step under way is not interrupted.
 *
 * <pre>{@code
 * foreground.enter();
 * try { handler.handle(ctx); } finally { foreground.exit(); }
 * ...
 * foreground.yieldToRequests(); // in a background task, before each step
 * }</pre>
 */
final class Foreground {
    /** The longest a background step waits for the requests in flight to end. */
    static final Duration MAX_YIELD = Duration.ofSeconds(5);
    /** Counts nothing: background work never waits (tests and callers without a server). */
    static final Foreground NONE = new Foreground();
    private final Duration maxYield;
    private int inFlight;
    private long lastExitNanos = System.nanoTime();

    /** Background steps wait at most {@link #MAX_YIELD}. */
    Foreground() {
        this(MAX_YIELD);
    }

    /** @param maxYield the longest a background step waits for the requests in flight */
    Foreground(Duration maxYield) {
        this.maxYield = maxYield;
    }

    /** A request starts. */
    synchronized void enter() {
        inFlight++;
    }

    /** A request ends. */
    synchronized void exit() {
        lastExitNanos = System.nanoTime();
        inFlight--;
        if (inFlight <= 0) {
            notifyAll();
        }
    }

    /** @return how many requests are being answered */
    synchronized int inFlight() {
        return inFlight;
    }

    /**
     * Waits until no request has been in flight for {@code quiet}, at most {@code max}: for background work that can
     * wait for a pause between calls, such as computing views that stored ones stand in for meanwhile, whose
     * collections would otherwise fall into the calls of a page being loaded. Returns at once when interrupted (with the
     * thread's interrupt status set again).
     */
    synchronized void awaitQuiet(Duration quiet, Duration max) {
        long end = System.nanoTime() + max.toNanos();
        try {
            while (true) {
                long now = System.nanoTime();
                long quietFor = inFlight > 0 ? 0 : now - lastExitNanos;
                long wait = Math.min(end - now, inFlight > 0 ? end - now : quiet.toNanos() - quietFor);
                if (quietFor >= quiet.toNanos() || end - now <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, wait));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until no request is in flight, at most the longest wait given; returns at once when interrupted (with the
     * thread's interrupt status set again).
     */
    synchronized void yieldToRequests() {
        long end = System.nanoTime() + maxYield.toNanos();
        try {
            while (inFlight > 0) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
