package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.Activation;

/**
 * The float32 LSTM's backward of level V4 ({@link LstmFloatBackBlock}): its gradients (kernel, recurrent kernel, bias,
 * input) agree to float accuracy with level V3's, which backpropagates the same forward values in double, with an
 * initial hidden and cell gradient, a gradient at every step, masks (holes, a masked first and last step),
 * {@code go_backwards}, Bidirectional's zeroed outputs in input order, and more rows than a block holds; its forward
 * states are V3's to the bit; a float64 layer at V4 computes as at V3, bit for bit.
 */
class LstmFloatBackBlockTest {
    private static final int STEPS = 9;
    private static final int FEATURES = 5;
    private static final int UNITS = 7;

    @Test
    void floatGradientsAgreeWithTheDoubleBackwardOfV3() {
        for (int batch : new int[] {3, LstmFloatBlock.MAX_ROWS + 6}) {
            for (StepLayout l : layouts(batch)) {
                Grads v3 = run(Numerics.V3, DataType.FLOAT, l, batch);
                Grads v4 = run(Numerics.V4, DataType.FLOAT, l, batch);
                assertNull(v3.saved, "V3 keeps doubles for backward");
                assertNotNull(v4.saved, "V4 keeps floats for backward");
                assertTrue(java.util.Arrays.equals(v3.hs.data().asFloat(), v4.hs.data().asFloat()), "the forward pass is V3's");
                for (int k = 0; k < v3.all.length; k++) {
                    double scale = Math.max(1.0, v3.all[k].amaxNumber().doubleValue());
                    double diff = v3.all[k].sub(v4.all[k]).amaxNumber().doubleValue();
                    assertTrue(diff <= 2e-5 * scale, "gradient " + k + " differs by " + diff + " of " + scale + " (" + l + ")");
                }
                assertFalse(java.util.Arrays.equals(v3.all[1].data().asFloat(), v4.all[1].data().asFloat()), "V4 backpropagates in float");
            }
        }
    }

    @Test
    void theTransposePutsEveryValueInItsPlace() {
        for (int rows : new int[] {1, 3, 4, 7, LstmFloatBlock.MAX_ROWS}) {
            for (int units : new int[] {1, 16, 32}) {
                float[] from = new float[rows * units];
                for (int k = 0; k < from.length; k++) {
                    from[k] = k + 0.5f;
                }
                float[][] to = new float[units + 2][rows + 1];
                java.util.Arrays.fill(to[0], -1f);
                java.util.Arrays.fill(to[units + 1], -1f);
                LstmFloatBackBlock.transpose(from, units, rows, to, 1);
                for (int j = 0; j < units; j++) {
                    for (int q = 0; q < rows; q++) {
                        assertEquals(from[q * units + j], to[1 + j][q], "rows " + rows + ", units " + units + ", row " + q + ", unit " + j);
                    }
                    assertEquals(0f, to[1 + j][rows], "past the rows");
                }
                assertEquals(-1f, to[0][0], "before the first target");
                assertEquals(-1f, to[units + 1][rows - 1], "after the last target");
            }
        }
    }

    @Test
    void doubleLayersAtV4ComputeAsAtV3() {
        StepLayout l = layouts(4)[1];
        Grads v3 = run(Numerics.V3, DataType.DOUBLE, l, 4);
        Grads v4 = run(Numerics.V4, DataType.DOUBLE, l, 4);
        for (int k = 0; k < v3.all.length; k++) {
            assertTrue(java.util.Arrays.equals(v3.all[k].data().asDouble(), v4.all[k].data().asDouble()), "gradient " + k);
        }
    }

    /** The gradients and the hidden states of one training call on fixed random inputs, weights and output gradients. */
    private record Grads(INDArray[] all, INDArray hs, float[] saved) {
    }

    private static Grads run(Numerics level, DataType dt, StepLayout l, int batch) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(dt, batch, STEPS, FEATURES).subi(0.5).muli(2);
        INDArray w = Nd4j.rand(dt, FEATURES, 4 * UNITS).subi(0.5);
        INDArray r = Nd4j.rand(dt, UNITS, 4 * UNITS).subi(0.5);
        INDArray b = Nd4j.rand(dt, 4 * UNITS).subi(0.5);
        INDArray dh = Nd4j.rand(dt, batch, UNITS).subi(0.5);
        INDArray dc = Nd4j.rand(dt, batch, UNITS).subi(0.5);
        INDArray seq = Nd4j.rand(dt, batch, STEPS, UNITS).subi(0.5);
        Numerics was = Numerics.set(level);
        try {
            RecurrentCell cell = RecurrentCell.lstm(l, UNITS, Activation.TANH, Activation.SIGMOID, dt == DataType.FLOAT);
            RecurrentMath.State s = RecurrentMath.forward(cell, "lstm", x, w, r, b, null, null);
            INDArray hs = s.sequence(dt, null).dup();
            INDArray dw = w.ulike();
            INDArray dr = r.ulike();
            INDArray db = b.ulike();
            RecurrentMath.Grads g = RecurrentMath.backward(s, dh, dc, seq, w, r, true, null, dw, dr, db, null);
            return new Grads(new INDArray[] {dw, dr, db, g.input()}, hs, s.saved());
        } finally {
            Numerics.set(was);
        }
    }

    private static StepLayout[] layouts(int batch) {
        return TestLayouts.masked(batch, STEPS, true);
    }
}
