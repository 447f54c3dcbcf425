package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.hyperforge.engine.layers.Activation;

/**
 * The block-wise forward recurrence ({@link RowBlocks}: four rows share each sweep over the recurrent
 * kernel) gives bit-identical results to the same rows run one at a time, for the LSTM and the GRU, with
 * masked steps (which make a block fall back to row-by-row products) and {@code go_backwards}.
 */
class RowBlocksTest {
    private static final int BATCH = 11;
    private static final int STEPS = 9;
    private static final int UNITS = 6;

    @Test
    void lstmBlocksEqualRowsOneAtATime() {
        for (StepLayout l : layouts()) {
            assertSameByBlocksAndRows(RecurrentCell.lstm(l, UNITS, Activation.TANH, Activation.SIGMOID), "lstm " + l.backwards());
        }
    }

    @Test
    void gruBlocksEqualRowsOneAtATime() {
        for (StepLayout l : layouts()) {
            assertSameByBlocksAndRows(RecurrentCell.gru(l, UNITS, Activation.TANH, Activation.SIGMOID), "gru " + l.backwards());
        }
    }

    /** Plain; and a mask with holes (rows 0-3 and 4-7 of the first blocks) walked backwards. */
    private static StepLayout[] layouts() {
        double[] mask = new double[BATCH * STEPS];
        java.util.Arrays.fill(mask, 1.0);
        mask[3] = 0.0;
        mask[STEPS + 8] = 0.0;
        mask[5 * STEPS + 4] = 0.0;
        mask[10 * STEPS + 2] = 0.0;
        return new StepLayout[] {StepLayout.plain(STEPS), new StepLayout(STEPS, true, mask, false, false)};
    }

    private static void assertSameByBlocksAndRows(RecurrentCell cell, String what) {
        SplittableRandom rnd = new SplittableRandom(3);
        int g = cell.gates() * UNITS;
        double[] z = values(rnd, BATCH * STEPS * g, 2.0);
        double[] r = values(rnd, UNITS * g, 1.0);
        double[] rb = values(rnd, g, 0.5);
        double[][] blocks = forward(cell, z, r, rb, new int[] {0, BATCH});
        int[] single = new int[BATCH + 1];
        for (int b = 0; b <= BATCH; b++) {
            single[b] = b;
        }
        double[][] rows = forward(cell, z, r, rb, single);
        for (int i = 0; i < blocks.length; i++) {
            assertArrayEquals(rows[i], blocks[i], what + ", array " + i);
        }
        assertFalse(java.util.Arrays.equals(z, blocks[0]), what + ": the kernel wrote its gates");
    }

    private static double[][] forward(RecurrentCell cell, double[] z, double[] r, double[] rb, int[] cuts) {
        double[] a = z.clone();
        int n = BATCH * STEPS * UNITS;
        double[] hs = new double[n];
        double[] s1 = new double[n];
        double[] s2 = new double[n];
        for (int c = 0; c + 1 < cuts.length; c++) {
            cell.forward(a, r, cell.gates() == 3 ? rb : null, hs, s1, s2, cuts[c], cuts[c + 1]);
        }
        return new double[][] {a, hs, s1, s2};
    }

    private static double[] values(SplittableRandom rnd, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (rnd.nextDouble() - 0.5) * scale;
        }
        return v;
    }
}
