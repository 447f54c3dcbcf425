package dev.hyperforge.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.tracker.ArtifactKind;
import dev.hyperforge.search.Direction;
import dev.hyperforge.tracker.EnsembleRecord;
import dev.hyperforge.tracker.FloatArrays;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.TestFixtures;
import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Building, saving and offering ensembles from predictions stored in a tracker, on a regression study with known
 * answers: targets {@code 0, 10, 20, 30}; run A predicts each target + 1, B each target - 1, C each target + 3. The
 * best ensemble is A and B in equal parts (MSE 0); alone A and B score MSE 1 and C MSE 9.
 */
class EnsembleServiceTest {
    private static final float[] TARGETS = {0, 10, 20, 30};

    private RunStore store;
    private EnsembleService service;
    private StudyRecord study;
    private Run a;
    private Run b;
    private Run c;

    @BeforeEach
    void study() {
        store = new InMemoryRunStore();
        service = new EnsembleService(store);
        study = store.createOrGetStudy(new StudySpec("regression", Direction.MINIMIZE, "random", "{}", 1), null);
        a = tracked(study, 1, TARGETS, 1.0);
        b = tracked(study, -1, TARGETS, 1.0);
        c = tracked(study, 3, TARGETS, 9.0);
    }

    /** A COMPLETE run whose predictions are the targets shifted by {@code offset}. */
    private Run tracked(StudyRecord s, float offset, float[] targets, double value) {
        Run r = store.startRun(s.id(), TestFixtures.provenance());
        float[] p = targets.clone();
        for (int i = 0; i < p.length; i++) {
            p[i] += offset;
        }
        store.saveArtifact(r.id(), "val_predictions/y", ArtifactKind.PREDICTIONS, "application/x-hf-floats",
                FloatArrays.encode(p, p.length, 1));
        store.saveArtifact(r.id(), "val_targets/y", ArtifactKind.PREDICTIONS, "application/x-hf-floats",
                FloatArrays.encode(targets, targets.length, 1));
        return store.finishRun(r.id(), TrialState.COMPLETE, value, null);
    }

    private List<Long> abc() {
        return List.of(a.id(), b.id(), c.id());
    }

    @Test
    void greedySelectionOnStoredPredictionsFindsTheExactMix() {
        EnsembleResult r = service.build(abc(), EnsembleMethod.GREEDY, null, EnsembleService.Options.defaults());
        assertEquals(study.id(), r.studyId());
        assertArrayEquals(new double[] {0.5, 0.5, 0}, r.evaluation().weights(), 1e-12);
        assertEquals("mse", r.evaluation().score().name());
        assertEquals(0.0, r.evaluation().score().value(), 1e-9);
        assertEquals(1.0, r.singles().get(a.id()).score().value(), 1e-9);
        assertEquals(9.0, r.singles().get(c.id()).score().value(), 1e-9);
        assertEquals(a.id(), r.bestSingleRunId(), "A and B tie at MSE 1; the first listed wins");
        assertEquals(1.0, r.improvement(), 1e-9, "MSE saved against the best single model");
        assertTrue(r.baselines().isEmpty());
    }

    @Test
    void manualWeightsAreNormalisedAndMustBeOnePerRun() {
        EnsembleResult r = service.build(abc(), EnsembleMethod.MANUAL, new double[] {2, 1, 1},
                EnsembleService.Options.defaults());
        assertArrayEquals(new double[] {0.5, 0.25, 0.25}, r.evaluation().weights(), 1e-12);
        // mix predicts target + 0.5 + (-0.25) + 0.75 = target + 1: MSE 1, no better than A alone
        assertEquals(1.0, r.evaluation().score().value(), 1e-9);
        assertEquals(0.0, r.improvement(), 1e-9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> service.build(abc(),
                EnsembleMethod.MANUAL, new double[] {1}, EnsembleService.Options.defaults()));
        assertTrue(e.getMessage().contains("one weight per run (3), received 1"), e.getMessage());
    }

    @Test
    void optimisedWeightsReportTheirBaselinesAndAreNoWorse() {
        EnsembleResult r = service.build(abc(), EnsembleMethod.OPTIMIZE, null, new EnsembleService.Options(25, 12, 7));
        assertEquals(List.of("equal", "greedy"), r.baselines().keySet().stream().sorted().toList());
        double opt = r.evaluation().score().value();
        assertTrue(opt <= r.baselines().get("equal").score().value() + 1e-12);
        assertTrue(opt <= r.baselines().get("greedy").score().value() + 1e-12);
    }

    @Test
    void aSavedEnsembleCarriesItsMembersWeightsAndScores() {
        EnsembleResult r = service.build(abc(), EnsembleMethod.GREEDY, null, EnsembleService.Options.defaults());
        EnsembleRecord saved = service.save("ab", r);
        assertEquals(abc(), saved.memberRunIds());
        assertEquals(List.of(0.5, 0.5, 0.0), saved.weights());
        assertEquals("greedy", saved.spec().method());
        assertEquals("mse", saved.spec().metricName());
        assertEquals(1.0, saved.spec().bestSingleValue(), 1e-9);
        assertTrue(saved.spec().detailsJson().contains("\"bestSingleRunId\":" + a.id()), saved.spec().detailsJson());
        assertEquals(List.of("ab"), service.list(study.id()).stream().map(EnsembleRecord::name).toList());
        service.delete(study.id(), "ab");
        assertTrue(service.list(study.id()).isEmpty());
        assertThrows(NoSuchElementException.class, () -> service.delete(study.id(), "ab"));
    }

