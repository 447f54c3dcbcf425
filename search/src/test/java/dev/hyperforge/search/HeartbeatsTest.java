package dev.hyperforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.storage.InMemoryStudyStorage;
import dev.hyperforge.search.storage.StudyStorage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The heartbeat side of the {@link TrialLoop}: the grace of the stale limit, a worker that notices that another
 * one failed its trial, the heartbeat thread, and a spent budget that leaves no WAITING trial behind.
 */
class HeartbeatsTest {

    @Test
    void theStaleLimitIsThreeIntervalsAndAtLeastTheIntervalPlusFiveSeconds() {
        assertEquals(Duration.ofMillis(5100), Study.staleAfterFor(Duration.ofMillis(100)));
        assertEquals(Duration.ofSeconds(6), Study.staleAfterFor(Duration.ofSeconds(1)));
        assertEquals(Duration.ofSeconds(7), Study.staleAfterFor(Duration.ofSeconds(2)));
        assertEquals(Duration.ofMillis(7500), Study.staleAfterFor(Duration.ofMillis(2500)));
        assertEquals(Duration.ofSeconds(30), Study.staleAfterFor(Duration.ofSeconds(10)));
        Study s = Study.builder("g", TrialLoopTest.SPACE).heartbeat(Duration.ofSeconds(1), false).build();
        assertEquals(Duration.ofSeconds(6), s.staleAfter());
    }

    @Test
    void aWorkerWhoseTrialWasFailedAsStaleStopsItAndDoesNotWriteItsResultOverIt() throws Exception {
        StudyStorage storage = new InMemoryStudyStorage();
        TrialLoopTest.HandClock clock = new TrialLoopTest.HandClock();
        Study s = Study.builder("live", TrialLoopTest.SPACE).storage(storage).clock(clock).seed(7)
                .heartbeat(Duration.ofMillis(20), Duration.ofSeconds(30), false).build();
        List<String> notes = new CopyOnWriteArrayList<>();
        TrialLoop.Report r = TrialLoop.builder(s, t -> {
            if (t.number() == 0) {
                // another worker, whose clock is ahead, presumes this worker dead while it trains
                clock.advance(Duration.ofMinutes(1));
                storage.failStaleTrials(s.id(), clock.instant().plusSeconds(1), clock.instant());
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                while (t.abortReason() == null && System.nanoTime() < deadline) {
                    Thread.sleep(5); // one training step
                }
                t.checkAborted();
                return 0.123; // never noticed: the assertions below fail
            }
            return t.getDouble("x");
        }).budget(1).listener(notes(notes)).build().run();
        FrozenTrial reaped = s.trials().get(0);
        assertEquals(TrialState.FAILED, reaped.state());
        assertTrue(reaped.error().contains("no heartbeat"), reaped.error());
        assertEquals(reaped, r.trials().get(0), "the loop reports the stored outcome, not its own");
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("trial #0 is FAILED in the study (no heartbeat")
                && n.endsWith("stopped here")), notes.toString());
        assertEquals(TrialState.COMPLETE, s.trials().get(1).state(), "the budget is still met");
    }

    @Test
    void heartbeatsComeFromTheirOwnDaemonThreadAtTheHighestPriority() {
        Study s = Study.builder("t", TrialLoopTest.SPACE).heartbeat(Duration.ofMillis(10), Duration.ofSeconds(30), false)
                .build();
        AtomicInteger beats = new AtomicInteger();
        Thread[] beater = new Thread[1];
        TrialLoop.builder(s, t -> {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            long before = s.storage().getTrial(t.id()).heartbeat().toEpochMilli();
            while (System.nanoTime() < deadline && s.storage().getTrial(t.id()).heartbeat().toEpochMilli() == before) {
                Thread.onSpinWait(); // a busy training step: the heartbeat must come from elsewhere
            }
            beats.incrementAndGet();
            beater[0] = Thread.getAllStackTraces().keySet().stream().filter(th -> th.getName().equals("hf-heartbeat"))
                    .findFirst().orElse(null);
            return 1.0;
        }).trials(1).build().run();
        assertEquals(1, beats.get());
        assertNotNull(beater[0], "a thread named hf-heartbeat");
        assertTrue(beater[0].isDaemon());
        assertEquals(Thread.MAX_PRIORITY, beater[0].getPriority());
    }

    @Test
    void trialsThisLoopFinishesAreNeverReportedAsLost() {
        Study s = Study.builder("f", TrialLoopTest.SPACE).heartbeat(Duration.ofMillis(8), Duration.ofSeconds(30), false)
                .build();
        List<String> notes = new CopyOnWriteArrayList<>();
        TrialLoop.Listener slow = new TrialLoop.Listener() {
            @Override
            public void trialFinished(FrozenTrial trial) {
                try {
                    Thread.sleep(30); // the trial is COMPLETE in the storage while the timer beats on
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void note(String message) {
                notes.add(message);
            }
        };
        TrialLoop.Report r = TrialLoop.builder(s, t -> {
            Thread.sleep(10); // a beat or two while it runs
            return t.getDouble("x");
        }).trials(10).threads(2).listener(slow).build().run();
        assertEquals(10, r.trials().size());
        assertTrue(r.trials().stream().allMatch(t -> t.state() == TrialState.COMPLETE), r.trials().toString());
        assertEquals(List.of(), notes);
    }

    @Test
    void aSpentBudgetFailsTheTrialsStillWaitingSoTheStudyEndsWithoutThem() {
        StudyStorage storage = new InMemoryStudyStorage();
        Study s = Study.builder("b", TrialLoopTest.SPACE).storage(storage).seed(7).build();
        TrialLoop.builder(s, t -> t.getDouble("x")).budget(2).build().run();
        FrozenTrial orphan = s.enqueue(Map.of("x", 0.5)); // e.g. re-queued after its worker's heartbeat went stale
        List<String> notes = new CopyOnWriteArrayList<>();
        TrialLoop.Report r = TrialLoop.builder(s, t -> t.getDouble("x")).budget(2).listener(notes(notes)).build().run();
        assertEquals(TrialLoop.Ending.BUDGET_SPENT, r.ending(), r.detail());
        FrozenTrial failed = storage.getTrial(orphan.id());
        assertEquals(TrialState.FAILED, failed.state());
        assertTrue(failed.error().startsWith("not run: the study's budget of 2 trials was spent"), failed.error());
        assertTrue(s.trials().stream().noneMatch(t -> t.state() == TrialState.WAITING || t.state() == TrialState.RUNNING),
                s.trials().toString());
        assertEquals(List.of("trial #2 was still waiting when the budget was spent: marked FAILED"), notes);
    }

    private static TrialLoop.Listener notes(List<String> into) {
        return new TrialLoop.Listener() {
            @Override
            public void note(String message) {
                into.add(message);
            }
        };
    }
}
