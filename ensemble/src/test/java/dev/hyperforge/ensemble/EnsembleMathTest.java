package dev.hyperforge.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Weighted combination and metrics against hand computations; greedy selection and weight optimisation. */
class EnsembleMathTest {
    private static EnsembleData.Member member(long id, String output, float... p) {
        return new EnsembleData.Member(id, Map.of(output, p));
    }

    private static OutputSpec regression(String name, float... targets) {
        return OutputSpec.detect(name, targets, new int[] {targets.length, 1}, 1);
    }

    @Test
    void weightsAreNormalisedToSumToOne() {
        assertArrayEquals(new double[] {0.5, 0.25, 0.25}, EnsembleMath.normalize(new double[] {2, 1, 1}), 1e-15);
        assertArrayEquals(new double[] {0, 1}, EnsembleMath.normalize(new double[] {0, 7}), 1e-15);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, EnsembleMath.equal(4), 1e-15);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EnsembleMath.normalize(new double[] {1, -1}))
                .getMessage().contains(">= 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EnsembleMath.normalize(new double[] {0, 0}))
                .getMessage().contains("must not all be zero"));
        assertThrows(IllegalArgumentException.class, () -> EnsembleMath.normalize(new double[] {Double.NaN}));
        EnsembleData d = EnsembleData.of(List.of(regression("y", 1, 2)), List.of(member(1, "y", 1, 2), member(2, "y", 3, 4)));
        assertArrayEquals(new double[] {0.75, 0.25}, EnsembleMath.evaluate(d, new double[] {3, 1}).weights(), 1e-15);
    }

    @Test
    void regressionCombinesAsTheWeightedMeanAndScoresItsMse() {
        OutputSpec y = regression("price", 10, 20, 30);
        assertEquals(Task.REGRESSION, y.task());
        EnsembleData d = EnsembleData.of(List.of(y), List.of(member(1, "price", 12, 18, 33), member(2, "price", 6, 26, 30)));
        double[] combined = EnsembleMath.combine(d, 0, new double[] {0.75, 0.25});
        assertArrayEquals(new double[] {10.5, 20.0, 32.25}, combined, 1e-6);
        Evaluation e = EnsembleMath.evaluate(d, new double[] {3, 1});
        double mse = (0.5 * 0.5 + 0 + 2.25 * 2.25) / 3;
        assertEquals(mse, e.outputs().get(0).mse(), 1e-6);
        assertEquals("mse", e.score().name());
        assertEquals(mse, e.score().value(), 1e-6);
        assertTrue(!e.score().higherIsBetter());
        assertNull(e.outputs().get(0).accuracy());
    }

    @Test
    void classificationCombinesProbabilitiesAndScoresAccuracyAndLogLoss() {
        float[] targets = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        OutputSpec c = OutputSpec.detect("label", targets, new int[] {3, 3}, 3);
        assertEquals(Task.MULTICLASS, c.task());
        float[] a = {0.6f, 0.3f, 0.1f, 0.5f, 0.4f, 0.1f, 0.2f, 0.2f, 0.6f};
        float[] b = {0.2f, 0.7f, 0.1f, 0.1f, 0.8f, 0.1f, 0.1f, 0.1f, 0.8f};
        EnsembleData d = EnsembleData.of(List.of(c), List.of(member(1, "label", a), member(2, "label", b)));
        Evaluation e = EnsembleMath.evaluate(d, new double[] {1, 1});
        // mean rows: (0.4, 0.5, 0.1) -> class 1 (wrong), (0.3, 0.6, 0.1) -> 1 (right), (0.15, 0.15, 0.7) -> 2 (right)
        assertEquals(2.0 / 3, e.outputs().get(0).accuracy(), 1e-12);
        double logLoss = -(Math.log(0.4) + Math.log(0.6) + Math.log(0.7)) / 3;
        assertEquals(logLoss, e.outputs().get(0).logLoss(), 1e-6);
        assertEquals("accuracy", e.score().name());
        // a alone: (0.6, 0.3, 0.1) -> 0 right, (0.5, 0.4, 0.1) -> 0 wrong, (0.2, 0.2, 0.6) -> 2 right
        assertEquals(2.0 / 3, EnsembleMath.evaluate(d, new double[] {1, 0}).outputs().get(0).accuracy(), 1e-12);
    }

    @Test
    void zeroOneTargetsWithPredictionsOutsideTheUnitIntervalAreRegression() {
        assertEquals(Task.BINARY, OutputSpec.detect("y", new float[] {0, 1}, new int[] {2, 1}, 1, true).task());
        assertEquals(Task.REGRESSION, OutputSpec.detect("y", new float[] {0, 1}, new int[] {2, 1}, 1, false).task());
        assertEquals(Task.REGRESSION, OutputSpec.detect("y", new float[] {0, 1, 1, 0}, new int[] {2, 2}, 2, false).task());
    }

    @Test
    void sparseIntegerLabelsAndBinaryOutputsAreDetectedAndScored() {
        OutputSpec sparse = OutputSpec.detect("label", new float[] {2, 0}, new int[] {2, 1}, 3);
        assertEquals(Task.MULTICLASS, sparse.task());
        assertArrayEquals(new int[] {2, 0}, sparse.labels());
        OutputSpec bin = OutputSpec.detect("spam", new float[] {1, 0, 1, 0}, new int[] {4, 1}, 1);
        assertEquals(Task.BINARY, bin.task());
        EnsembleData d = EnsembleData.of(List.of(bin), List.of(member(1, "spam", 0.9f, 0.6f, 0.4f, 0.2f),
                member(2, "spam", 0.7f, 0.2f, 0.8f, 0.4f)));
        Evaluation e = EnsembleMath.evaluate(d, new double[] {1, 3});
        // p = 0.25 a + 0.75 b = (0.75, 0.3, 0.7, 0.35): all four on the right side of 0.5
        assertEquals(1.0, e.outputs().get(0).accuracy(), 1e-12);
        double ll = -(Math.log(0.75) + Math.log(0.7) + Math.log(0.7) + Math.log(0.65)) / 4;
        assertEquals(ll, e.outputs().get(0).logLoss(), 1e-6);
    }

    @Test
    void multiOutputModelsAreCombinedPerOutputAndRankedByTheSummedLoss() {
        OutputSpec age = regression("age", 30, 40);
        OutputSpec gender = OutputSpec.detect("gender", new float[] {1, 0}, new int[] {2, 1}, 1);
        EnsembleData d = EnsembleData.of(List.of(age, gender), List.of(
                new EnsembleData.Member(1, Map.of("age", new float[] {32, 38}, "gender", new float[] {0.8f, 0.4f})),
                new EnsembleData.Member(2, Map.of("age", new float[] {28, 44}, "gender", new float[] {0.6f, 0.2f}))));
        Evaluation e = EnsembleMath.evaluate(d, new double[] {1, 1});
        assertEquals(2, e.outputs().size());
        double mse = (0 * 0 + 1 * 1) / 2.0; // means 30, 41
        assertEquals(mse, e.outputs().get(0).mse(), 1e-6);
        double ll = -(Math.log(0.7) + Math.log(0.7)) / 2;
        assertEquals(ll, e.outputs().get(1).logLoss(), 1e-6);
        assertEquals(1.0, e.outputs().get(1).accuracy(), 1e-12);
        assertEquals("loss", e.score().name());
        assertEquals(mse + ll, e.score().value(), 1e-6);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> EnsembleData.of(
                List.of(age, gender), List.of(new EnsembleData.Member(3, Map.of("age", new float[] {1, 2})))));
        assertTrue(ex.getMessage().contains("no validation predictions for output 'gender'"), ex.getMessage());
    }

    @Test
    void greedySelectionWithReplacementFindsTheKnownBestCombination() {
        // A overshoots by 1, B undershoots by 1, C overshoots by 3: the best ensemble is A and B in equal parts
        // (exact, MSE 0); C only hurts. Greedy picks A (tie with B, lower index), then B, and that prefix is best.
        OutputSpec y = regression("y", 0, 10, 20, 30);
        EnsembleData d = EnsembleData.of(List.of(y), List.of(member(1, "y", 1, 11, 21, 31), member(2, "y", -1, 9, 19, 29),
                member(3, "y", 3, 13, 23, 33)));
        GreedySelection.Result r = GreedySelection.select(d, 25);
        assertEquals(List.of(0, 1), r.picks().subList(0, 2));
        assertEquals(2, r.size());
        assertArrayEquals(new double[] {0.5, 0.5, 0}, r.weights(), 1e-15);
        assertEquals(0.0, EnsembleMath.evaluate(d, r.weights()).score().value(), 1e-9);
        assertEquals(25, r.trajectory().size());
    }

    @Test
    void greedySelectionRepeatsAMemberWhenUnequalWeightsAreBest() {
        // targets 5; A predicts 6, B predicts 3: the exact mix is 2/3 A + 1/3 B, reached after picks A, B, A.
        OutputSpec y = regression("y", 5, 5);
        EnsembleData d = EnsembleData.of(List.of(y), List.of(member(1, "y", 6, 6), member(2, "y", 3, 3)));
        GreedySelection.Result r = GreedySelection.select(d, 10);
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3}, r.weights(), 1e-12);
        assertArrayEquals(new int[] {2, 1}, r.counts());
        assertEquals(0.0, EnsembleMath.evaluate(d, r.weights()).score().value(), 1e-9);
    }

    @Test
    void greedySelectionOnClassifiersBeatsTheBestSingleModelByMajority() {
        // three classifiers, each wrong on a different row: any one alone has accuracy 2/3, the equal mix 1
        float[] t = {1, 0, 0, 1, 1, 0};
        OutputSpec c = OutputSpec.detect("label", t, new int[] {3, 2}, 2);
        EnsembleData d = EnsembleData.of(List.of(c), List.of(
                member(1, "label", 0.4f, 0.6f, 0.1f, 0.9f, 0.8f, 0.2f),
                member(2, "label", 0.9f, 0.1f, 0.6f, 0.4f, 0.8f, 0.2f),
                member(3, "label", 0.9f, 0.1f, 0.1f, 0.9f, 0.4f, 0.6f)));
        GreedySelection.Result r = GreedySelection.select(d, 20);
        Evaluation e = EnsembleMath.evaluate(d, r.weights());
        assertEquals(1.0, e.outputs().get(0).accuracy(), 1e-12);
        for (int m = 0; m < 3; m++) {
            double[] one = new double[3];
            one[m] = 1;
            assertEquals(2.0 / 3, EnsembleMath.evaluate(d, one).outputs().get(0).accuracy(), 1e-12);
            assertTrue(r.weights()[m] > 0, "every member is needed");
        }
    }

    @Test
    void optimisedWeightsAreNormalisedAndNoWorseThanTheBaselines() {
        OutputSpec y = regression("y", 2, 2, 2);
        EnsembleData d = EnsembleData.of(List.of(y), List.of(member(1, "y", 3, 3, 3), member(2, "y", -1, -1, -1),
                member(3, "y", 7, 7, 7)));
        double[] eq = EnsembleMath.equal(3);
        double[] greedy = GreedySelection.select(d, 25).weights();
        double[] w = WeightOptimizer.optimize(d, 12, 42, eq, greedy);
        assertEquals(1.0, w[0] + w[1] + w[2], 1e-12);
        double opt = EnsembleMath.evaluate(d, w).score().value();
        assertTrue(opt <= EnsembleMath.evaluate(d, eq).score().value() + 1e-12);
        assertTrue(opt <= EnsembleMath.evaluate(d, greedy).score().value() + 1e-12);
        assertArrayEquals(w, WeightOptimizer.optimize(d, 12, 42, eq, greedy), 1e-12, "seeded: same weights again");
    }
}
