package dev.hyperforge.search;

import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The timer of a {@link TrialLoop}: refreshes the heartbeat of the loop's claimed trials every
 * {@link Study#heartbeatInterval()} and, when the study has a stale limit, fails (and re-queues, if the study says
 * so) the RUNNING trials of any worker whose heartbeat is older, every {@link LoopSettings#reapEvery()}.
 */
final class Heartbeats {
    private final Study study;
    private final Set<Long> claimed;
    private final LoopSettings settings;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(r -> TrialLoop.daemon(r, "hf-heartbeat"));

    private Heartbeats(Study study, Set<Long> claimed, LoopSettings settings) {
        this.study = study;
        this.claimed = claimed;
        this.settings = settings;
    }

    /** Starts the timer; {@code claimed} is the loop's live set of trial ids. */
    static Heartbeats start(Study study, Set<Long> claimed, LoopSettings settings) {
        Heartbeats h = new Heartbeats(study, claimed, settings);
        long beat = study.heartbeatInterval().toMillis();
        h.timer.scheduleAtFixedRate(h::beat, beat, beat, TimeUnit.MILLISECONDS);
        if (study.staleAfter() != null) {
            h.timer.scheduleWithFixedDelay(h::reap, 0, settings.reapEvery().toMillis(), TimeUnit.MILLISECONDS);
        }
        return h;
    }

    /** Lets a round in progress finish, so that nothing of the loop writes after it returns. */
    void stop() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void beat() {
        for (long id : claimed) {
            try {
                study.storage().heartbeat(id, study.now());
            } catch (RuntimeException e) {
                // finished meanwhile; a lost storage is the trial's thread's concern
            }
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
                        study.requeuesStale() ? " and re-queued with the same parameters" : ""));
            }
        } catch (RuntimeException e) {
            // the next round tries again
        }
    }
}
