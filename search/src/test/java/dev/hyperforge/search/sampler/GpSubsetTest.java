package dev.hyperforge.search.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class GpSubsetTest {

    @Test
    void keepsEveryTrialUpToTheSize() {
        assertArrayEquals(new int[] {0, 1, 2}, GpSubset.select(new double[] {3, 1, 2}, 3));
    }

    @Test
    void keepsTheBestHalfAndSpreadsTheRestOverTheOtherTrials() {
        // best two: 1 (loss 1) and 3 (loss 2); the others 0, 2, 4 give two places: 0 and 2
        assertArrayEquals(new int[] {0, 1, 2, 3}, GpSubset.select(new double[] {5, 1, 4, 2, 3}, 4));
        double[] loss = new double[12];
        for (int i = 0; i < loss.length; i++) {
            loss[i] = 12 - i;   // the last trials are the best
        }
        // best three: 9, 10, 11; three spread over 0..8: 0, 3, 6
        assertArrayEquals(new int[] {0, 3, 6, 9, 10, 11}, GpSubset.select(loss, 6));
    }

    @Test
    void tiesAreBrokenByTrialOrder() {
        // best one: 0; two spread over 1, 2, 3: 1 and 2
        assertArrayEquals(new int[] {0, 1, 2}, GpSubset.select(new double[] {1, 1, 1, 1}, 3));
    }
}
