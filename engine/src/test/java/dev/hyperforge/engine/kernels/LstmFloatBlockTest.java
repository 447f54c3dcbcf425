package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.hyperforge.engine.layers.Activation;

/**
 * The float32 LSTM of level V3 ({@link LstmFloatBlock}, rows in lockstep): it agrees with V2's double recurrence to
 * float accuracy, its inference gives its training forward's states to the bit, and it carries the states through
 * masked steps exactly, with masks (holes, a masked first and last step), {@code go_backwards} and more rows than a
 * block holds; a double-precision layer's kernel at V3 is V2's to the bit.
 */
class LstmFloatBlockTest {
    private static final int STEPS = 9;

    @Test
    void doubleLayersAtV3ComputeAsAtV2() {
        StepLayout l = layouts(4)[1];
        run(Numerics.V2, false, l, 4, 6, true).assertEquals(run(Numerics.V3, false, l, 4, 6, true), 0.0);
    }

    @Test
    void floatLayersAtV3AgreeToFloatAccuracyAndCarryMaskedSteps() {
        for (int batch : new int[] {3, LstmFloatBlock.MAX_ROWS + 6}) {
            for (StepLayout l : layouts(batch)) {
                Out v2 = run(Numerics.V2, false, l, batch, 7, true);
                Out v3 = run(Numerics.V3, true, l, batch, 7, true);
                v2.assertEquals(v3, 2e-6);
                assertFalse(java.util.Arrays.equals(v2.hs, v3.hs), "V3 computes in float");
                Out infer = run(Numerics.V3, true, l, batch, 7, false);
                assertArrayEquals(v3.hs, infer.hs, "inference = training forward");
                assertArrayEquals(v3.cs, infer.cs);
                if (l.mask() != null) {
                    assertCarried(v3, l, batch, 7);
                }
            }
        }
    }

    /**
     * A layer that does not return its cell state writes no per-step cell states in float: the same hidden states, and at
     * V4 the same saved floats for backward, bit for bit, with masks (carried through the block's own copy) and without.
     */
    @Test
    void withoutCellStatesTheFloatForwardGivesTheSameBits() {
        int u = 5;
        for (int batch : new int[] {3, LstmFloatBlock.MAX_ROWS + 6}) {
            for (StepLayout l : layouts(batch)) {
                Out with = run(Numerics.V4, true, l, batch, u, false);
                double[] hs = new double[batch * STEPS * u];
                double[] a = inputs(batch, u);
                double[] r = kernel(u);
                Numerics was = Numerics.set(Numerics.V4);
                try {
                    RecurrentCell cell = RecurrentCell.lstm(l, u, Activation.TANH, Activation.SIGMOID, true, false);
                    assertEquals(0, cell.inferenceArrays());
                    cell.infer(a, r, null, hs, null, null, 0, batch);
                    assertArrayEquals(with.hs, hs, "inference without cell states");
                    float[] af = new float[a.length];
                    for (int i = 0; i < a.length; i++) {
                        af[i] = (float) a[i];
                    }
                    int n = batch * STEPS * u;
                    float[] saved = new float[n * cell.savedFloats()];
                    float[] savedWith = new float[n * cell.savedFloats()];
                    double[] hsWith = new double[n];
                    double[] hsWithout = new double[n];
                    cell.forwardSaving(af, null, r, hsWithout, null, saved, batch, 0, batch);
                    RecurrentCell.lstm(l, u, Activation.TANH, Activation.SIGMOID, true).forwardSaving(af, null, r, hsWith, new double[n], savedWith,
                            batch, 0, batch);
                    assertArrayEquals(hsWith, hsWithout, "training forward's hidden states");
                    assertArrayEquals(savedWith, saved, "saved floats");
                } finally {
                    Numerics.set(was);
                }
            }
        }
    }

    /** A masked step's states are the previous step's (zeros before the first), bit for bit, and its tanh(c) zeros. */
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
                    double c = s > 0 ? o.cs[l.row(b, s - 1) * u + j] : 0.0;
                    assertEquals(h, o.hs[row * u + j], 0.0);
                    assertEquals(c, o.cs[row * u + j], 0.0);
                    assertEquals(0.0, o.tc[row * u + j], 0.0);
                }
            }
        }
        assertEquals(true, checked >= 3, "masked steps checked: " + checked);
    }

    private record Out(double[] a, double[] hs, double[] cs, double[] tc) {
        void assertEquals(Out o, double tol) {
            assertArrayEquals(a, o.a, tol, "gates");
            assertArrayEquals(hs, o.hs, tol, "hidden states");
            assertArrayEquals(cs, o.cs, tol, "cell states");
            assertArrayEquals(tc, o.tc, tol, "tanh(c)");
        }
    }

    /** One forward (training when {@code keep}, else inference) on fixed random pre-activations and kernel. */
    private static Out run(Numerics level, boolean single, StepLayout l, int batch, int u, boolean keep) {
        double[] a = inputs(batch, u);
        double[] r = kernel(u);
        int n = batch * STEPS * u;
        double[] hs = new double[n];
        double[] cs = new double[n];
        double[] tc = keep ? new double[n] : null;
        Numerics was = Numerics.set(level);
        try {
            RecurrentCell cell = RecurrentCell.lstm(l, u, Activation.TANH, Activation.SIGMOID, single);
            if (keep) {
                cell.forward(a, r, null, hs, cs, tc, 0, batch);
            } else {
                cell.infer(a, r, null, hs, cs, null, 0, batch);
            }
        } finally {
            Numerics.set(was);
        }
        return new Out(a, hs, cs, tc);
    }

    /** Fixed random pre-activations (float values) for {@code batch} rows of {@code u} units. */
    private static double[] inputs(int batch, int u) {
        SplittableRandom rnd = new SplittableRandom(7);
        double[] a = new double[batch * STEPS * 4 * u];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rnd.nextDouble() * 4 - 2);
        }
        return a;
    }

    /** A fixed random recurrent kernel (float values). */
    private static double[] kernel(int u) {
        SplittableRandom rnd = new SplittableRandom(8);
        double[] r = new double[u * 4 * u];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) (rnd.nextDouble() - 0.5);
        }
        return r;
    }

    private static StepLayout[] layouts(int batch) {
        return TestLayouts.masked(batch, STEPS, false);
    }
}
