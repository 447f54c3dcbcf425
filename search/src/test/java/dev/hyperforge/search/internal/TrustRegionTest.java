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
    void failuresHalveTheSideAfterMaxOfFourAndTheDimension() {
        double[] fourFailures = {1, 2, 2, 2, 2};
        assertEquals(TrustRegion.INITIAL / 2, TrustRegion.side(fourFailures, 1, 3));
        assertEquals(TrustRegion.INITIAL, TrustRegion.side(fourFailures, 1, 5));
        double[] sixFailures = {1, 2, 2, 2, 2, 2, 2};
        assertEquals(TrustRegion.INITIAL / 2, TrustRegion.side(sixFailures, 1, 6));
        // an improvement smaller than 1e-3 of the best counts as a failure
        assertEquals(TrustRegion.INITIAL / 2, TrustRegion.side(new double[] {1, 0.9999, 0.9998, 0.9997, 0.9996}, 1, 2));
    }

    @Test
    void theRegionStartsAgainOnceItIsTooSmall() {
        int halvings = 0;
        for (double side = TrustRegion.INITIAL; side >= TrustRegion.MIN; side /= 2) {
            halvings++;
        }
        double[] losses = new double[1 + 4 * halvings];
        java.util.Arrays.fill(losses, 1.0);
        assertEquals(TrustRegion.INITIAL, TrustRegion.side(losses, 1, 2));
        double[] oneShort = java.util.Arrays.copyOf(losses, losses.length - 1);
        assertEquals(TrustRegion.INITIAL / Math.pow(2, halvings - 1), TrustRegion.side(oneShort, 1, 2), 1e-15);
    }

    @Test
    void theBoxIsClippedToTheUnitCube() {
        double[][] box = TrustRegion.box(new double[] {0.1, 0.5, 0.95}, 0.4);
        assertArrayEquals(new double[] {0.0, 0.3, 0.75}, box[0], 1e-15);
        assertArrayEquals(new double[] {0.3, 0.7, 1.0}, box[1], 1e-15);
    }
}
