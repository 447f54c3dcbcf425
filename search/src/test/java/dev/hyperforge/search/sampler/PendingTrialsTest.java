package dev.hyperforge.search.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.Trial;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.internal.AcquisitionFunction;
import dev.hyperforge.search.internal.GaussianProcess;
import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.SearchSpace;
import dev.hyperforge.search.storage.InMemoryStudyStorage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PendingTrialsTest {

    private static final SearchSpace LINE = SearchSpace.builder().add("x", FloatDistribution.linear(0, 1)).build();
    private static final double[][] WHOLE = {{0.0}, {1.0}};

    private static FrozenTrial trial(int number, TrialState state, double x, Double value) {
        return new FrozenTrial(number + 1000, 1, number, state, Map.of("x", x), FrozenTrial.valuesOf(value), Map.of(),
                null, null, null, Map.of(), Map.of(), null);
    }

    /** (x - 0.3)^2 - 0.05 observed at 0.1, 0.5 and 0.9, the running trial at 0.3 believed. */
    private static GaussianProcess believed(double pending) {
        double[][] x = {{0.1}, {0.5}, {0.9}};
        double[] y = new double[3];
        for (int i = 0; i < 3; i++) {
            y[i] = 10 * ((x[i][0] - 0.3) * (x[i][0] - 0.3) - 0.05);
        }
        GaussianProcess gp = GaussianProcess.condition(x, y, new double[] {Math.log(0.3), 0, Math.log(1e-6)});
        return GpSampler.believe(gp, x, y, List.of(trial(3, TrialState.RUNNING, pending, null)), LINE);
    }

    @Test
    void theBelievedLossOfARunningTrialInsideTheRegionBecomesTheReference() {
        GaussianProcess gp = believed(0.3);
        double[] moments = new double[2];
        gp.predict(new double[] {0.3}, moments);
        double observedBest = -0.1;   // the loss at 0.1 and at 0.5
        assertTrue(moments[0] < observedBest, "the believer predicts below the best at 0.3: " + moments[0]);
        List<FrozenTrial> pending = List.of(trial(3, TrialState.RUNNING, 0.3, null));
        assertEquals(moments[0], PendingTrials.believedBest(gp, observedBest, LINE, pending, WHOLE), 0.0);
        // outside the region searched, or nothing running: the observed best
        assertEquals(observedBest, PendingTrials.believedBest(gp, observedBest, LINE, pending, new double[][] {{0.6}, {1.0}}));
        assertEquals(observedBest, PendingTrials.believedBest(gp, observedBest, LINE, List.of(), WHOLE));
    }

    @Test
    void withTheBelievedReferenceTheAcquisitionIsLowestAtTheRunningTrial() {
        GaussianProcess gp = believed(0.3);
        List<FrozenTrial> pending = List.of(trial(3, TrialState.RUNNING, 0.3, null));
        double observedBest = -0.1;
        double reference = PendingTrials.believedBest(gp, observedBest, LINE, pending, WHOLE);
        AcquisitionFunction ei = AcquisitionFunction.logEi();
        double[] moments = new double[2];
        gp.predict(new double[] {0.3}, moments);
        double atPending = ei.value(moments[0], moments[1], reference);
        assertTrue(atPending < ei.value(moments[0], moments[1], observedBest) - 5,
                "log-EI at the running trial " + atPending);
        // with the observed best the maximum stays next to the running trial; with the believed one it leaves
        // with the believed reference the running trial's place scores well below its neighbours
        for (double near : new double[] {0.25, 0.35}) {
            assertTrue(logEi(gp, 0.3, reference) < logEi(gp, near, reference) - 1, "believed, at " + near);
        }
    }

    private static double logEi(GaussianProcess gp, double x, double best) {
        double[] moments = new double[2];
        gp.predict(new double[] {x}, moments);
        return AcquisitionFunction.logEi().value(moments[0], moments[1], best);
    }

    @Test
    void theBelieverKeepsTheMeanAndCollapsesTheVarianceAtTheRunningTrial() {
        double[][] x = {{0.1}, {0.5}, {0.9}};
        double[] y = {0.5, -1.0, 2.0};
        GaussianProcess gp = GaussianProcess.condition(x, y, new double[] {Math.log(0.3), 0, Math.log(1e-6)});
        GaussianProcess believer = GpSampler.believe(gp, x, y,
                List.of(trial(3, TrialState.RUNNING, 0.3, null)), LINE);
        double[] before = new double[2];
        double[] after = new double[2];
        gp.predict(new double[] {0.3}, before);
        believer.predict(new double[] {0.3}, after);
        assertTrue(before[1] > 0.05, "uncertain before: " + before[1]);
        assertEquals(before[0], after[0], 1e-6, "the fantasy is the posterior mean");
        assertTrue(after[1] < 1e-5, "the variance collapses at the running trial: " + after[1]);
        for (double far : new double[] {0.1, 0.5, 0.9}) {
            gp.predict(new double[] {far}, before);
            believer.predict(new double[] {far}, after);
            assertEquals(before[0], after[0], 1e-6, "the mean is unchanged at " + far);
        }
        believer.predict(new double[] {0.7}, after);
        gp.predict(new double[] {0.7}, before);
        assertTrue(after[1] > 0.8 * before[1] && after[1] <= before[1],
                "0.4 away (1.3 length-scales) the variance shrinks a little: " + before[1] + " -> " + after[1]);
    }

    @Test
    void withFourWorkersTheGpStartsOnceHalfTheDesignIsToldAndReplaysExactly() {
        SearchSpace box = SearchSpace.builder().add("a", FloatDistribution.linear(0, 1))
                .add("b", FloatDistribution.linear(0, 1)).add("c", FloatDistribution.linear(0, 1))
                .add("d", FloatDistribution.linear(0, 1)).add("e", FloatDistribution.linear(0, 1))
                .add("f", FloatDistribution.linear(0, 1)).build();
        Study study = Study.builder("four", box).sampler(new GpSampler(GpSampler.Settings.defaults())).seed(5)
                .storage(new InMemoryStudyStorage()).build();
        java.util.ArrayDeque<Trial> running = new java.util.ArrayDeque<>();
        for (int told = 0; told < 14; told++) {
            while (running.size() < 4) {
                running.add(study.ask());
            }
            Trial t = running.poll();
            double loss = 0;
            for (Object v : t.params().values()) {
                loss += Math.pow(((Number) v).doubleValue() - 0.3, 2);
            }
            study.tell(t, loss);
        }
        List<FrozenTrial> trials = study.trials();
        // trial k is asked with k - 3 trials told and 3 running: 12 design trials in a 6-dimensional space, the GP
        // from trial 9 (6 told), where the design alone would have ended at trial 12
        assertFalse(trials.get(8).systemAttrs().containsKey(GpSampler.THETA), "trial 8: the design");
        for (int k = 9; k < trials.size(); k++) {
            assertTrue(trials.get(k).systemAttrs().containsKey(GpSampler.THETA), "trial " + k + ": the GP");
        }
        for (FrozenTrial t : trials) {
            assertEquals(t.params(), study.replaySuggestion(t.number()).params(), "replay of trial " + t.number());
        }
    }

    @Test
    void whileTrialsRunTheTrustRegionHasHalfItsSide() {
        double[][] box = PendingTrials.narrow(new double[] {0.5, 0.9}, 0.8);
        assertArrayEquals(new double[] {0.3, 0.7}, box[0], 1e-12);
        assertArrayEquals(new double[] {0.7, 1.0}, box[1], 1e-12);
    }

    @Test
    void theDesignEndsOnceItsTrialsAreAskedNotTold() {
        assertTrue(PendingTrials.designComplete(9, 3, 12));
        assertTrue(PendingTrials.designComplete(12, 0, 12));
        assertFalse(PendingTrials.designComplete(11, 0, 12));
        assertFalse(PendingTrials.designComplete(0, 12, 12), "nothing to fit yet");
        // with trials running, the design also ends once half of it is told and the told plus twice the running
        // trials cover it: the GP takes over as many trials earlier as trials run
        assertTrue(PendingTrials.designComplete(6, 3, 12));
        assertFalse(PendingTrials.designComplete(5, 3, 12), "5 + 2 * 3 < 12");
        assertTrue(PendingTrials.designComplete(10, 1, 12));
        assertFalse(PendingTrials.designComplete(9, 1, 12), "9 + 2 * 1 < 12");
        assertFalse(PendingTrials.designComplete(1, 3, 5), "one result: not half the design");
        assertTrue(PendingTrials.designComplete(2, 3, 5), "the design asked in full");
        assertFalse(PendingTrials.designComplete(6, 0, 12), "a sequential study tells its whole design");
        GpSampler gp = new GpSampler(new GpSampler.Settings(3, "logei", 64, 1, 0));
        List<FrozenTrial> finished = List.of(trial(0, TrialState.COMPLETE, 0.2, 1.0),
                trial(1, TrialState.COMPLETE, 0.7, 2.0));
        SamplingContext alone = new SamplingContext(LINE, Direction.MINIMIZE, 7, 3, finished, List.of());
        SamplingContext running = new SamplingContext(LINE, Direction.MINIMIZE, 7, 3, finished,
                List.of(trial(2, TrialState.RUNNING, 0.5, null)));
        assertFalse(gp.suggest(alone).systemAttrs().containsKey(GpSampler.THETA), "the design's third point");
        assertTrue(gp.suggest(running).systemAttrs().containsKey(GpSampler.THETA), "the GP, the third point running");
    }
}
