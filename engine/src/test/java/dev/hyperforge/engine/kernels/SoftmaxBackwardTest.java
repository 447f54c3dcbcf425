package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.LayerChecks;

/**
 * The one-pass float softmax backward of {@link AttentionMath} against the libnd4j ops it replaces: the same
 * bits on attention's shapes, with masked (zero) probabilities, on one thread and on several.
 */
class SoftmaxBackwardTest {
    private static int[] bits(INDArray x) {
        float[] v = x.data().asFloat();
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    private static INDArray probabilities(long seed, long... shape) {
        INDArray scores = LayerChecks.randomDouble(seed, shape).muli(4).castTo(DataType.FLOAT);
        INDArray p = Nd4j.create(DataType.FLOAT, shape);
        AttentionMath.maskedSoftmax(scores, null, p);
        // a masked key position: probability exactly zero
        long last = shape[shape.length - 1];
        p.reshape('c', p.length() / last, last).getColumn(Math.min(1, last - 1)).assign(0);
        return p;
    }

    @Test
    void givesTheBitsOfTheOpsOnOneThreadAndOnSeveral() {
        long[][] shapes = {{8, 200, 200}, {3, 7, 17}, {1, 1, 1}, {5, 9, 33}};
        for (long[] shape : shapes) {
            INDArray p = probabilities(1, shape);
            INDArray d = LayerChecks.randomDouble(2, shape).castTo(DataType.FLOAT);
            INDArray expected = AttentionMath.softmaxBackwardOps(p, d, Nd4j.create(DataType.FLOAT, shape));
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                try {
                    INDArray actual = AttentionMath.softmaxBackward(p, d, Nd4j.create(DataType.FLOAT, shape));
                    assertArrayEquals(bits(expected), bits(actual), java.util.Arrays.toString(shape) + " on " + threads + " threads");
                } finally {
                    Parallel.setThreads(0);
                }
            }
        }
    }

    @Test
    void aMaskedPositionGetsNoGradientAndDoublesTakeTheOps() {
        INDArray p = probabilities(3, 2, 4, 6).castTo(DataType.DOUBLE);
        INDArray d = LayerChecks.randomDouble(4, 2, 4, 6);
        INDArray out = AttentionMath.softmaxBackward(p, d, Nd4j.create(DataType.DOUBLE, 2, 4, 6));
        assertArrayEquals(AttentionMath.softmaxBackwardOps(p, d, Nd4j.create(DataType.DOUBLE, 2, 4, 6)).data().asDouble(), out.data().asDouble(), 0);
        assertEquals(0.0, out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(1)).amaxNumber().doubleValue(), 0);
    }
}
