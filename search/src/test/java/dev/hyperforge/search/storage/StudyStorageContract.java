package dev.hyperforge.search.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.TrialState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StudyStorage} must have. A storage in another module (the tracker's in-memory and
 * JDBC stores) extends this class through this module's test-jar and implements {@link #newStorage()}; one that
 * holds resources releases them in {@link #releaseStorages()}.
 */
public abstract class StudyStorageContract {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    /** @return a fresh, empty storage */
    protected abstract StudyStorage newStorage();

    /**
     * Releases what the storages made by {@link #newStorage()} in this test hold (connections, databases).
     *
     * @throws Exception on failure
     */
    @AfterEach
    protected void releaseStorages() throws Exception {
        // nothing to release for an in-memory storage
    }

    /**
     * Whether the storage keeps several objective values per trial and system attributes set while it runs (the
     * multi-objective part of the contract). A storage that does not keeps the defaults, which refuse clearly.
     *
     * @return false unless overridden
     */
    protected boolean supportsMultiObjective() {
        return false;
    }

    private static StudySpec spec(String name) {
        return new StudySpec(name, Direction.MINIMIZE, "random", "{}", 7);
    }

    @Test
    void createsFindsAndRejectsDuplicateStudies() {
        StudyStorage s = newStorage();
        StudyInfo info = s.createStudy(spec("a"));
        assertEquals(info, s.findStudy("a").orElseThrow());
        assertEquals(info, s.getStudy(info.id()));
        assertEquals(Optional.empty(), s.findStudy("b"));
        assertThrows(IllegalArgumentException.class, () -> s.createStudy(spec("a")));
        assertThrows(NoSuchElementException.class, () -> s.getStudy(info.id() + 1000));
        assertThrows(NoSuchElementException.class, () -> s.getTrial(123_456));
        assertThrows(NoSuchElementException.class, () -> s.createTrial(info.id() + 1000, T0));
    }

    @Test
    void trialLifecycleAndSnapshotsNeverChange() {
        StudyStorage s = newStorage();
        long study = s.createStudy(spec("a")).id();
        FrozenTrial t = s.createTrial(study, T0);
        assertEquals(0, t.number());
        assertEquals(TrialState.RUNNING, t.state());
        FrozenTrial withParams = s.setTrialParams(t.id(), Map.of("x", 1.5), Map.of("seen_trials", List.of()));
        assertThrows(IllegalStateException.class, () -> s.setTrialParams(t.id(), Map.of("x", 2.0), Map.of()));
        s.reportIntermediate(t.id(), 0, 3.0);
        s.reportIntermediate(t.id(), 1, 2.0);
        s.setUserAttr(t.id(), "note", "hi");
        FrozenTrial done = s.finishTrial(t.id(), TrialState.COMPLETE, 1.0, null, T0.plusSeconds(5));
        assertEquals(Map.of(0, 3.0, 1, 2.0), done.intermediateValues());
        assertEquals(1.0, done.value());
        assertEquals("hi", done.userAttrs().get("note"));
        assertEquals(List.of(), done.systemAttrs().get("seen_trials"));
        assertEquals(T0.plusSeconds(5), done.endTime());
        assertTrue(withParams.intermediateValues().isEmpty(), "old snapshot unchanged");
        assertThrows(IllegalStateException.class,
                () -> s.finishTrial(t.id(), TrialState.FAILED, (Double) null, "x", T0));
        assertThrows(IllegalStateException.class, () -> s.reportIntermediate(t.id(), 2, 1.0));
        assertEquals(1, s.getTrials(study, Set.of(TrialState.COMPLETE)).size());
        assertEquals(0, s.getTrials(study, Set.of(TrialState.RUNNING)).size());
    }

    @Test
    void trialNumbersAreClaimedExactlyOnceUnderContention() throws Exception {
        StudyStorage s = newStorage();
        long study = s.createStudy(spec("a")).id();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Integer> numbers = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    numbers.add(s.createTrial(study, T0).number());
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(200, new HashSet<>(numbers).size());
        assertEquals(199, Collections.max(numbers));
    }

    @Test
    void waitingTrialsAreClaimedOnceInOrder() {
        StudyStorage s = newStorage();
        long study = s.createStudy(spec("a")).id();
        FrozenTrial w1 = s.enqueueTrial(study, Map.of("x", 1.0), Map.of("retried_from", 3));
        s.enqueueTrial(study, Map.of("x", 2.0), Map.of());
        assertEquals(TrialState.WAITING, w1.state());
        assertNull(w1.startTime());
        FrozenTrial c1 = s.claimWaitingTrial(study, T0).orElseThrow();
        assertEquals(w1.number(), c1.number());
        assertEquals(TrialState.RUNNING, c1.state());
        assertEquals(Map.of("x", 1.0), c1.params());
        assertEquals(3, c1.systemAttrs().get("retried_from"));
        assertEquals(Map.of("x", 2.0), s.claimWaitingTrial(study, T0).orElseThrow().params());
        assertTrue(s.claimWaitingTrial(study, T0).isEmpty());
    }

    @Test
    void staleRunningTrialsAreFailedAndHeartbeatsKeepThemAlive() {
        StudyStorage s = newStorage();
        long study = s.createStudy(spec("a")).id();
        FrozenTrial old = s.createTrial(study, T0);
        FrozenTrial alive = s.createTrial(study, T0);
        FrozenTrial finished = s.createTrial(study, T0);
        s.finishTrial(finished.id(), TrialState.COMPLETE, 1.0, null, T0);
        s.heartbeat(alive.id(), T0.plusSeconds(60));
        List<FrozenTrial> failed = s.failStaleTrials(study, T0.plusSeconds(30), T0.plusSeconds(61));
        assertEquals(List.of(old.number()), failed.stream().map(FrozenTrial::number).toList());
        assertEquals(TrialState.FAILED, s.getTrial(old.id()).state());
        assertEquals(TrialState.RUNNING, s.getTrial(alive.id()).state());
        assertEquals(TrialState.COMPLETE, s.getTrial(finished.id()).state());
        assertThrows(IllegalStateException.class,
                () -> s.finishTrial(old.id(), TrialState.COMPLETE, 1.0, null, T0));
    }

    @Test
    void claimsWithinBudgetCountEveryTrialButFailedOnesAndPreferWaitingTrials() {
        StudyStorage s = newStorage();
        long study = s.createStudy(spec("a")).id();
        FrozenTrial a = s.claimTrialWithinBudget(study, T0, 2).orElseThrow();
        FrozenTrial b = s.claimTrialWithinBudget(study, T0, 2).orElseThrow();
        assertEquals(List.of(0, 1), List.of(a.number(), b.number()));
        assertTrue(s.claimTrialWithinBudget(study, T0, 2).isEmpty());
        s.finishTrial(a.id(), TrialState.COMPLETE, 1.0, null, T0);
        s.finishTrial(b.id(), TrialState.FAILED, (Double) null, "boom", T0);
        FrozenTrial w = s.enqueueTrial(study, Map.of("x", 1.0), Map.of());
        FrozenTrial claimed = s.claimTrialWithinBudget(study, T0, 2).orElseThrow();
        assertEquals(w.id(), claimed.id());
        assertEquals(TrialState.RUNNING, claimed.state());
        assertEquals(Map.of("x", 1.0), claimed.params());
        assertTrue(s.claimTrialWithinBudget(study, T0, 2).isEmpty());
        s.enqueueTrial(study, Map.of("x", 2.0), Map.of());
        assertTrue(s.claimTrialWithinBudget(study, T0, 2).isEmpty(), "a waiting trial never exceeds the budget");
        assertThrows(IllegalArgumentException.class, () -> s.claimTrialWithinBudget(study, T0, 0));
    }

    @Test
    void claimsWithinBudgetAreExactUnderContention() throws Exception {
        StudyStorage s = newStorage();
        long study = s.createStudy(spec("a")).id();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    int n = 0;
                    while (s.claimTrialWithinBudget(study, T0, 50).isPresent()) {
                        n++;
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : futures) {
                total += f.get(30, TimeUnit.SECONDS);
            }
            assertEquals(50, total);
            assertEquals(50, s.getTrials(study).size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void samplerStateRoundTrips() {
        StudyStorage s = newStorage();
        long study = s.createStudy(spec("a")).id();
        assertTrue(s.loadSamplerState(study).isEmpty());
        s.saveSamplerState(study, "{\"a\":1}");
        s.saveSamplerState(study, "{\"a\":2}");
        assertEquals("{\"a\":2}", s.loadSamplerState(study).orElseThrow());
    }

    @Test
    void multiObjectiveTrialsKeepTheirValuesAndConstraintsOrAreRefusedClearly() {
        StudyStorage s = newStorage();
        if (!supportsMultiObjective()) {
            long study = s.createStudy(spec("single")).id();
            FrozenTrial t = s.createTrial(study, T0);
            assertThrows(UnsupportedOperationException.class,
                    () -> s.finishTrial(t.id(), TrialState.COMPLETE, List.of(1.0, 2.0), null, T0));
            assertEquals(1.5, s.finishTrial(t.id(), TrialState.COMPLETE, List.of(1.5), null, T0).value());
            return;
        }
        StudySpec mo = new StudySpec("mo", List.of(Direction.MAXIMIZE, Direction.MINIMIZE, Direction.MINIMIZE),
                "nsga2", "{}", 3);
        StudyInfo info = s.createStudy(mo);
        assertEquals(mo.directions(), s.getStudy(info.id()).spec().directions());
        assertEquals(mo.directions(), s.findStudy("mo").orElseThrow().spec().directions());
        assertTrue(s.getStudy(info.id()).spec().isMultiObjective());
        FrozenTrial a = s.createTrial(info.id(), T0);
        s.setTrialParams(a.id(), Map.of("x", 0.5), Map.of());
        s.setSystemAttr(a.id(), "constraints", List.of(-1.0, 2.5));
        FrozenTrial done = s.finishTrial(a.id(), TrialState.COMPLETE, List.of(0.9, 12.0, -3.5), null, T0);
        assertEquals(List.of(0.9, 12.0, -3.5), done.values());
        assertEquals(List.of(0.9, 12.0, -3.5), s.getTrial(a.id()).values());
        List<?> stored = (List<?>) s.getTrial(a.id()).systemAttrs().get("constraints");
        assertEquals(List.of(-1.0, 2.5), stored.stream().map(o -> ((Number) o).doubleValue()).toList());
        assertThrows(IllegalStateException.class, () -> s.setSystemAttr(a.id(), "constraints", List.of(0.0)));
        FrozenTrial b = s.createTrial(info.id(), T0);
        FrozenTrial pruned = s.finishTrial(b.id(), TrialState.PRUNED, List.of(), null, T0);
        assertEquals(List.of(), pruned.values());
        assertEquals(List.of(List.of(0.9, 12.0, -3.5), List.of()),
                s.getTrials(info.id()).stream().map(FrozenTrial::values).toList());
    }
}
