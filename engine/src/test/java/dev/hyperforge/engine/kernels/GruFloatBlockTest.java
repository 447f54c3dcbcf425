package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.hyperforge.engine.layers.Activation;

/**
 * The float32 GRU forward of level V5 ({@link GruFloatBlock}, rows in lockstep): it agrees with V4's double recurrence
 * to float accuracy (gates, {@code q_h} and hidden states), its inference gives its training forward's states to the
 * bit, and it carries the state through masked steps exactly, with masks (holes, a masked first and last step),
 * {@code go_backwards}, with and without a recurrent bias, and more rows than a block holds; a float32 layer at V4 and a
 * double-precision layer at V5 compute as before, to the bit.
 */
class GruFloatBlockTest {
    private static final int STEPS = 9;

    @Test
    void doubleLayersAtV5AndFloatLayersAtV4ComputeAsBefore() {
        for (StepLayout l : layouts(4)) {
            Out v4 = run(Numerics.V4, false, l, 4, 6, true, true);
            v4.assertEquals(run(Numerics.V5, false, l, 4, 6, true, true), 0.0);
            v4.assertEquals(run(Numerics.V4, true, l, 4, 6, true, true), 0.0);
        }
    }

    @Test
    void floatLayersAtV5AgreeToFloatAccuracyAndCarryMaskedSteps() {
        for (int batch : new int[] {3, GruFloatBlock.MAX_ROWS + 6}) {
            for (boolean bias : new boolean[] {true, false}) {
                for (StepLayout l : layouts(batch)) {
                    Out v4 = run(Numerics.V4, false, l, batch, 7, true, bias);
                    Out v5 = run(Numerics.V5, true, l, batch, 7, true, bias);
                    v4.assertEquals(v5, 2e-6);
                    assertFalse(java.util.Arrays.equals(v4.hs, v5.hs), "V5 computes in float");
                    for (double h : v5.hs) {
                        assertEquals(h, (float) h, 0.0, "float values");
                    }
                    Out infer = run(Numerics.V5, true, l, batch, 7, false, bias);
                    assertArrayEquals(v5.hs, infer.hs, "inference = training forward");
                    if (l.mask() != null) {
                        assertCarried(v5, l, batch, 7);
                    }
                }
            }
        }
    }

    /** A masked step's state is the previous step's (zeros before the first), bit for bit. */
    private static void assertCarried(Out o, StepLayout l, int batch, int u) {
        int checked = 0;
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < STEPS; s++) {
                int row = l.row(b, s);
                if (l.real(row)) {
                    continue;
                }
                checked++;
                for (int j = 0; j < u; j++) {
                    double h = s > 0 ? o.hs[l.row(b, s - 1) * u + j] : 0.0;
                    assertEquals(h, o.hs[row * u + j], 0.0);
                }
            }
        }
        assertTrue(checked >= 3, "masked steps checked: " + checked);
    }

    private record Out(double[] a, double[] hs, double[] qh) {
        void assertEquals(Out o, double tol) {
            assertArrayEquals(a, o.a, tol, "gates");
            assertArrayEquals(hs, o.hs, tol, "hidden states");
            assertArrayEquals(qh, o.qh, tol, "recurrent candidate terms");
        }
    }

    /** One forward (training when {@code keep}, else inference) on fixed random pre-activations, kernel and bias. */
    private static Out run(Numerics level, boolean single, StepLayout l, int batch, int u, boolean keep, boolean bias) {
        SplittableRandom rnd = new SplittableRandom(11);
        double[] a = new double[batch * STEPS * 3 * u];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rnd.nextDouble() * 4 - 2);
        }
        double[] r = new double[u * 3 * u];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) (rnd.nextDouble() - 0.5);
        }
        double[] rb = new double[3 * u];
        for (int i = 0; i < rb.length; i++) {
            rb[i] = (float) (rnd.nextDouble() - 0.5);
        }
        int n = batch * STEPS * u;
        double[] hs = new double[n];
        double[] qh = keep ? new double[n] : null;
        Numerics was = Numerics.set(level);
        try {
            RecurrentCell cell = RecurrentCell.gru(l, u, Activation.TANH, Activation.SIGMOID, single);
            if (keep) {
                cell.forward(a, r, bias ? rb : null, hs, qh, null, 0, batch);
            } else {
                cell.infer(a, r, bias ? rb : null, hs, qh, null, 0, batch);
            }
        } finally {
            Numerics.set(was);
        }
        return new Out(keep ? a : null, hs, qh);
    }

    private static StepLayout[] layouts(int batch) {
        return TestLayouts.masked(batch, STEPS, false);
    }
}