    @Test
    void aBadNameSavesNothing() {
        EnsembleResult r = service.build(abc(), EnsembleMethod.EQUAL, null, EnsembleService.Options.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> service.save("<b>", r));
        assertTrue(e.getMessage().contains("ensemble name must be"), e.getMessage());
        assertTrue(store.listEnsembles(study.id()).isEmpty());
    }

    @Test
    void candidatesAreTheTopRunsBestFirstWithTheirOwnScore() {
        Run bare = store.startRun(study.id(), TestFixtures.provenance());
        store.finishRun(bare.id(), TrialState.COMPLETE, 0.5, null);
        List<EnsembleService.Candidate> top = service.candidates(study.id(), null, 3);
        assertEquals(List.of(bare.id(), a.id(), b.id()), top.stream().map(x -> x.run().id()).toList(),
                "MINIMIZE: lowest objective first");
        assertFalse(top.get(0).hasPredictions());
        assertNull(top.get(0).problem(), "no predictions stored is not a problem, just not a candidate");
        assertEquals(1.0, top.get(1).validation().score().value(), 1e-9);
        List<EnsembleService.Candidate> picked = service.candidates(study.id(), List.of(c.id()), 3);
        assertEquals(9.0, picked.get(0).validation().score().value(), 1e-9);
    }

    @Test
    void aCandidateWithPredictionsButNoTargetsNamesTheProblem() {
        Run r = store.startRun(study.id(), TestFixtures.provenance());
        store.saveArtifact(r.id(), "val_predictions/y", ArtifactKind.PREDICTIONS, "application/x-hf-floats",
                FloatArrays.encode(TARGETS, 4, 1));
        EnsembleService.Candidate only = service.candidates(study.id(), List.of(r.id()), 1).get(0);
        assertFalse(only.hasPredictions());
        assertTrue(only.problem().contains("no targets for output 'y'"), only.problem());
    }

    @Test
    void membersMustBeDistinctKnownRunsOfOneStudyOnTheSameRows() {
        StudyRecord other = store.createOrGetStudy(new StudySpec("other", Direction.MINIMIZE, "random", "{}", 1), null);
        Run foreign = tracked(other, 0, TARGETS, 0.0);
        Run shifted = tracked(study, 0, new float[] {1, 11, 21, 31}, 0.0);
        EnsembleService.Options o = EnsembleService.Options.defaults();
        assertMessage(IllegalArgumentException.class, "listed twice",
                () -> service.build(List.of(a.id(), a.id()), EnsembleMethod.EQUAL, null, o));
        assertMessage(IllegalArgumentException.class, "members must come from one study",
                () -> service.build(List.of(a.id(), foreign.id()), EnsembleMethod.EQUAL, null, o));
        assertMessage(NoSuchElementException.class, "no run with id 999999",
                () -> service.build(List.of(a.id(), 999999L), EnsembleMethod.EQUAL, null, o));
        assertMessage(IllegalArgumentException.class, "differ from run " + a.id(),
                () -> service.build(List.of(a.id(), shifted.id()), EnsembleMethod.EQUAL, null, o));
        assertMessage(IllegalArgumentException.class, "belongs to study " + other.id(),
                () -> service.candidates(study.id(), List.of(foreign.id()), 1));
        assertMessage(IllegalArgumentException.class, "1..20 runs, received 0",
                () -> service.build(List.of(), EnsembleMethod.EQUAL, null, o));
    }

    @Test
    void optionsOutsideTheirRangesAreRejected() {
        assertMessage(IllegalArgumentException.class, "rounds must be in 1..1000, received 0",
                () -> new EnsembleService.Options(0, 40, 1));
        assertMessage(IllegalArgumentException.class, "trials must be in 1..500, received 501",
                () -> new EnsembleService.Options(25, 501, 1));
    }

    private static void assertMessage(Class<? extends RuntimeException> type, String part, Runnable action) {
        RuntimeException e = assertThrows(type, action::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void theStudyObjectiveIsTheDefaultScoreAndAnotherCanBeChosen() {
        EnsembleService.Options byObjective = EnsembleService.Options.defaults().scoredBy(Scoring.AUTO, "val_mae");
        EnsembleResult r = service.build(abc(), EnsembleMethod.EQUAL, null, byObjective);
        assertEquals("mae", r.evaluation().score().name());
        assertEquals(1.0, r.evaluation().score().value(), 1e-6, "equal weights: every prediction 1 too high");
        assertEquals(1.0, r.bestSingle().score().value(), 1e-6);
        EnsembleService.Scorings s = service.scorings(a.id(), byObjective);
        assertEquals(new Scoring(null, "mae"), s.used());
        assertEquals(new Scoring(null, "mae"), s.objective());
        assertEquals(List.of("mse", "mae", "loss"), s.choices().stream().map(Scoring::key).toList());
        EnsembleResult mse = service.build(abc(), EnsembleMethod.EQUAL, null, byObjective.scoredBy(Scoring.parse("mse"), "val_mae"));
        assertEquals("mse", mse.evaluation().score().name());
        assertEquals(9.0, mse.singles().get(c.id()).score().value(), 1e-6, "C alone: every prediction 3 too high");
        assertEquals(3.0, r.singles().get(c.id()).score().value(), 1e-6);
        assertEquals("mae", service.candidates(study.id(), null, 3, byObjective).get(0).validation().score().name());
    }
}
