package dev.hyperforge.search;

import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The timers of a {@link TrialLoop}. Its own daemon thread, at the highest priority, refreshes the heartbeat of
 * the loop's claimed trials every {@link Study#heartbeatInterval()}, so that beats do not queue behind training or
 * behind a slow reaping round; a heartbeat that the storage refuses because the trial is no longer RUNNING (another
 * worker failed it as stale) is reported to {@code lost}, whose loop then stops that trial. A second daemon thread,
 * when the study has a stale limit, fails (and re-queues, if the study says so) the RUNNING trials of any worker
 * whose heartbeat is older, every {@link LoopSettings#reapEvery()}.
 *
 * <p>Thread priorities are a hint: on Linux the JVM ignores them unless started with
 * {@code -XX:ThreadPriorityPolicy=1} as root. The stale limit's grace ({@link Study#staleAfterFor}) is what keeps
 * a busy but live worker's trials from being reaped.
 */
final class Heartbeats {
    private final Study study;
    private final Set<Long> claimed;
    private final LoopSettings settings;
    private final BiConsumer<Long, String> lost;
    private final ScheduledExecutorService beatTimer = timer("hf-heartbeat", Thread.MAX_PRIORITY);
    private final ScheduledExecutorService reapTimer = timer("hf-reaper", Thread.NORM_PRIORITY);

    private Heartbeats(Study study, Set<Long> claimed, LoopSettings settings, BiConsumer<Long, String> lost) {
        this.study = study;
        this.claimed = claimed;
        this.settings = settings;
        this.lost = lost;
    }

    /**
     * Starts the timers.
     *
     * @param claimed the loop's live set of trial ids
     * @param lost hears of a claimed trial that is no longer RUNNING in the storage: its id and the stored reason
     */
    static Heartbeats start(Study study, Set<Long> claimed, LoopSettings settings, BiConsumer<Long, String> lost) {
        Heartbeats h = new Heartbeats(study, claimed, settings, lost);
        long beat = study.heartbeatInterval().toMillis();
        h.beatTimer.scheduleAtFixedRate(h::beat, beat, beat, TimeUnit.MILLISECONDS);
        if (study.staleAfter() != null) {
            h.reapTimer.scheduleWithFixedDelay(h::reap, 0, settings.reapEvery().toMillis(), TimeUnit.MILLISECONDS);
        }
        return h;
    }

    private static ScheduledExecutorService timer(String name, int priority) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = TrialLoop.daemon(r, name);
            t.setPriority(priority);
            return t;
        });
    }

    /** Lets a round in progress finish, so that nothing of the loop writes after it returns. */
    void stop() {
        beatTimer.shutdown();
        reapTimer.shutdown();
        try {
            beatTimer.awaitTermination(5, TimeUnit.SECONDS);
            reapTimer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One round of heartbeats; package-private so that tests can run a round without waiting for the timer. */
    void beat() {
        for (long id : claimed) {
            try {
                study.storage().heartbeat(id, study.now());
            } catch (IllegalStateException notRunning) {
                reportLost(id);
            } catch (RuntimeException e) {
                // a lost storage is the trial's thread's concern; the next round tries again
            }
        }
    }

    private void reportLost(long id) {
        try {
            FrozenTrial t = study.storage().getTrial(id);
            if (t.state() != TrialState.RUNNING && claimed.contains(id)) {
                lost.accept(id, "trial #" + t.number() + " is " + t.state() + " in the study"
                        + (t.error() != null ? " (" + t.error() + ")" : "") + ": stopped here");
            }
        } catch (RuntimeException e) {
            // the storage is unreachable: the next round tries again
        }
    }

    private void reap() {
        try {
            if (!settings.mayReap().getAsBoolean()) {
                return;
            }
            for (FrozenTrial t : study.failStaleTrials()) {
                settings.listener().note(String.format("trial #%d had no heartbeat for more than %.1f s: marked FAILED%s",
                        t.number(), study.staleAfter().toMillis() / 1000.0,
                        study.requeuesStale() && !t.params().isEmpty() ? " and re-queued with the same parameters" : ""));
            }
        } catch (RuntimeException e) {
            // the next round tries again
        }
    }
}
