package dev.hyperforge.search.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TrustRegionTest {

    @Test
    void startupTrialsOnlySetTheBest() {
        assertEquals(TrustRegion.INITIAL, TrustRegion.side(new double[] {3, 2, 1, 0.5}, 4, 2));
    }

    @Test
    void threeImprovementsInARowDoubleTheSideUpToTheMaximum() {
        double[] losses = {5, 4, 3, 2, 1};
        assertEquals(Math.min(TrustRegion.MAX, 2 * TrustRegion.INITIAL), TrustRegion.side(losses, 2, 2));
        assertEquals(TrustRegion.INITIAL, TrustRegion.side(new double[] {5, 4, 3, 2}, 2, 2));
    }

    @Test
    void aFailureBetweenImprovementsStartsTheCountAgain() {
        assertEquals(TrustRegion.INITIAL, TrustRegion.side(new double[] {5, 4, 3, 9, 2, 1}, 1, 2));
        assertEquals(2 * TrustRegion.INITIAL, TrustRegion.side(new double[] {5, 4, 3, 9, 2, 1, 0.5}, 1, 2));
    }

    /** Losses of a startup trial and then exactly as many failures as collapse the region (tolerance 4). */
    private static double[] collapse() {
        int halvings = 0;
        for (double side = TrustRegion.INITIAL; side >= TrustRegion.MIN; side /= 2) {
            halvings++;
        }
        double[] losses = new double[1 + 4 * halvings];
        java.util.Arrays.fill(losses, 1.0);
        return losses;
    }

    @Test
    void theRegionRestartsOnceItIsTooSmall() {
        double[] losses = collapse();
        assertEquals(new TrustRegion.State(TrustRegion.INITIAL, losses.length), TrustRegion.replay(losses, 1, 2));
        double[] oneShort = java.util.Arrays.copyOf(losses, losses.length - 1);
        TrustRegion.State before = TrustRegion.replay(oneShort, 1, 2);
        assertEquals(0, before.start());
        assertEquals(TrustRegion.INITIAL / Math.pow(2, (losses.length - 1) / 4 - 1), before.side(), 1e-15);
    }

    @Test
    void aRestartedRegionIsJudgedAgainstItsOwnBest() {
        double[] losses = collapse();
        int start = losses.length;
        // the restart's first trial only sets the new region's best; then three improvements on it, all
        // worse than the best before the restart (1.0)
        double[] after = java.util.Arrays.copyOf(losses, start + 4);
        after[start] = 5;
        after[start + 1] = 4;
        after[start + 2] = 3;
        after[start + 3] = 2;
        assertEquals(new TrustRegion.State(2 * TrustRegion.INITIAL, start), TrustRegion.replay(after, 1, 2));
        double[] twoOnly = java.util.Arrays.copyOf(after, start + 3);
        assertEquals(new TrustRegion.State(TrustRegion.INITIAL, start), TrustRegion.replay(twoOnly, 1, 2));
    }

    @Test
    void theBoxIsClippedToTheUnitCube() {
        double[][] box = TrustRegion.box(new double[] {0.1, 0.5, 0.95}, 0.4);
        assertArrayEquals(new double[] {0.0, 0.3, 0.75}, box[0], 1e-15);
        assertArrayEquals(new double[] {0.3, 0.7, 1.0}, box[1], 1e-15);
    }
}
