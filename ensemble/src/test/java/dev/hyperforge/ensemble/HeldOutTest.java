package dev.hyperforge.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The held-out estimate of an ensemble against its in-sample score. */
class HeldOutTest {

    /** 12 members that are the target plus independent noise: any weights fitted to the rows overfit them. */
    private static EnsembleData noisyMembers(int rows, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = (float) rnd.nextGaussian();
        }
        List<EnsembleData.Member> members = new ArrayList<>();
        for (int m = 0; m < 12; m++) {
            float[] p = new float[rows];
            for (int r = 0; r < rows; r++) {
                p[r] = (float) (y[r] + rnd.nextGaussian());
            }
            members.add(new EnsembleData.Member(m, Map.of("y", p)));
        }
        return EnsembleData.of(List.of(OutputSpec.detect("y", y, new int[] {rows, 1}, 1, false)), members);
    }

    @Test
    void greedyWeightsScoreWorseHeldOutThanInSample() {
        EnsembleData data = noisyMembers(40, 3);
        double[] w = GreedySelection.select(data, 25).weights();
        double inSample = EnsembleMath.evaluate(data, w).score().value();
        HeldOut.Estimate held = HeldOut.estimate(data, d -> GreedySelection.select(d, 25).weights(), 7);
        assertEquals("mse", held.score().name());
        assertEquals(5, held.folds());
        assertEquals(40, held.rows());
        assertTrue(held.score().value() > inSample * 1.05, "held out " + held.score().value() + " vs in sample " + inSample);
    }

    @Test
    void weightsThatAreNotFittedScoreTheSameHeldOutAndTooFewRowsGiveNoEstimate() {
        EnsembleData data = noisyMembers(23, 5);
        double[] equal = EnsembleMath.equal(data.size());
        HeldOut.Estimate held = HeldOut.estimate(data, d -> equal, 1);
        assertEquals(EnsembleMath.evaluate(data, equal).score().value(), held.score().value(), 1e-9);
        assertNull(HeldOut.estimate(noisyMembers(HeldOut.MIN_ROWS - 1, 1), d -> equal, 1));
    }

    @Test
    void aRowSubsetKeepsEachMembersPredictionsOfThoseRows() {
        EnsembleData data = noisyMembers(10, 9);
        EnsembleData sub = data.rows(new int[] {7, 2});
        assertEquals(2, sub.outputs().get(0).rows());
        assertEquals(data.predictions(4, 0)[7], sub.predictions(4, 0)[0]);
        assertEquals(data.outputs().get(0).targets()[2], sub.outputs().get(0).targets()[1]);
    }
}
