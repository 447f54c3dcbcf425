package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.LayerChecks;

/**
 * The numerics-level-3 softmax backward ({@link AttentionMath#softmaxBackwardFromContext}): its row dots from the
 * context {@code O = used·V} and its gradient {@code dO} give the level-2 backward's values (in doubles to 1e-12,
 * with and without a dropout mask and a masked position), the float loops agree with the doubles to float
 * rounding, and their bits do not depend on the thread count.
 */
class ContextSoftmaxBackwardTest {
    /** probabilities, dropout mask, V, dO for (entries, t, s) and value width v; returns {p, dp, O, dO}. */
    private static INDArray[] attention(long entries, long t, long s, long v, boolean dropout) {
        INDArray scores = LayerChecks.randomDouble(1, entries, t, s).muli(4);
        INDArray p = Nd4j.create(DataType.DOUBLE, entries, t, s);
        AttentionMath.maskedSoftmax(scores, null, p);
        p.reshape('c', entries * t, s).getColumn(Math.min(1, s - 1)).assign(0);   // a masked key position
        INDArray mask = dropout ? LayerChecks.randomDouble(2, entries, t, s).gt(0).castTo(DataType.DOUBLE).muli(1 / 0.9) : Nd4j.ones(DataType.DOUBLE, entries, t, s);
        INDArray used = p.mul(mask);
        INDArray vh = LayerChecks.randomDouble(3, entries, s, v);
        INDArray dO = LayerChecks.randomDouble(4, entries, t, v);
        INDArray o = AttentionMath.bmm(used, vh, false, false, Nd4j.create(DataType.DOUBLE, entries, t, v));
        INDArray dUsed = AttentionMath.bmm(dO, vh, false, true, Nd4j.create(DataType.DOUBLE, entries, t, s));
        return new INDArray[] {p, dUsed.muli(mask), o, dO};
    }

    @Test
    void equalsTheLevelTwoBackwardInDoubles() {
        for (boolean dropout : new boolean[] {false, true}) {
            INDArray[] a = attention(3, 7, 11, 5, dropout);
            INDArray expected = AttentionMath.softmaxBackward(a[0], a[1], Nd4j.create(DataType.DOUBLE, 3, 7, 11));
            INDArray actual = AttentionMath.softmaxBackwardFromContext(a[0], a[1], a[2], a[3], Nd4j.create(DataType.DOUBLE, 3, 7, 11));
            assertArrayEquals(expected.data().asDouble(), actual.data().asDouble(), 1e-12, "dropout " + dropout);
            assertEquals(0.0, actual.reshape('c', 21, 11).getColumn(1).amaxNumber().doubleValue(), 0, "masked position");
        }
    }

    @Test
    void floatLoopsAgreeWithDoublesAndNotDependOnThreads() {
        long[][] shapes = {{8, 200, 200, 32}, {3, 7, 17, 5}, {1, 1, 1, 1}, {5, 33, 9, 3}};
        for (long[] sh : shapes) {
            INDArray[] a = attention(sh[0], sh[1], sh[2], sh[3], true);
            INDArray reference = AttentionMath.softmaxBackwardFromContext(a[0], a[1], a[2], a[3], Nd4j.create(DataType.DOUBLE, sh[0], sh[1], sh[2]));
            INDArray[] f = new INDArray[4];
            for (int i = 0; i < 4; i++) {
                f[i] = a[i].castTo(DataType.FLOAT);
            }
            float[] first = null;
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                try {
                    INDArray out = AttentionMath.softmaxBackwardFromContext(f[0], f[1], f[2], f[3], Nd4j.create(DataType.FLOAT, sh[0], sh[1], sh[2]));
                    float[] got = out.data().asFloat();
                    if (first == null) {
                        first = got;
                        double[] ref = reference.data().asDouble();
                        double scale = reference.amaxNumber().doubleValue() + 1e-30;
                        for (int i = 0; i < ref.length; i++) {
                            assertEquals(ref[i], got[i], 1e-5 * scale + 1e-6 * Math.abs(ref[i]), java.util.Arrays.toString(sh) + " at " + i);
                        }
                    } else {
                        for (int i = 0; i < got.length; i++) {
                            assertEquals(Float.floatToRawIntBits(first[i]), Float.floatToRawIntBits(got[i]), java.util.Arrays.toString(sh) + " on " + threads);
                        }
                    }
                } finally {
                    Parallel.setThreads(0);
                }
            }
            assertTrue(first.length == sh[0] * sh[1] * sh[2]);
        }
    }

    @Test
    void theRowDotSumsFourPartialSumsInAFixedOrder() {
        float[] x = {1e8f, 1f, -1e8f, 1f, 3f};
        float[] y = {1f, 1f, 1f, 1f, 1f};
        // (x0 + x4) + x1 = 1e8 (3 lost), then + (x2 + x3) = -1e8 + 1 = -1e8: (1e8 + 1) + (-1e8 + 1) = 0 in float
        float expected = ((1e8f + 3f) + 1f) + (-1e8f + 1f);
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(ContextSoftmaxBackward.dot(x, y, 0, 5)));
    }
}
