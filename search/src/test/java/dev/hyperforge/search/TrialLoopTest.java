package dev.hyperforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.SearchSpace;
import dev.hyperforge.search.storage.InMemoryStudyStorage;
import dev.hyperforge.search.storage.StudyStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each policy of the {@link TrialLoop}, once, on the in-memory storage. */
class TrialLoopTest {

    static final SearchSpace SPACE = SearchSpace.builder().add("x", FloatDistribution.linear(0, 1)).build();

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-01-01T00:00:00Z"));

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }
    }

    static Study study(String name, StudyStorage storage, Clock clock) {
        return Study.builder(name, SPACE).storage(storage).clock(clock).seed(7)
                .heartbeat(Duration.ofMillis(200), Duration.ofSeconds(30), true).build();
    }

    static Map<TrialState, Long> states(Study s) {
        return s.trials().stream().collect(Collectors.groupingBy(FrozenTrial::state, Collectors.counting()));
    }

    @Test
    void threeWorkersOnOneStorageRunTheBudgetExactlyOnce() throws Exception {
        StudyStorage storage = new InMemoryStudyStorage();
        Clock clock = Clock.systemUTC();
        study("b", storage, clock);
        List<CompletableFuture<TrialLoop.Report>> workers = new ArrayList<>();
        ExecutorService machines = Executors.newFixedThreadPool(3);
        for (int w = 0; w < 3; w++) {
            Study joined = study("b", storage, clock); // each worker builds its own study object, as hf worker does
            workers.add(CompletableFuture.supplyAsync(() -> TrialLoop.builder(joined, t -> t.getDouble("x"))
                    .budget(30).threads(2).build().run(), machines));
        }
        machines.shutdown();
        int ranHere = 0;
        for (CompletableFuture<TrialLoop.Report> w : workers) {
            TrialLoop.Report r = w.get(1, TimeUnit.MINUTES);
            assertEquals(TrialLoop.Ending.BUDGET_SPENT, r.ending(), r.detail());
            ranHere += r.trials().size();
        }
        Study s = study("b", storage, clock);
        assertEquals(Map.of(TrialState.COMPLETE, 30L), states(s));
        assertEquals(30, ranHere, "every trial was run by exactly one worker");
        assertEquals(30, s.trials().stream().map(FrozenTrial::number).distinct().count());
    }

    @Test
    void aDeadWorkersStaleTrialIsFailedRequeuedAndRunAgain() {
        StudyStorage storage = new InMemoryStudyStorage();
        HandClock clock = new HandClock();
        Study s = study("s", storage, clock);
        Trial lost = s.askWithinBudget(3).orElseThrow(); // its worker dies: no heartbeat from now on
        clock.advance(Duration.ofMinutes(1));
        List<String> notes = new ArrayList<>();
        TrialLoop.Report r = TrialLoop.builder(s, t -> t.getDouble("x")).budget(3)
                .listener(new TrialLoop.Listener() {
                    @Override
                    public void note(String message) {
                        notes.add(message);
                    }
                }).build().run();
        assertEquals(TrialLoop.Ending.BUDGET_SPENT, r.ending(), r.detail());
        FrozenTrial failed = storage.getTrial(lost.id());
        assertEquals(TrialState.FAILED, failed.state());
        assertTrue(failed.error().contains("heartbeat"), failed.error());
        assertEquals(clock.instant(), failed.endTime(), "failed on the study's clock");
        FrozenTrial retry = s.trials().stream().filter(t -> Integer.valueOf(lost.number())
                .equals(t.systemAttrs().get(Study.RETRIED_FROM))).findFirst().orElseThrow();
        assertEquals(lost.params(), retry.params());
        // failing and re-queueing are one storage call: the copy takes the freed slot before any fresh trial
        assertEquals(TrialState.COMPLETE, retry.state(), retry.toString());
        assertEquals(3, states(s).get(TrialState.COMPLETE));
        assertEquals(1, states(s).get(TrialState.FAILED));
        assertEquals(List.of("trial #0 had no heartbeat for more than 30.0 s: marked FAILED and re-queued with the same"
                + " parameters"), notes);
    }

    @Test
    void throwingOutOfMemoryStackOverflowNanAndInfiniteTrialsFailWithTheirReasonAndTheLoopGoesOn() {
        Study s = study("i", new InMemoryStudyStorage(), Clock.systemUTC());
        TrialLoop.Report r = TrialLoop.builder(s, t -> switch (t.number()) {
            case 1 -> throw new IllegalStateException("boom in the objective");
            case 2 -> Double.NaN;
            case 3 -> new long[Integer.MAX_VALUE].length;
            case 4 -> deep(0);
            case 5 -> Double.NEGATIVE_INFINITY;
            case 6 -> throw new TrialAbortedException("training diverged: loss became NaN");
            default -> t.getDouble("x");
        }).budget(3).build().run();
        assertEquals(TrialLoop.Ending.BUDGET_SPENT, r.ending(), r.detail());
        List<FrozenTrial> t = s.trials();
        assertEquals(9, r.trials().size());
        assertTrue(t.get(1).error().startsWith("objective failed: IllegalStateException: boom in the objective\n"),
                t.get(1).error());
        assertEquals("objective returned NaN", t.get(2).error());
        assertTrue(t.get(3).error().startsWith("out of memory"), t.get(3).error());
        assertTrue(t.get(4).error().startsWith("stack overflow"), t.get(4).error());
        assertEquals("objective returned -Infinity", t.get(5).error());
        assertEquals("training diverged: loss became NaN", t.get(6).error());
        for (int n = 1; n <= 6; n++) {
            assertEquals(TrialState.FAILED, t.get(n).state(), "trial " + n);
        }
        assertEquals(Map.of(TrialState.COMPLETE, 3L, TrialState.FAILED, 6L), states(s));
    }

    private static double deep(int n) {
        return deep(n + 1) + 1;
    }

    @Test
    void aStorageFailureInsideTheObjectiveStopsTheLoopAndIsRethrown() {
        Study s = study("f", new InMemoryStudyStorage(), Clock.systemUTC());
        TrialLoop loop = TrialLoop.builder(s, t -> {
            if (t.number() == 1) {
                throw new java.io.UncheckedIOException(new java.io.IOException("disk gone"));
            }
            return t.getDouble("x");
        }).budget(5).storageErrors(e -> e instanceof java.io.UncheckedIOException).build();
        java.io.UncheckedIOException thrown = assertThrows(java.io.UncheckedIOException.class, loop::run);
        assertEquals("disk gone", thrown.getCause().getMessage());
        assertTrue(loop.stopSignal().reason().startsWith("stopped by an error: "), loop.stopSignal().reason());
        assertEquals(TrialState.RUNNING, s.trials().get(1).state(), "left for another worker to find stale");
    }

    @Test
    void aStopEndsTheRunningTrialWithTheReasonAndClaimsNoMore() throws Exception {
        Study s = study("g", new InMemoryStudyStorage(), Clock.systemUTC());
        StopSignal stop = new StopSignal();
        CountDownLatch inTrial = new CountDownLatch(1);
        TrialLoop loop = TrialLoop.builder(s, t -> {
            if (t.number() < 2) {
                return t.getDouble("x");
            }
            inTrial.countDown();
            while (!stop.requested()) {
                Thread.sleep(5);
            }
            throw new TrialAbortedException(stop.reason() + " (during step 3)");
        }).budget(10).stopSignal(stop).build();
        CompletableFuture<TrialLoop.Report> run = CompletableFuture.supplyAsync(loop::run);
        assertTrue(inTrial.await(1, TimeUnit.MINUTES));
        assertEquals(1, loop.running().size());
        loop.stop("interrupted: SIGTERM");
        TrialLoop.Report r = run.get(1, TimeUnit.MINUTES);
        assertEquals(TrialLoop.Ending.STOPPED, r.ending());
        assertEquals("interrupted: SIGTERM", r.detail());
        assertEquals(3, s.trials().size(), "no trial claimed after the stop");
        assertEquals(TrialState.FAILED, s.trials().get(2).state());
        assertEquals("interrupted: SIGTERM (during step 3)", s.trials().get(2).error());
    }

    @Test
    void failRunningFailsATrialThatDidNotStopInTime() throws Exception {
        Study s = study("h", new InMemoryStudyStorage(), Clock.systemUTC());
        CountDownLatch inTrial = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TrialLoop loop = TrialLoop.builder(s, t -> {
            inTrial.countDown();
            release.await();
            return 1.0;
        }).trials(1).build();
        CompletableFuture<TrialLoop.Report> run = CompletableFuture.supplyAsync(loop::run);
        assertTrue(inTrial.await(1, TimeUnit.MINUTES));
        loop.stop("interrupted");
        loop.failRunning("interrupted (did not stop in time)");
        release.countDown();
        TrialLoop.Report r = run.get(1, TimeUnit.MINUTES);
        assertEquals(TrialState.FAILED, r.trials().get(0).state(), "the late value does not overwrite the failure");
        assertEquals("interrupted (did not stop in time)", r.trials().get(0).error());
    }

    @Test
    void theTimeoutIsReadOnTheStudysClock() {
        HandClock clock = new HandClock();
        Study s = study("t", new InMemoryStudyStorage(), clock);
        TrialLoop.Report r = TrialLoop.builder(s, t -> {
            clock.advance(Duration.ofMinutes(1)); // each trial takes a minute of study time
            return t.getDouble("x");
        }).budget(100).timeout(Duration.ofSeconds(150)).build().run();
        assertEquals(TrialLoop.Ending.TIMEOUT, r.ending());
        assertEquals(3, r.trials().size(), "started at 0, 1 and 2 minutes; not at 3");
    }

    @Test
    void tooManyFailuresEndTheLoop() {
        Study s = study("m", new InMemoryStudyStorage(), Clock.systemUTC());
        TrialLoop.Report r = TrialLoop.builder(s, t -> {
            throw new IllegalArgumentException("bad");
        }).budget(5).maxFailed(3).build().run();
        assertEquals(TrialLoop.Ending.TOO_MANY_FAILURES, r.ending());
        assertEquals(4, r.trials().size());
        assertSame(TrialState.FAILED, r.trials().get(3).state());
        assertThrows(IllegalArgumentException.class, () -> TrialLoop.builder(s, t -> 1.0).build());
        assertThrows(IllegalArgumentException.class, () -> TrialLoop.builder(s, t -> 1.0).trials(0));
    }
}
