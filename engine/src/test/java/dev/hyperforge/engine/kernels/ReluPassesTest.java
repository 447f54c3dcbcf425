package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.hyperforge.engine.Backend;
import dev.hyperforge.engine.layers.Activation;

/**
 * {@link ReluPasses} gives the native ops' bits: the bias row and relu in one pass against {@code addiRowVector} and
 * libnd4j's relu, relu's gradient against {@code Step} and the product; with -0, +0, NaN, infinities, the smallest
 * subnormals and ordinary values, in S6's Dense(100) shape and an odd one, and a row range of a larger array.
 */
class ReluPassesTest {
    private static final float[] SPECIAL = {-0f, 0f, Float.NaN, -1f, 1f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, 3e38f, -3e38f};

    private static INDArray values(long seed, int rows, int cols) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 5 == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : (float) r.nextGaussian();
        }
        return Nd4j.create(v, new long[] {rows, cols}, 'c');
    }

    private static int[] bits(INDArray a) {
        float[] v = a.dup().data().asFloat();
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    private static void assertSameBits(int rows, int cols, long seed) {
        INDArray z = values(seed, rows, cols);
        INDArray bias = values(seed + 1, 1, cols).reshape(cols);
        INDArray op = Transforms.relu(z.dup().addiRowVector(bias), false);
        INDArray java = z.dup();
        assertTrue(ReluPasses.fits(java) && ReluPasses.fits(bias));
        Activations.addBiasAndForward(Activation.RELU, java, bias, null);
        assertArrayEquals(bits(op), bits(java), rows + " x " + cols + ": bias and relu");
        INDArray g = values(seed + 2, rows, cols);
        INDArray opGrad = z.ulike();
        Nd4j.exec(new Step(op, opGrad));
        opGrad.muli(g);
        INDArray javaGrad = z.ulike();
        Activations.reluBackward(op, g, javaGrad);
        assertArrayEquals(bits(opGrad), bits(javaGrad), rows + " x " + cols + ": relu's gradient");
    }

    @Test
    void sameBitsAsTheOps() {
        Backend.init();
        assertSameBits(128, 100, 1);
        assertSameBits(37, 13, 4);
        assertSameBits(2, 3, 7);
    }

    @Test
    void rowsOfALargerArray() {
        Backend.init();
        INDArray big = values(10, 6, 50);
        INDArray rows = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5), org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray bias = values(11, 1, 50).reshape(50);
        INDArray expected = Transforms.relu(rows.dup().addiRowVector(bias), false);
        INDArray before = big.dup();
        assertTrue(ReluPasses.fits(rows));
        Activations.addBiasAndForward(Activation.RELU, rows, bias, null);
        assertArrayEquals(bits(expected), bits(rows), "the rows");
        assertArrayEquals(bits(before.getRow(0)), bits(big.getRow(0)), "a row outside");
        assertArrayEquals(bits(before.getRow(5)), bits(big.getRow(5)), "a row outside");
    }
}
