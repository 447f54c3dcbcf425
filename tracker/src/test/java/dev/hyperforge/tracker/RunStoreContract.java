package dev.hyperforge.tracker;

import dev.hyperforge.search.TrialState;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.storage.StudySpec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link RunStore} contract. Every implementation runs it through a subclass that supplies a fresh,
 * empty store per test.
 */
public abstract class RunStoreContract {
    /** The settable clock the store under test must use. */
    protected final TestFixtures.MutableClock clock = new TestFixtures.MutableClock();
    /** The store under test. */
    protected RunStore store;

    /**
     * A fresh, empty store using {@link #clock}.
     *
     * @return the store
     * @throws Exception on setup failure
     */
    protected abstract RunStore newStore() throws Exception;

    /**
     * Releases what {@link #newStore()} opened.
     *
     * @throws Exception on failure
     */
    protected void closeStore() throws Exception {
        store.close();
    }

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void releaseStore() throws Exception {
        closeStore();
    }

    private StudyRecord study(String name) {
        return store.createOrGetStudy(new StudySpec(name, Direction.MINIMIZE, "random", "{\"n\":1}", 42));
    }

    private static List<MetricPoint> points(String name, int fromStep, int count) {
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        return IntStream.range(fromStep, fromStep + count)
                .mapToObj(i -> new MetricPoint(name, i, 1.0 / (i + 1), t.plusMillis(i))).toList();
    }

    // ---- studies and experiments ----

    @Test
    void createOrGetStudyReturnsTheExistingStudyOfThatName() {
        StudyRecord a = study("s");
        StudyRecord b = store.createOrGetStudy(new StudySpec("s", Direction.MINIMIZE, "gp", "{}", 7));
        assertEquals(a, b);
        assertEquals("random", b.samplerName());
        assertEquals("{\"n\":1}", b.samplerSettingsJson());
        assertEquals(42, b.seed());
        assertEquals(Optional.of(a), store.findStudyRecord("s"));
        assertEquals(Optional.empty(), store.findStudyRecord("t"));
        assertEquals(a, store.study(a.id()));
    }

