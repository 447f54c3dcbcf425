package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.LayerChecks;

/**
 * The Java head split and merge of {@link HeadBlocks} against the libnd4j ops they replace in attention
 * ({@code addiRowVector}, {@link AttentionMath#splitHeads}, {@code muli}; {@code muli}, {@link AttentionMath#mergeHeads}):
 * the same bits, with and without bias and scale, on one thread and on several; other types are refused.
 */
class HeadBlocksTest {
    private static final double SCALE = 1 / Math.sqrt(32);

    private static int[] bits(INDArray x) {
        float[] v = x.data().asFloat();
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    private static INDArray randomFloat(long seed, long... shape) {
        return LayerChecks.randomDouble(seed, shape).muli(3).castTo(DataType.FLOAT);
    }

    @Test
    void splitGivesTheBitsOfTheOps() {
        long[][] shapes = {{4, 200, 2, 32}, {3, 7, 3, 5}, {1, 1, 1, 1}, {5, 9, 1, 4}};
        for (long[] sh : shapes) {
            long b = sh[0], t = sh[1], h = sh[2], k = sh[3];
            INDArray proj = randomFloat(1, b * t, h * k);
            INDArray bias = randomFloat(2, h, k);
            for (boolean withBias : new boolean[] {false, true}) {
                for (double scale : new double[] {1, SCALE}) {
                    INDArray p = proj.dup();
                    if (withBias) {
                        p.addiRowVector(bias.reshape('c', 1, h * k));
                    }
                    INDArray expected = AttentionMath.splitHeads(p, b, t, h, k, Nd4j.create(DataType.FLOAT, b * h, t, k));
                    if (scale != 1) {
                        expected.muli(scale);
                    }
                    for (int threads : new int[] {1, 2, 3}) {
                        Parallel.setThreads(threads);
                        try {
                            INDArray out = Nd4j.create(DataType.FLOAT, b * h, t, k);
                            assertTrue(HeadBlocks.split(proj, withBias ? bias : null, scale, b, t, h, k, out));
                            assertArrayEquals(bits(expected), bits(out), java.util.Arrays.toString(sh) + " bias " + withBias + " scale " + scale
                                    + " on " + threads + " threads");
                        } finally {
                            Parallel.setThreads(0);
                        }
                    }
                }
            }
        }
    }

    @Test
    void mergeGivesTheBitsOfTheOpsAndLeavesTheBlocksAlone() {
        long[][] shapes = {{4, 200, 2, 32}, {3, 7, 3, 5}, {1, 1, 1, 1}};
        for (long[] sh : shapes) {
            long b = sh[0], t = sh[1], h = sh[2], k = sh[3];
            INDArray blocks = randomFloat(3, b * h, t, k);
            for (double scale : new double[] {1, SCALE}) {
                INDArray scaled = scale == 1 ? blocks.dup() : blocks.mul(scale);
                INDArray expected = AttentionMath.mergeHeads(scaled, b, t, h, k, Nd4j.create(DataType.FLOAT, b * t, h * k));
                for (int threads : new int[] {1, 3}) {
                    Parallel.setThreads(threads);
                    try {
                        INDArray before = blocks.dup();
                        INDArray out = Nd4j.create(DataType.FLOAT, b * t, h * k);
                        assertTrue(HeadBlocks.merge(blocks, scale, b, t, h, k, out));
                        assertArrayEquals(bits(expected), bits(out), java.util.Arrays.toString(sh) + " scale " + scale + " on " + threads + " threads");
                        assertArrayEquals(bits(before), bits(blocks));
                    } finally {
                        Parallel.setThreads(0);
                    }
                }
            }
        }
    }

    @Test
    void doublesAndViewsAreLeftToTheOps() {
        INDArray d = LayerChecks.randomDouble(4, 6, 4);
        assertFalse(HeadBlocks.split(d, null, 1, 2, 3, 2, 2, Nd4j.create(DataType.DOUBLE, 4, 3, 2)));
        INDArray view = randomFloat(5, 12, 4).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 6), org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertFalse(HeadBlocks.merge(Nd4j.create(DataType.FLOAT, 4, 3, 2), 1, 2, 3, 2, 2, view));
    }
}
