package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.Activation;

/**
 * The float32 GRU's backward of level V5 ({@link GruFloatBackBlock}): its input- and recurrent-side pre-activation
 * gradients agree to float accuracy with the double backward of the same float forward values, with an initial
 * hidden-state gradient, a gradient at every step, masks (holes, a masked first and last step), {@code go_backwards},
 * Bidirectional's zeroed outputs in input order and more rows than a block holds; the forward that saves floats gives
 * the inference states to the bit; a layer's weight and input gradients at V5 agree with V4's; a float64 layer at V5
 * computes as at V4, bit for bit.
 */
class GruFloatBackBlockTest {
    private static final int STEPS = 9;
    private static final int UNITS = 7;
    private static final int FEATURES = 5;

    @Test
    void floatGradientsAgreeWithTheDoubleBackwardOfTheSameForward() {
        for (int batch : new int[] {3, GruFloatBlock.MAX_ROWS + 6}) {
            for (StepLayout l : layouts(batch)) {
                int u = UNITS;
                int g = 3 * u;
                SplittableRandom rnd = new SplittableRandom(5);
                double[] a = values(rnd, batch * STEPS * g, 4);
                double[] r = values(rnd, u * g, 1);
                double[] rb = values(rnd, g, 1);
                double[] dhInit = values(rnd, batch * u, 1);
                double[] seq = values(rnd, batch * STEPS * u, 1);
                double[] rt = new double[g * u];
                for (int k = 0; k < u; k++) {
                    for (int j = 0; j < g; j++) {
                        rt[j * u + k] = r[k * g + j];
                    }
                }
                int n = batch * STEPS * u;
                Numerics was = Numerics.set(Numerics.V5);
                try {
                    RecurrentCell cell = RecurrentCell.gru(l, u, Activation.TANH, Activation.SIGMOID, true);
                    assertTrue(cell.takesFloatGradients());
                    double[] gates = a.clone();
                    double[] hs = new double[n];
                    double[] qh = new double[n];
                    cell.forward(gates, r, rb, hs, qh, null, 0, batch);
                    double[] dzx = new double[a.length];
                    double[] dzr = new double[a.length];
                    cell.backward(gates, hs, qh, null, rt, dhInit, null, seq, dzx, dzr, 0, batch);

                    float[] af = new float[a.length];
                    for (int i = 0; i < a.length; i++) {
                        af[i] = (float) a[i];
                    }
                    float[] rbf = new float[g];
                    for (int i = 0; i < g; i++) {
                        rbf[i] = (float) rb[i];
                    }
                    float[] saved = new float[n * cell.savedFloats()];
                    double[] hsF = new double[n];
                    cell.forwardSaving(af, rbf, r, hsF, null, saved, batch, 0, batch);
                    assertArrayEquals(hs, hsF, "the saving forward's states are the forward's");
                    float[] dz = new float[a.length];
                    float[] dzrF = new float[a.length];
                    cell.backwardFloats(saved, batch, rt, dhInit, null, seq, dz, dzrF, 0, batch);
                    assertClose(dzx, dz, "input side " + l);
                    assertClose(dzr, dzrF, "recurrent side " + l);
                } finally {
                    Numerics.set(was);
                }
            }
        }
    }

    @Test
    void layerGradientsAtV5AgreeWithV4AndDoubleLayersAreUnchanged() {
        for (StepLayout l : layouts(4)) {
            INDArray[] v4 = grads(Numerics.V4, DataType.FLOAT, l, 4);
            INDArray[] v5 = grads(Numerics.V5, DataType.FLOAT, l, 4);
            for (int k = 0; k < v4.length; k++) {
                assertNotNull(v5[k]);
                double scale = Math.max(1.0, v4[k].amaxNumber().doubleValue());
                double diff = v4[k].sub(v5[k]).amaxNumber().doubleValue();
                assertTrue(diff <= 1e-4 * scale, "gradient " + k + " differs by " + diff + " of " + scale + " (" + l + ")");
            }
            assertFalse(java.util.Arrays.equals(v4[1].data().asFloat(), v5[1].data().asFloat()), "V5 trains in float");
            INDArray[] d4 = grads(Numerics.V4, DataType.DOUBLE, l, 4);
            INDArray[] d5 = grads(Numerics.V5, DataType.DOUBLE, l, 4);
            for (int k = 0; k < d4.length; k++) {
                assertTrue(java.util.Arrays.equals(d4[k].data().asDouble(), d5[k].data().asDouble()), "double gradient " + k);
            }
        }
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        double scale = 1e-12;
        double diff = 0;
        boolean differs = false;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
            differs |= expected[i] != actual[i];
        }
        assertTrue(diff <= 2e-5 * scale, what + ": differs by " + diff + " of " + scale);
        assertTrue(differs, what + ": the float backward rounds in float");
    }

    /** Kernel, recurrent kernel, the two bias rows and the input gradient of one training call (RecurrentMath, as the layer runs it). */
    private static INDArray[] grads(Numerics level, DataType dt, StepLayout l, int batch) {
        Nd4j.getRandom().setSeed(13);
        INDArray x = Nd4j.rand(dt, batch, STEPS, FEATURES).subi(0.5).muli(2);
        INDArray w = Nd4j.rand(dt, FEATURES, 3 * UNITS).subi(0.5);
        INDArray r = Nd4j.rand(dt, UNITS, 3 * UNITS).subi(0.5);
        INDArray bIn = Nd4j.rand(dt, 3 * UNITS).subi(0.5);
        INDArray bRec = Nd4j.rand(dt, 3 * UNITS).subi(0.5);
        INDArray dh = Nd4j.rand(dt, batch, UNITS).subi(0.5);
        INDArray seq = Nd4j.rand(dt, batch, STEPS, UNITS).subi(0.5);
        Numerics was = Numerics.set(level);
        try {
            RecurrentCell cell = RecurrentCell.gru(l, UNITS, Activation.TANH, Activation.SIGMOID, dt == DataType.FLOAT);
            RecurrentMath.State s = RecurrentMath.forward(cell, "gru", x, w, r, bIn, bRec, null);
            INDArray dw = w.ulike();
            INDArray dr = r.ulike();
            INDArray dbIn = bIn.ulike();
            INDArray dbRec = bRec.ulike();
            RecurrentMath.Grads g = RecurrentMath.backward(s, dh, null, seq, w, r, true, null, dw, dr, dbIn, dbRec);
            return new INDArray[] {dw, dr, dbIn, dbRec, g.input()};
        } finally {
            Numerics.set(was);
        }
    }

    /** {@code n} float values in {@code [-span/2, span/2)}. */
    private static double[] values(SplittableRandom rnd, int n, double span) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((rnd.nextDouble() - 0.5) * span);
        }
        return v;
    }

    private static StepLayout[] layouts(int batch) {
        return TestLayouts.masked(batch, STEPS, true);
    }
}