    @Test
    void reusingAStudyNameWithAnotherDirectionIsRejected() {
        study("s");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.createOrGetStudy(new StudySpec("s", Direction.MAXIMIZE, "random", "{}", 1)));
        assertTrue(e.getMessage().contains("MINIMIZE"), e.getMessage());
    }

    @Test
    void experimentFilesAreStoredOncePerContent() {
        ExperimentRecord a = store.saveExperiment("epochs: 3\n");
        ExperimentRecord b = store.saveExperiment("epochs: 3\n");
        ExperimentRecord c = store.saveExperiment("epochs: 4\n");
        assertEquals(a.id(), b.id());
        assertNotEquals(a.id(), c.id());
        assertEquals(Hashing.sha256Hex("epochs: 3\n"), a.sha256());
        assertEquals("epochs: 4\n", store.experiment(c.id()).text());
        StudyRecord s = store.createOrGetStudy(new StudySpec("linked", Direction.MAXIMIZE, "gp", "{}", 1), a.id());
        assertEquals(a.id(), s.experimentId());
    }

    @Test
    void samplerStateIsAbsentUntilSavedAndThenTheLastSavedBytes() {
        StudyRecord s = study("s");
        assertTrue(store.loadSamplerState(s.id()).isEmpty());
        store.saveSamplerState(s.id(), "{\"a\":1}");
        store.saveSamplerState(s.id(), "{\"a\":2}");
        assertEquals("{\"a\":2}", store.loadSamplerState(s.id()).orElseThrow());
    }

    @Test
    void studySummariesCountRunsPerStateAndPickTheBestValue() {
        StudyRecord s = study("b-study");
        study("a-study");
        Run r0 = store.startRun(s.id(), TestFixtures.provenance());
        Run r1 = store.startRun(s.id(), TestFixtures.provenance());
        store.startRun(s.id(), TestFixtures.provenance());
        store.finishRun(r0.id(), TrialState.COMPLETE, 0.5, null);
        store.finishRun(r1.id(), TrialState.COMPLETE, 0.2, null);
        List<StudySummary> all = store.listStudies();
        assertEquals(List.of("a-study", "b-study"), all.stream().map(x -> x.study().name()).toList());
        StudySummary b = all.get(1);
        assertEquals(2L, b.counts().get(TrialState.COMPLETE));
        assertEquals(1L, b.counts().get(TrialState.RUNNING));
        assertEquals(0L, b.counts().get(TrialState.FAILED));
        assertEquals(3, b.total());
        assertEquals(0.2, b.bestValue());
        assertNull(all.get(0).bestValue());
    }

    // ---- runs ----

    @Test
    void startRunClaimsConsecutiveNumbersAndStoresProvenance() {
        StudyRecord s = study("s");
        Provenance p = TestFixtures.provenance();
        Run r0 = store.startRun(s.id(), p);
        Run r1 = store.startRun(s.id(), p);
        Run other = store.startRun(study("other").id(), p);
        assertEquals(0, r0.number());
        assertEquals(1, r1.number());
        assertEquals(0, other.number());
        assertEquals(TrialState.RUNNING, r0.state());
        assertEquals(clock.instant(), r0.startedAt());
        assertEquals(clock.instant(), r0.heartbeatAt());
        assertNull(r0.finishedAt());
        assertEquals("{}", r0.systemAttrsJson());
        assertEquals(p, store.provenance(r0.id()).orElseThrow());
        assertEquals(r1, store.run(r1.id()));
        assertEquals(Optional.of(r1), store.findTrial(s.id(), 1));
        assertEquals(Optional.empty(), store.findTrial(s.id(), 2));
    }

    @Test
    void aRunCannotBeStartedWithoutProvenance() {
        StudyRecord s = study("s");
        assertThrows(NullPointerException.class, () -> store.startRun(s.id(), null));
        assertTrue(store.listRuns(s.id(), Set.of()).isEmpty());
    }

    @Test
    void typedParamsRoundTripWithTheirDistribution() {
        Run r = store.startRun(study("s").id(), TestFixtures.provenance());
        ParamValue lr = ParamValue.ofFloat("lr", 3e-4, "{\"type\":\"log-float\",\"low\":1e-5,\"high\":0.1}");
        ParamValue units = ParamValue.ofInt("units", 9_007_199_254_740_993L, "{\"type\":\"int\"}");
        ParamValue act = ParamValue.ofString("activation", "relu", "{\"type\":\"choice\"}");
        store.setParams(r.id(), List.of(lr, units, act));
        store.setParams(r.id(), List.of(ParamValue.ofFloat("lr", 1e-3, "{}")));
        Run read = store.run(r.id());
        assertEquals(List.of("activation", "lr", "units"), List.copyOf(read.params().keySet()));
        assertEquals(ParamValue.ofFloat("lr", 1e-3, "{}"), read.params().get("lr"));
        assertEquals(units, read.params().get("units"));
        assertEquals(9_007_199_254_740_993L, read.param("units"));
        assertEquals(act, read.params().get("activation"));
        assertEquals(List.of("activation", "lr", "units"), store.paramNames(r.studyId()));
    }

    @Test
    void metricBatchesKeepEveryPointAndTheLastPointPerMetric() {
        Run r = store.startRun(study("s").id(), TestFixtures.provenance());
        List<MetricPoint> batch = new ArrayList<>(points("loss", 0, 50));
        batch.addAll(points("acc", 0, 10));
        store.logMetrics(r.id(), batch);
        store.logMetrics(r.id(), points("loss", 50, 50));
        store.logMetrics(r.id(), points("acc", 3, 1)); // a late point for an earlier step
        store.logMetrics(r.id(), List.of());
        List<MetricPoint> loss = store.metricHistory(r.id(), "loss");
        assertEquals(100, loss.size());
        assertEquals(points("loss", 0, 100), loss);
        assertEquals(11, store.metricHistory(r.id(), "acc").size());
        Run read = store.run(r.id());
        assertEquals(points("loss", 99, 1).get(0), read.lastMetrics().get("loss"));
        assertEquals(9, read.lastMetrics().get("acc").step());
        assertEquals(List.of("acc", "loss"), store.metricNames(r.studyId()));
        assertTrue(store.metricHistory(r.id(), "nope").isEmpty());
    }

    @Test
    void metricValuesKeepNanAndInfinity() {
        Run r = store.startRun(study("s").id(), TestFixtures.provenance());
        Instant t = clock.instant();
        store.logMetrics(r.id(), List.of(new MetricPoint("loss", 0, Double.NaN, t),
                new MetricPoint("loss", 1, Double.POSITIVE_INFINITY, t)));
        List<MetricPoint> h = store.metricHistory(r.id(), "loss");
        assertTrue(Double.isNaN(h.get(0).value()));
        assertEquals(Double.POSITIVE_INFINITY, h.get(1).value());
    }

    @Test
    void intermediateValuesAreKeptByStepAndReplacedAtTheSameStep() {
        Run r = store.startRun(study("s").id(), TestFixtures.provenance());
        store.reportIntermediate(r.id(), 2, 0.5);
        store.reportIntermediate(r.id(), 0, 0.9);
        store.reportIntermediate(r.id(), 2, 0.4);
        assertEquals(Map.of(0, 0.9, 2, 0.4), store.run(r.id()).intermediateValues());
        assertEquals(List.of(0, 2), List.copyOf(store.run(r.id()).intermediateValues().keySet()));
    }

    @Test
    void aRunKeepsItsVectorOfObjectiveValuesAndSortsByTheFirst() {
        StudySpec spec = new StudySpec("pareto", List.of(Direction.MAXIMIZE, Direction.MINIMIZE, Direction.MINIMIZE), "nsga2",
                "{}", 3);
        StudyRecord s = store.createOrGetStudy(spec);
        assertEquals(spec.directions(), store.findStudyRecord("pareto").orElseThrow().directions());
        assertEquals(Direction.MAXIMIZE, s.direction(), "the first objective's direction");
        assertThrows(IllegalArgumentException.class, () -> store.createOrGetStudy(new StudySpec("pareto",
                List.of(Direction.MAXIMIZE, Direction.MINIMIZE), "nsga2", "{}", 3)));
        Run a = store.startRun(s.id(), TestFixtures.provenance());
        Run b = store.startRun(s.id(), TestFixtures.provenance());
        Run c = store.startRun(s.id(), TestFixtures.provenance());
        assertEquals(List.of(0.8, 0.12, 5000.0), store.finishRunValues(a.id(), TrialState.COMPLETE,
                List.of(0.8, 0.12, 5000.0), null).values());
        store.finishRunValues(b.id(), TrialState.COMPLETE, List.of(0.6, 0.05, 900.0), null);
        store.finishRunValues(c.id(), TrialState.FAILED, List.of(), "boom");
        Run read = store.run(a.id());
        assertEquals(List.of(0.8, 0.12, 5000.0), read.values());
        assertEquals(List.of(0.8, 0.12, 5000.0), read.trial().values());
        assertEquals(0.8, read.value());
        assertEquals(List.of(), store.run(c.id()).values());
        assertEquals(List.of(b.id(), a.id()), store.queryRuns(RunQuery.forStudy(s.id()).states(TrialState.COMPLETE)
                .sortBy(RunQuery.SortField.VALUE, false).build()).runs().stream().map(Run::id).toList());
        assertEquals(List.of(List.of(0.8, 0.12, 5000.0), List.of(0.6, 0.05, 900.0), List.of()),
                store.listRuns(s.id(), Set.of()).stream().map(Run::values).toList());
        long id = c.id();
        assertThrows(IllegalArgumentException.class,
                () -> store.finishRunValues(store.startRun(s.id(), TestFixtures.provenance()).id(), TrialState.COMPLETE,
                        List.of(0.5, Double.NaN), null));
        assertThrows(IllegalStateException.class, () -> store.finishRunValues(id, TrialState.COMPLETE, List.of(1.0, 2.0), null));
    }

    @Test
    void finishedRunsAreImmutableExceptForTagsAndNote() {
        StudyRecord s = study("s");
        for (TrialState end : List.of(TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAILED)) {
            Run r = store.startRun(s.id(), TestFixtures.provenance());
            clock.advance(Duration.ofSeconds(5));
            Run done = store.finishRun(r.id(), end, end == TrialState.FAILED ? null : 0.25,
                    end == TrialState.FAILED ? "boom" : null);
            assertEquals(end, done.state());
            assertEquals(clock.instant(), done.finishedAt());
            long id = r.id();
            assertThrows(IllegalStateException.class, () -> store.finishRun(id, TrialState.COMPLETE, 1.0, null));
            assertThrows(IllegalStateException.class, () -> store.setParams(id, List.of(ParamValue.ofInt("x", 1, "{}"))));
            assertThrows(IllegalStateException.class, () -> store.logMetrics(id, points("loss", 0, 1)));
            assertThrows(IllegalStateException.class, () -> store.reportIntermediate(id, 0, 1.0));
            assertThrows(IllegalStateException.class, () -> store.heartbeat(id));
            assertThrows(IllegalStateException.class, () -> store.putSystemAttribute(id, "k", "1"));
            assertThrows(IllegalStateException.class,
                    () -> store.saveArtifact(id, "a", ArtifactKind.OTHER, "text/plain", new byte[] {1}));
            assertEquals(done, store.run(id));
            store.setTag(id, "reviewed", "yes");
            store.setNote(id, "looks fine");
            Run annotated = store.run(id);
            assertEquals("yes", annotated.tags().get("reviewed"));
            assertEquals("looks fine", annotated.note());
        }
        Run failed = store.listRuns(s.id(), Set.of(TrialState.FAILED)).get(0);
        assertEquals("boom", failed.error());
        assertNull(failed.value());
    }

    @Test
    void completeRequiresAValueAndFinishRequiresAFinalState() {
        Run r = store.startRun(study("s").id(), TestFixtures.provenance());
        assertThrows(IllegalArgumentException.class, () -> store.finishRun(r.id(), TrialState.COMPLETE, null, null));
        assertThrows(IllegalArgumentException.class, () -> store.finishRun(r.id(), TrialState.RUNNING, 1.0, null));
        assertThrows(IllegalArgumentException.class, () -> store.finishRun(r.id(), TrialState.WAITING, 1.0, null));
        assertEquals(TrialState.RUNNING, store.run(r.id()).state());
        assertEquals(0.1, store.finishRun(r.id(), TrialState.PRUNED, 0.1, null).value());
    }

    @Test
    void unknownIdsRaise() {
        assertThrows(NoSuchElementException.class, () -> store.run(999_999));
        assertThrows(NoSuchElementException.class, () -> store.study(999_999));
        assertThrows(NoSuchElementException.class, () -> store.startRun(999_999, TestFixtures.provenance()));
        assertThrows(NoSuchElementException.class, () -> store.logMetrics(999_999, points("x", 0, 1)));
        assertThrows(NoSuchElementException.class, () -> store.heartbeat(999_999));
        assertThrows(NoSuchElementException.class, () -> store.finishRun(999_999, TrialState.FAILED, null, "x"));
        assertThrows(NoSuchElementException.class, () -> store.setTag(999_999, "k", "v"));
        assertThrows(NoSuchElementException.class, () -> store.artifactContent(999_999));
        assertThrows(NoSuchElementException.class, () -> store.experiment(999_999));
        assertThrows(NoSuchElementException.class, () -> store.saveSamplerState(999_999, "{}"));
        assertThrows(NoSuchElementException.class, () -> store.listRuns(999_999, Set.of()));
        assertThrows(NoSuchElementException.class, () -> store.queryRuns(RunQuery.forStudy(999_999).build()));
    }

    @Test
    void waitingTrialsAreClaimedOldestFirstAndOnlyOnce() {
        StudyRecord s = study("s");
        Run w0 = store.enqueueTrial(s.id(), List.of(ParamValue.ofFloat("lr", 0.1, "{}")), "{\"fixed_params\":true}");
        Run w1 = store.enqueueTrial(s.id(), List.of(ParamValue.ofFloat("lr", 0.2, "{}")), "{}");
        assertEquals(TrialState.WAITING, w0.state());
        assertNull(w0.startedAt());
        assertTrue(store.provenance(w0.id()).isEmpty());
        assertThrows(IllegalStateException.class, () -> store.logMetrics(w0.id(), points("loss", 0, 1)));
        Run c0 = store.claimWaiting(s.id(), TestFixtures.provenance()).orElseThrow();
        Run c1 = store.claimWaiting(s.id(), TestFixtures.provenance()).orElseThrow();
        assertTrue(store.claimWaiting(s.id(), TestFixtures.provenance()).isEmpty());
        assertEquals(w0.id(), c0.id());
        assertEquals(w1.id(), c1.id());
        assertEquals(TrialState.RUNNING, c0.state());
        assertEquals(0.1, c0.param("lr"));
        assertEquals("{\"fixed_params\":true}", c0.systemAttrsJson());
        assertTrue(store.provenance(c0.id()).isPresent());
        assertEquals(2, store.startRun(s.id(), TestFixtures.provenance()).number());
    }

    @Test
    void claimsWithinBudgetStopAtTheBudgetAndFailedRunsFreeTheirSlot() {
        StudyRecord s = study("s");
        Run a = store.claimWithinBudget(s.id(), TestFixtures.provenance(), 2).orElseThrow();
        Run b = store.claimWithinBudget(s.id(), TestFixtures.provenance(), 2).orElseThrow();
        assertEquals(List.of(0, 1), List.of(a.number(), b.number()));
        assertEquals(TrialState.RUNNING, a.state());
        assertTrue(store.provenance(a.id()).isPresent());
        assertTrue(store.claimWithinBudget(s.id(), TestFixtures.provenance(), 2).isEmpty(), "RUNNING runs count");
        store.finishRun(a.id(), TrialState.COMPLETE, 1.0, null);
        assertTrue(store.claimWithinBudget(s.id(), TestFixtures.provenance(), 2).isEmpty(), "COMPLETE runs count");
        store.finishRun(b.id(), TrialState.FAILED, null, "boom");
        Run c = store.claimWithinBudget(s.id(), TestFixtures.provenance(), 2).orElseThrow();
        assertEquals(2, c.number(), "a FAILED run frees its slot");
        assertTrue(store.claimWithinBudget(s.id(), TestFixtures.provenance(), 2).isEmpty());
        assertEquals(1, store.claimWithinBudget(s.id(), TestFixtures.provenance(), 3).orElseThrow().number() - 2);
        assertThrows(IllegalArgumentException.class, () -> store.claimWithinBudget(s.id(), TestFixtures.provenance(), 0));
    }

    @Test
    void claimsWithinBudgetPreferWaitingTrialsButNeverExceedTheBudget() {
        StudyRecord s = study("s");
        Run running = store.startRun(s.id(), TestFixtures.provenance());
        Run waiting = store.enqueueTrial(s.id(), List.of(ParamValue.ofFloat("lr", 0.1, "{}")), "{\"retried_from\":0}");
        assertTrue(store.claimWithinBudget(s.id(), TestFixtures.provenance(), 1).isEmpty(),
                "the waiting trial would be a second running one in a budget of 1");
        Run claimed = store.claimWithinBudget(s.id(), TestFixtures.provenance(), 2).orElseThrow();
        assertEquals(waiting.id(), claimed.id());
        assertEquals(TrialState.RUNNING, claimed.state());
        assertEquals(0.1, claimed.param("lr"));
        assertTrue(store.claimWithinBudget(s.id(), TestFixtures.provenance(), 2).isEmpty());
        assertEquals(TrialState.RUNNING, store.run(running.id()).state());
    }

    @Test
    void claimsWithinBudgetAreExactUnderContention() throws Exception {
        StudyRecord s = study("s");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                futures.add(pool.submit(() -> {
                    int n = 0;
                    while (store.claimWithinBudget(s.id(), TestFixtures.provenance(), 25).isPresent()) {
                        n++;
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : futures) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(25, total);
            assertEquals(25, store.listRuns(s.id(), Set.of()).size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void studyAttributesAreSetReplacedAndReadBack() {
        StudyRecord s = study("s");
        assertEquals(Map.of(), store.studyAttributes(s.id()));
        store.setStudyAttribute(s.id(), "budget", "40");
        store.setStudyAttribute(s.id(), "limits", "{\"epochs\":1}");
        store.setStudyAttribute(s.id(), "budget", "50");
        assertEquals(Map.of("budget", "50", "limits", "{\"epochs\":1}"), store.studyAttributes(s.id()));
        assertThrows(IllegalArgumentException.class, () -> store.setStudyAttribute(s.id(), "x", "{not json"));
        assertThrows(NoSuchElementException.class, () -> store.setStudyAttribute(999_999, "x", "1"));
        assertThrows(NoSuchElementException.class, () -> store.studyAttributes(999_999));
    }

    @Test
    void studyViewsAreReplacedWholeKeepTheirCountAndGoWithTheirStudy() {
        StudyRecord s = study("views");
        StudyRecord other = study("other");
        assertEquals(java.util.Optional.empty(), store.studyView(s.id(), "history"));
        store.saveStudyView(s.id(), "history", 10, "[1,2]");
        store.saveStudyView(s.id(), "points", 10, "[3]");
        store.saveStudyView(other.id(), "history", 4, "[4]");
        store.saveStudyView(s.id(), "history", 12, "x".repeat(300_000));
        assertEquals(new StudyView(12, "x".repeat(300_000)), store.studyView(s.id(), "history").orElseThrow());
        assertEquals(new StudyView(10, "[3]"), store.studyView(s.id(), "points").orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> store.saveStudyView(s.id(), "n".repeat(41), 1, "[]"));
        assertThrows(NoSuchElementException.class, () -> store.saveStudyView(999_999, "history", 1, "[]"));
        assertThrows(NoSuchElementException.class, () -> store.studyView(999_999, "history"));
        store.deleteStudy(s.id(), false);
        assertThrows(NoSuchElementException.class, () -> store.studyView(s.id(), "history"));
        assertEquals(new StudyView(4, "[4]"), store.studyView(other.id(), "history").orElseThrow());
    }

    @Test
    void deletingAStudyRemovesItsRunsMetricsArtifactsAndEnsemblesAndNothingElse() {
        StudyRecord gone = study("gone");
        StudyRecord kept = study("kept");
        Run a = store.startRun(gone.id(), TestFixtures.provenance());
        store.setParams(a.id(), List.of(ParamValue.ofFloat("lr", 0.1, "{}")));
        store.logMetrics(a.id(), points("loss", 0, 3));
        store.reportIntermediate(a.id(), 0, 1.0);
        store.setTag(a.id(), "k", "v");
        store.saveArtifact(a.id(), "best.ckpt", ArtifactKind.CHECKPOINT, "application/octet-stream", new byte[] {1, 2});
        store.finishRun(a.id(), TrialState.COMPLETE, 0.5, null);
        Run b = store.enqueueTrial(gone.id(), List.of(ParamValue.ofFloat("lr", 0.2, "{}")), "{}");
        store.setStudyAttribute(gone.id(), "budget", "3");
        store.saveEnsemble(gone.id(), ensemble("e", List.of(a.id()), List.of(1.0), 0.5));
        Run other = store.startRun(kept.id(), TestFixtures.provenance());
        store.logMetrics(other.id(), points("loss", 0, 2));

        StudyDeletion d = store.deleteStudy(gone.id(), false);
        assertEquals(new StudyDeletion("gone", List.of(a.id(), b.id()), 3, 1), d);
        assertEquals(Optional.empty(), store.findStudyRecord("gone"));
        assertThrows(NoSuchElementException.class, () -> store.run(a.id()));
        assertThrows(NoSuchElementException.class, () -> store.run(b.id()));
        assertThrows(NoSuchElementException.class, () -> store.deleteStudy(gone.id(), true));
        assertEquals(List.of("kept"), store.listStudies().stream().map(x -> x.study().name()).toList());
        assertEquals(2, store.metricHistory(other.id(), "loss").size());
        StudyRecord again = study("gone");
        assertEquals(0, store.startRun(again.id(), TestFixtures.provenance()).number(), "a new study of that name starts over");
    }

    @Test
    void aStudyWithRunningTrialsIsDeletedOnlyWhenForced() {
        StudyRecord s = study("busy");
        Run running = store.startRun(s.id(), TestFixtures.provenance());
        store.logMetrics(running.id(), points("loss", 0, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.deleteStudy(s.id(), false));
        assertTrue(e.getMessage().contains("1 RUNNING") && e.getMessage().contains(Long.toString(running.id())), e.getMessage());
        assertEquals(TrialState.RUNNING, store.run(running.id()).state(), "a refused deletion deletes nothing");
        assertEquals(1, store.metricHistory(running.id(), "loss").size());
        assertEquals(List.of(running.id()), store.deleteStudy(s.id(), true).runIds());
        assertThrows(NoSuchElementException.class, () -> store.logMetrics(running.id(), points("loss", 1, 1)));
    }

    @Test
    void staleRunningRunsAreFailedAndReturned() {
        StudyRecord s = study("s");
        Run quiet = store.startRun(s.id(), TestFixtures.provenance());
        Run alive = store.startRun(s.id(), TestFixtures.provenance());
        Run done = store.startRun(s.id(), TestFixtures.provenance());
        store.finishRun(done.id(), TrialState.COMPLETE, 1.0, null);
        clock.advance(Duration.ofMinutes(2));
        store.heartbeat(alive.id());
        assertEquals(clock.instant(), store.run(alive.id()).heartbeatAt());
        clock.advance(Duration.ofSeconds(30));
        List<Run> failed = store.failStaleRuns(s.id(), Duration.ofMinutes(1));
        assertEquals(List.of(quiet.id()), failed.stream().map(Run::id).toList());
        assertEquals(TrialState.FAILED, failed.get(0).state());
        assertTrue(failed.get(0).error().contains("heartbeat"), failed.get(0).error());
        assertEquals(TrialState.RUNNING, store.run(alive.id()).state());
        assertEquals(TrialState.COMPLETE, store.run(done.id()).state());
        assertTrue(store.failStaleRuns(s.id(), Duration.ofMinutes(1)).isEmpty());
    }

    @Test
    void artifactsStreamInAndOutAndCanBeDeletedAfterTheRunFinished() throws java.io.IOException {
        Run r = store.startRun(study("s").id(), TestFixtures.provenance());
        byte[] ckpt = new byte[1_000_000];
        new java.util.Random(2).nextBytes(ckpt);
        Artifact a = store.saveArtifact(r.id(), "best-checkpoint.zip", ArtifactKind.CHECKPOINT, "application/zip",
                new java.io.ByteArrayInputStream(ckpt));
        store.saveArtifact(r.id(), "summary.txt", ArtifactKind.OTHER, "text/plain", new byte[] {42});
        store.finishRun(r.id(), TrialState.COMPLETE, 0.5, null);
        try (java.io.InputStream in = store.openArtifact(a.id())) {
            assertArrayEquals(ckpt, in.readAllBytes());
        }
        assertTrue(store.artifactPresent(a.id()));
        store.deleteArtifact(a.id());
        assertEquals(List.of("summary.txt"), store.artifacts(r.id()).stream().map(Artifact::name).toList());
        assertThrows(NoSuchElementException.class, () -> store.openArtifact(a.id()));
        assertThrows(NoSuchElementException.class, () -> store.deleteArtifact(a.id()));
    }

    @Test
    void artifactsKeepTheirBytesAndHashAndNamesAreWriteOnce() {
        Run r = store.startRun(study("s").id(), TestFixtures.provenance());
        float[] preds = {0.1f, 0.9f, 0.7f, 0.3f};
        byte[] encoded = FloatArrays.encode(preds, 2, 2);
        byte[] ckpt = new byte[300_000];
        new java.util.Random(1).nextBytes(ckpt);
        Artifact a = store.saveArtifact(r.id(), "predictions", ArtifactKind.PREDICTIONS, "application/x-hf-floats",
                encoded);
        Artifact b = store.saveArtifact(r.id(), "best.ckpt", ArtifactKind.CHECKPOINT, "application/octet-stream", ckpt);
        assertEquals(Hashing.sha256Hex(ckpt), b.sha256());
        assertEquals(ckpt.length, b.sizeBytes());
        assertEquals(List.of(b, a), store.artifacts(r.id()));
        assertArrayEquals(ckpt, store.artifactContent(b.id()));
        FloatArrays.Decoded d = FloatArrays.decode(store.artifactContent(a.id()));
        assertArrayEquals(preds, d.values());
        assertArrayEquals(new int[] {2, 2}, d.shape());
        assertThrows(IllegalArgumentException.class,
                () -> store.saveArtifact(r.id(), "best.ckpt", ArtifactKind.CHECKPOINT, "application/octet-stream",
                        new byte[] {1}));
    }

    @Test
    void systemAttributesMergeIntoOneJsonObject() {
        Run r = store.startRun(study("s").id(), TestFixtures.provenance());
        store.putSystemAttribute(r.id(), "a", "1");
        store.putSystemAttribute(r.id(), "b", "{\"x\":[1,2]}");
        store.putSystemAttribute(r.id(), "a", "\"two\"");
        assertEquals("{\"a\":\"two\",\"b\":{\"x\":[1,2]}}", store.run(r.id()).systemAttrsJson());
        assertThrows(IllegalArgumentException.class, () -> store.putSystemAttribute(r.id(), "c", "{not json"));
    }

    @Test
    void snapshotsNeverChange() {
        Run r = store.startRun(study("s").id(), TestFixtures.provenance());
        Run before = store.run(r.id());
        store.setParams(r.id(), List.of(ParamValue.ofInt("units", 3, "{}")));
        store.logMetrics(r.id(), points("loss", 0, 3));
        store.setTag(r.id(), "k", "v");
        assertTrue(before.params().isEmpty());
        assertTrue(before.lastMetrics().isEmpty());
        assertTrue(before.tags().isEmpty());
        Run after = store.run(r.id());
        assertThrows(UnsupportedOperationException.class, () -> after.params().clear());
        assertThrows(UnsupportedOperationException.class, () -> after.tags().put("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> after.intermediateValues().put(1, 1.0));
        assertThrows(UnsupportedOperationException.class, () -> after.lastMetrics().clear());
    }

    // ---- queries ----

    /** Ten complete runs: lr = 0.01 * (i + 1), units = 10 * (i % 3), team tag on even runs, val_loss = 1 - lr. */
    private StudyRecord tenRuns() {
        StudyRecord s = study("q");
        for (int i = 0; i < 10; i++) {
            Run r = store.startRun(s.id(), TestFixtures.provenance());
            double lr = 0.01 * (i + 1);
            store.setParams(r.id(), List.of(ParamValue.ofFloat("lr", lr, "{}"), ParamValue.ofInt("units", 10L * (i % 3), "{}"),
                    ParamValue.ofString("act", i % 2 == 0 ? "relu" : "tanh", "{}")));
            if (i != 4) {
                store.logMetrics(r.id(), List.of(new MetricPoint("val_loss", 0, 2.0, clock.instant()),
                        new MetricPoint("val_loss", 1, 1 - lr, clock.instant())));
            }
            if (i % 2 == 0) {
                store.setTag(r.id(), "team", "vision");
            }
            if (i < 8) {
                store.finishRun(r.id(), TrialState.COMPLETE, 1 - lr, null);
            }
        }
        return s;
    }

    private static List<Integer> numbers(RunPage page) {
        return page.runs().stream().map(Run::number).toList();
    }

    @Test
    void queriesFilterByStateTagParamRangeAndMetricRange() {
        StudyRecord s = tenRuns();
        assertEquals(List.of(8, 9), numbers(store.queryRuns(RunQuery.forStudy(s.id()).states(TrialState.RUNNING).build())));
        assertEquals(List.of(0, 2, 4, 6, 8), numbers(store.queryRuns(RunQuery.forStudy(s.id()).tag("team", "vision").build())));
        assertEquals(List.of(2, 3, 4), numbers(store.queryRuns(RunQuery.forStudy(s.id())
                .paramRange("lr", 0.025, 0.055).build())));
        assertEquals(List.of(1, 4, 7), numbers(store.queryRuns(RunQuery.forStudy(s.id())
                .paramRange("units", 10.0, 10.0).build())));
        assertEquals(List.of(7, 8, 9), numbers(store.queryRuns(RunQuery.forStudy(s.id())
                .metricRange("val_loss", null, 0.925).build())));
        assertEquals(List.of(6), numbers(store.queryRuns(RunQuery.forStudy(s.id()).states(TrialState.COMPLETE)
                .tag("team", "vision").metricRange("val_loss", null, 0.94).paramRange("lr", 0.05, null).build())));
        assertEquals(List.of(), numbers(store.queryRuns(RunQuery.forStudy(s.id()).tag("team", "nlp").build())));
    }

    @Test
    void queriesSortByParamOrMetricWithMissingValuesLastAndPage() {
        StudyRecord s = tenRuns();
        RunPage byLrDesc = store.queryRuns(RunQuery.forStudy(s.id()).sortByParam("lr", true).page(0, 3).build());
        assertEquals(List.of(9, 8, 7), numbers(byLrDesc));
        assertEquals(10, byLrDesc.total());
        RunPage byLossAsc = store.queryRuns(RunQuery.forStudy(s.id()).sortByMetric("val_loss", false).page(7, 5).build());
        assertEquals(List.of(1, 0, 4), numbers(byLossAsc));
        assertEquals(10, byLossAsc.total());
        RunPage byLossDesc = store.queryRuns(RunQuery.forStudy(s.id()).sortByMetric("val_loss", true).build());
        assertEquals(List.of(0, 1, 2, 3, 5, 6, 7, 8, 9, 4), numbers(byLossDesc));
        assertEquals(List.of(0, 3, 6, 9, 1, 4, 7, 2, 5, 8), numbers(store.queryRuns(RunQuery.forStudy(s.id())
                .sortByParam("units", false).build())));
        assertEquals(List.of(1, 3, 5, 7, 9, 0, 2, 4, 6, 8), numbers(store.queryRuns(RunQuery.forStudy(s.id())
                .sortByParam("act", true).build())));
        assertEquals(List.of(7, 6, 5), numbers(store.queryRuns(RunQuery.forStudy(s.id())
                .sortBy(RunQuery.SortField.VALUE, false).page(0, 3).build())));
        assertEquals(List.of(9, 8, 7), numbers(store.queryRuns(RunQuery.forStudy(s.id())
                .sortBy(RunQuery.SortField.NUMBER, true).page(0, 3).build())));
        RunPage page = store.queryRuns(RunQuery.forStudy(s.id()).page(0, 4).build());
        Run first = page.runs().get(0);
        assertEquals(0.01, first.param("lr"));
        assertEquals(0.99, first.lastMetrics().get("val_loss").value(), 1e-12);
        assertEquals("vision", first.tags().get("team"));
    }

    @Test
    void queriesBindNamesAndValuesSoSqlTextIsHarmless() {
        StudyRecord s = study("x'); DROP TABLE run; --");
        Run r = store.startRun(s.id(), TestFixtures.provenance());
        String evil = "p' OR '1'='1";
        store.setParams(r.id(), List.of(ParamValue.ofString(evil, "v'; DELETE FROM run_param; --", "{}")));
        store.setTag(r.id(), evil, "t' OR 1=1 --");
        assertEquals(1, store.queryRuns(RunQuery.forStudy(s.id()).tag(evil, "t' OR 1=1 --").sortByParam(evil, false)
                .build()).runs().size());
        assertEquals(0, store.queryRuns(RunQuery.forStudy(s.id()).tag(evil, "x' OR '1'='1").build()).runs().size());
        assertEquals("v'; DELETE FROM run_param; --", store.run(r.id()).param(evil));
        assertEquals(Optional.of(s), store.findStudyRecord("x'); DROP TABLE run; --"));
    }

    @Test
    void hostileStringsInEveryNameFilterAndSortAreStoredAsData() {
        List<String> hostile = List.of("a'; DROP TABLE metric; --", "b\" OR \"1\"=\"1", "c) OR (1=1", "d`; DELETE FROM run_param",
                "e\\'; TRUNCATE run_tag; --", "f%_*", "g/* x */--");
        StudyRecord s = study("s'); DELETE FROM study; --");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < hostile.size(); i++) {
            String name = hostile.get(i);
            Run r = store.startRun(s.id(), TestFixtures.provenance());
            store.setParams(r.id(), List.of(ParamValue.ofFloat(name, i, "{}")));
            store.logMetrics(r.id(), List.of(new MetricPoint(name, 0, i, clock.instant())));
            store.setTag(r.id(), name, name);
            store.setNote(r.id(), name);
            store.saveArtifact(r.id(), name, ArtifactKind.OTHER, "text/plain", name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            store.finishRun(r.id(), TrialState.FAILED, null, name);
            ids.add(r.id());
        }
        for (int i = 0; i < hostile.size(); i++) {
            String name = hostile.get(i);
            RunQuery byParam = RunQuery.forStudy(s.id()).paramRange(name, (double) i, (double) i).sortByParam(name, true).build();
            RunQuery byMetric = RunQuery.forStudy(s.id()).metricRange(name, null, (double) i).sortByMetric(name, false).build();
            RunQuery byTag = RunQuery.forStudy(s.id()).tag(name, name).states(TrialState.FAILED).build();
            for (RunQuery q : List.of(byParam, byMetric, byTag)) {
                assertEquals(List.of(i), numbers(store.queryRuns(q)), name);
            }
            Run r = store.run(ids.get(i));
            assertEquals(name, r.note());
            assertEquals(name, r.error());
            assertEquals(name, r.tags().get(name));
            assertEquals(name, store.artifacts(r.id()).get(0).name());
            assertEquals(name, store.metricHistory(r.id(), name).get(0).name());
        }
        assertEquals(hostile.size(), store.listRuns(s.id(), Set.of()).size());
        assertEquals(hostile.stream().sorted().toList(), store.paramNames(s.id()));
        assertEquals(hostile.stream().sorted().toList(), store.metricNames(s.id()));
        assertEquals(List.of("s'); DELETE FROM study; --"), store.listStudies().stream().map(x -> x.study().name()).toList());
    }

    @Test
    void forEachRunStreamsEveryMatchingRunInOrder() {
        StudyRecord s = tenRuns();
        List<Integer> seen = new ArrayList<>();
        store.forEachRun(RunQuery.forStudy(s.id()).states(TrialState.COMPLETE).sortByParam("lr", true).page(0, 1).build(),
                r -> seen.add(r.number()));
        assertEquals(List.of(7, 6, 5, 4, 3, 2, 1, 0), seen);
        List<Run> all = store.listRuns(s.id(), Set.of());
        assertEquals(IntStream.range(0, 10).boxed().toList(), all.stream().map(Run::number).toList());
        assertEquals(all.get(3), store.run(all.get(3).id()));
        assertEquals(2, store.listRuns(s.id(), Set.of(TrialState.RUNNING)).size());
    }

    // ---- concurrency ----

    @Test
    void fourThreadsWritingOneStudyLoseNothingAndNeverDuplicateANumber() throws Exception {
        StudyRecord s = study("concurrent");
        int threads = 4;
        int trialsPerThread = 6;
        int batches = 4;
        int pointsPerBatch = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<List<Long>>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int worker = t;
                jobs.add(() -> {
                    List<Long> ids = new ArrayList<>();
                    for (int i = 0; i < trialsPerThread; i++) {
                        Run r = store.startRun(s.id(), TestFixtures.provenance("worker " + worker));
                        store.setParams(r.id(), List.of(ParamValue.ofInt("worker", worker, "{}")));
                        for (int b = 0; b < batches; b++) {
                            store.logMetrics(r.id(), points("loss", b * pointsPerBatch, pointsPerBatch));
                            store.heartbeat(r.id());
                        }
                        store.finishRun(r.id(), TrialState.COMPLETE, worker + i / 100.0, null);
                        ids.add(r.id());
                    }
                    return ids;
                });
            }
            List<Long> ids = new ArrayList<>();
            for (Future<List<Long>> f : pool.invokeAll(jobs)) {
                ids.addAll(f.get());
            }
            List<Run> runs = store.listRuns(s.id(), Set.of());
            assertEquals(threads * trialsPerThread, runs.size());
            assertEquals(IntStream.range(0, threads * trialsPerThread).boxed().collect(Collectors.toSet()),
                    runs.stream().map(Run::number).collect(Collectors.toSet()));
            for (long id : ids) {
                assertEquals(batches * pointsPerBatch, store.metricHistory(id, "loss").size());
                assertEquals(TrialState.COMPLETE, store.run(id).state());
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void fourThreadsClaimEachWaitingTrialExactlyOnce() throws Exception {
        StudyRecord s = study("queue");
        int waiting = 16;
        for (int i = 0; i < waiting; i++) {
            store.enqueueTrial(s.id(), List.of(ParamValue.ofInt("i", i, "{}")), "{}");
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<Long>>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                jobs.add(() -> {
                    List<Long> claimed = new ArrayList<>();
                    for (Optional<Run> r; (r = store.claimWaiting(s.id(), TestFixtures.provenance())).isPresent(); ) {
                        claimed.add(r.get().id());
                    }
                    return claimed;
                });
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : pool.invokeAll(jobs)) {
                all.addAll(f.get());
            }
            assertEquals(waiting, all.size());
            assertEquals(waiting, new HashSet<>(all).size());
            assertFalse(store.listRuns(s.id(), Set.of()).stream().anyMatch(r -> r.state() == TrialState.WAITING));
            assertEquals(Collections.nCopies(waiting, TrialState.RUNNING),
                    store.listRuns(s.id(), Set.of()).stream().map(Run::state).toList());
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void aStudySummaryEqualsItsEntryInTheStudiesList() {
        StudyRecord s = study("s");
        StudyRecord other = study("other");
        assertEquals(new StudySummary(s, Map.of(), null), store.studySummary(s.id()));
        store.finishRun(store.startRun(s.id(), TestFixtures.provenance()).id(), TrialState.COMPLETE, 0.5, null);
        store.finishRun(store.startRun(s.id(), TestFixtures.provenance()).id(), TrialState.COMPLETE, 0.2, null);
        store.finishRun(store.startRun(s.id(), TestFixtures.provenance()).id(), TrialState.FAILED, null, "boom");
        store.startRun(s.id(), TestFixtures.provenance());
        store.finishRun(store.startRun(other.id(), TestFixtures.provenance()).id(), TrialState.COMPLETE, 0.1, null);
        StudySummary sum = store.studySummary(s.id());
        assertEquals(store.listStudies().stream().filter(x -> x.study().id() == s.id()).findFirst().orElseThrow(), sum);
        assertEquals(2L, sum.counts().get(TrialState.COMPLETE));
        assertEquals(1L, sum.counts().get(TrialState.RUNNING));
        assertEquals(0.2, sum.bestValue());
        assertThrows(NoSuchElementException.class, () -> store.studySummary(999_999L));
    }

    @Test
    void completeTrialsAreTheLightViewOfCompleteRunsFinishedSinceAMoment() {
        StudyRecord s = study("s");
        StudyRecord other = study("other");
        Run a = store.startRun(s.id(), TestFixtures.provenance());
        store.setParams(a.id(), List.of(ParamValue.ofFloat("lr", 0.01, "{}"), ParamValue.ofString("opt", "adam", "{}")));
        Run b = store.startRun(s.id(), TestFixtures.provenance());
        store.setParams(b.id(), List.of(ParamValue.ofInt("units", 32, "{}")));
        store.finishRun(b.id(), TrialState.COMPLETE, 0.7, null);
        Instant between = clock.instant().plusSeconds(1);
        clock.advance(Duration.ofSeconds(2));
        store.finishRun(a.id(), TrialState.COMPLETE, 0.9, null);
        store.finishRun(store.startRun(s.id(), TestFixtures.provenance()).id(), TrialState.FAILED, null, "boom");
        store.startRun(s.id(), TestFixtures.provenance());
        store.finishRun(store.startRun(other.id(), TestFixtures.provenance()).id(), TrialState.COMPLETE, 0.1, null);
        List<TrialPoint> all = store.completeTrials(s.id(), Instant.EPOCH);
        assertEquals(List.of(a.id(), b.id()), all.stream().map(TrialPoint::runId).toList());
        assertEquals(List.of(TrialPoint.of(store.run(a.id())), TrialPoint.of(store.run(b.id()))), all);
        assertEquals(0.01, all.get(0).params().get("lr").value());
        assertEquals(clock.instant(), all.get(0).finishedAt());
        assertEquals(List.of(a.id()), store.completeTrials(s.id(), between).stream().map(TrialPoint::runId).toList());
        assertEquals(List.of(), store.completeTrials(s.id(), clock.instant().plusMillis(1)));
        assertThrows(NoSuchElementException.class, () -> store.completeTrials(999_999L, Instant.EPOCH));
    }

    @Test
    void completeValuesAreTheTrialsWithoutParamsAndParamsAreReadByIdOrOnePerName() {
        StudyRecord s = study("s");
        StudyRecord other = study("other");
        Run a = store.startRun(s.id(), TestFixtures.provenance());
        store.setParams(a.id(), List.of(ParamValue.ofFloat("lr", 0.01, "{\"type\":\"float\",\"log\":true}"),
                ParamValue.ofString("opt", "adam", "{}")));
        Run b = store.startRun(s.id(), TestFixtures.provenance());
        store.setParams(b.id(), List.of(ParamValue.ofInt("units", 32, "{}")));
        store.finishRun(b.id(), TrialState.COMPLETE, 0.7, null);
        store.finishRun(a.id(), TrialState.COMPLETE, 0.9, null);
        Run running = store.startRun(s.id(), TestFixtures.provenance());
        store.setParams(running.id(), List.of(ParamValue.ofFloat("momentum", 0.9, "{}")));
        Run elsewhere = store.startRun(other.id(), TestFixtures.provenance());
        store.setParams(elsewhere.id(), List.of(ParamValue.ofFloat("beta", 0.5, "{}")));
        store.finishRun(elsewhere.id(), TrialState.COMPLETE, 0.1, null);
        List<TrialPoint> values = store.completeValues(s.id(), Instant.EPOCH);
        assertEquals(store.completeTrials(s.id(), Instant.EPOCH).stream().map(t -> new TrialPoint(t.runId(), t.number(),
                t.value(), t.finishedAt(), Map.of())).toList(), values);
        assertEquals(List.of(a.id(), b.id()), values.stream().map(TrialPoint::runId).toList());
        Map<Long, Map<String, ParamValue>> byId = store.paramsOf(List.of(b.id(), a.id(), 999_999L));
        assertEquals(Map.of(a.id(), store.run(a.id()).params(), b.id(), store.run(b.id()).params()), byId);
        Map<String, ParamValue> examples = store.paramExamples(s.id());
        assertEquals(List.of("lr", "momentum", "opt", "units"), List.copyOf(examples.keySet()));
        assertEquals(store.run(a.id()).params().get("lr"), examples.get("lr"));
        assertEquals(Map.of(), store.paramExamples(study("empty").id()));
        assertThrows(NoSuchElementException.class, () -> store.completeValues(999_999L, Instant.EPOCH));
    }

    @Test
    void sampledParamsAreThoseOfTheStudysRunsWhoseKeyIsAtMostTheCut() {
        StudyRecord s = study("s");
        StudyRecord other = study("other");
        String simplex = "{\"type\":\"simplex\",\"components\":[\"a\",\"b\"]}";
        List<Run> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Run r = store.startRun(s.id(), TestFixtures.provenance());
            store.setParams(r.id(), List.of(ParamValue.ofFloat("lr", 0.001 * (i + 1), "{\"type\":\"log-float\"}"),
                    ParamValue.ofInt("units", 16L << (i % 3), "{}"), ParamValue.ofString("w", "[0.25,0.75]", simplex)));
            if (i % 4 != 3) {
                store.finishRun(r.id(), i % 4 == 2 ? TrialState.PRUNED : TrialState.COMPLETE, 0.1 * i, null);
            }
            runs.add(r);
        }
        Run bare = store.startRun(s.id(), TestFixtures.provenance());
        Run elsewhere = store.startRun(other.id(), TestFixtures.provenance());
        store.setParams(elsewhere.id(), List.of(ParamValue.ofFloat("lr", 0.5, "{}")));
        List<Long> byKey = runs.stream().map(Run::id).sorted(java.util.Comparator.comparingLong(SampleKey::of)).toList();
        long cut = SampleKey.of(byKey.get(6));
        Map<Long, Map<String, ParamValue>> sampled = store.sampledParams(s.id(), cut);
        assertEquals(new java.util.HashSet<>(byKey.subList(0, 7)), sampled.keySet(), "the runs of the 7 smallest keys, any state");
        for (long id : sampled.keySet()) {
            assertEquals(store.run(id).params(), sampled.get(id), "values and distributions as stored");
        }
        assertEquals(Set.copyOf(runs.stream().map(Run::id).toList()), store.sampledParams(s.id(), Long.MAX_VALUE).keySet(),
                "every run with parameters of the study, none of another study and none without parameters");
        assertFalse(store.sampledParams(s.id(), Long.MAX_VALUE).containsKey(bare.id()));
        assertEquals(Map.of(), store.sampledParams(s.id(), Long.MIN_VALUE));
        assertThrows(NoSuchElementException.class, () -> store.sampledParams(999_999L, Long.MAX_VALUE));
    }

    @Test
    void tableRowsAreFinalRunsFinishedSinceAMomentAndEveryOpenRun() {
        StudyRecord s = study("s");
        StudyRecord other = study("other");
        Run b = store.startRun(s.id(), TestFixtures.provenance());
        store.setParams(b.id(), List.of(ParamValue.ofInt("units", 32, "{}"), ParamValue.ofString("opt", "adam", "{}")));
        store.logMetrics(b.id(), points("acc", 0, 3));
        store.finishRun(b.id(), TrialState.PRUNED, 0.7, null);
        Instant between = clock.instant().plusSeconds(1);
        clock.advance(Duration.ofSeconds(2));
        Run failed = store.finishRun(store.startRun(s.id(), TestFixtures.provenance()).id(), TrialState.FAILED, null, "x");
        Run running = store.startRun(s.id(), TestFixtures.provenance());
        store.logMetrics(running.id(), points("acc", 0, 2));
        Run waiting = store.enqueueTrial(s.id(), List.of(ParamValue.ofFloat("lr", 0.1, "{}")), "{}");
        store.finishRun(store.startRun(other.id(), TestFixtures.provenance()).id(), TrialState.COMPLETE, 0.1, null);
        List<TableRow> all = store.tableRows(s.id(), Instant.EPOCH);
        assertEquals(List.of(b.id(), failed.id(), running.id(), waiting.id()), all.stream().map(TableRow::runId).toList());
        assertEquals(TableRow.of(store.run(b.id())), all.get(0));
        assertEquals(1.0 / 3, all.get(0).metrics().get("acc"), "the latest point of acc (steps 0..2)");
        assertEquals("adam", all.get(0).params().get("opt").value());
        assertEquals(TableRow.of(store.run(running.id())), all.get(2));
        assertEquals(TableRow.of(store.run(waiting.id())), all.get(3));
        assertEquals(List.of(failed.id(), running.id(), waiting.id()),
                store.tableRows(s.id(), between).stream().map(TableRow::runId).toList());
        assertEquals(List.of(running.id(), waiting.id()), store.tableRows(s.id(), clock.instant().plusMillis(1)).stream()
                .map(TableRow::runId).toList(), "open runs whatever the moment");
        assertEquals(List.of(b.id(), waiting.id()), store.runs(List.of(b.id(), 999_999L, waiting.id())).stream()
                .map(Run::id).toList(), "by id, in order, unknown ids left out");
        assertThrows(NoSuchElementException.class, () -> store.tableRows(999_999L, Instant.EPOCH));
    }

    // ---- saved ensembles ----

    private EnsembleSpec ensemble(String name, List<Long> members, List<Double> weights, double value) {
        return new EnsembleSpec(name, "greedy", members, weights, "accuracy", value, 0.8, "{\"rounds\":25}");
    }

    @Test
    void savedEnsemblesKeepMembersWeightsAndMetricInOrderAndASecondSaveReplacesTheFirst() {
        StudyRecord s = study("s");
        Run a = store.finishRun(store.startRun(s.id(), TestFixtures.provenance()).id(), TrialState.COMPLETE, 0.8, null);
        Run b = store.finishRun(store.startRun(s.id(), TestFixtures.provenance()).id(), TrialState.COMPLETE, 0.7, null);
        assertEquals(List.of(), store.listEnsembles(s.id()));
        EnsembleRecord first = store.saveEnsemble(s.id(), ensemble("top2", List.of(b.id(), a.id()), List.of(0.25, 0.75),
                0.85));
        assertEquals(s.id(), first.studyId());
        assertEquals(List.of(b.id(), a.id()), first.memberRunIds());
        assertEquals(List.of(0.25, 0.75), first.weights());
        assertEquals(0.85, first.spec().metricValue());
        assertEquals(0.8, first.spec().bestSingleValue());
        assertEquals("{\"rounds\":25}", first.spec().detailsJson());
        assertEquals(clock.instant(), first.createdAt());
        assertEquals(Optional.of(first), store.findEnsemble(s.id(), "top2"));
        EnsembleRecord second = store.saveEnsemble(s.id(), ensemble("top2", List.of(a.id()), List.of(1.0), 0.8));
        store.saveEnsemble(s.id(), ensemble("another", List.of(a.id(), b.id()), List.of(0.5, 0.5), 0.9));
        assertEquals(List.of("another", "top2"), store.listEnsembles(s.id()).stream().map(EnsembleRecord::name).toList());
        assertEquals(List.of(a.id()), store.findEnsemble(s.id(), "top2").orElseThrow().memberRunIds());
        assertEquals(second, store.findEnsemble(s.id(), "top2").orElseThrow());
        assertTrue(store.deleteEnsemble(s.id(), "top2"));
        assertFalse(store.deleteEnsemble(s.id(), "top2"));
        assertEquals(Optional.empty(), store.findEnsemble(s.id(), "top2"));
        assertEquals(List.of("another"), store.listEnsembles(s.id()).stream().map(EnsembleRecord::name).toList());
    }

    @Test
    void ensemblesOnlyTakeRunsOfTheirStudyAndABadSaveLeavesNothingBehind() {
        StudyRecord s = study("s");
        StudyRecord other = study("other");
        Run mine = store.startRun(s.id(), TestFixtures.provenance());
        Run theirs = store.startRun(other.id(), TestFixtures.provenance());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.saveEnsemble(s.id(),
                ensemble("mixed", List.of(mine.id(), theirs.id()), List.of(0.5, 0.5), 0.9)));
        assertTrue(e.getMessage().contains("belongs to study " + other.id()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.saveEnsemble(s.id(),
                ensemble("ghost", List.of(mine.id(), 999_999L), List.of(0.5, 0.5), 0.9)));
        assertThrows(NoSuchElementException.class, () -> store.saveEnsemble(999_999L,
                ensemble("nostudy", List.of(mine.id()), List.of(1.0), 0.9)));
        assertThrows(NoSuchElementException.class, () -> store.listEnsembles(999_999L));
        assertEquals(List.of(), store.listEnsembles(s.id()));
        assertEquals(List.of(), store.listEnsembles(other.id()));
        assertThrows(IllegalArgumentException.class,
                () -> ensemble("w", List.of(mine.id(), theirs.id()), List.of(1.0), 0.9));
        assertThrows(IllegalArgumentException.class,
                () -> ensemble("w", List.of(mine.id(), mine.id()), List.of(0.5, 0.5), 0.9));
        assertThrows(IllegalArgumentException.class, () -> ensemble("w", List.of(mine.id()), List.of(-1.0), 0.9));
    }
}
