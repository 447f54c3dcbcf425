package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


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
    private static final int EVERY = 5;
    private static final float[] SPECIAL = {-0f, 0f, Float.NaN, -1f, 1f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, 3e38f, -3e38f};

    private static void assertSameBits(int rows, int cols, long seed) {
        INDArray z = values(seed, rows, cols);
        INDArray bias = values(seed + 1, 1, cols).reshape(cols);
        INDArray op = Transforms.relu(z.dup().addiRowVector(bias), false);
        INDArray java = z.dup();
        assertTrue(ReluPasses.fits(java) && ReluPasses.fits(bias));
        Activations.addBiasAndForward(Activation.RELU, java, bias, null);
        assertArrayEquals(FloatBits.of(op), FloatBits.of(java), rows + " x " + cols + ": bias and relu");
        INDArray g = values(seed + 2, rows, cols);
        INDArray opGrad = z.ulike();
        Nd4j.exec(new Step(op, opGrad));
        opGrad.muli(g);
        INDArray javaGrad = z.ulike();
        Activations.reluBackward(op, g, javaGrad);
        assertArrayEquals(FloatBits.of(opGrad), FloatBits.of(javaGrad), rows + " x " + cols + ": relu's gradient");
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
        assertArrayEquals(FloatBits.of(expected), FloatBits.of(rows), "the rows");
        assertArrayEquals(FloatBits.of(before.getRow(0)), FloatBits.of(big.getRow(0)), "a row outside");
        assertArrayEquals(FloatBits.of(before.getRow(5)), FloatBits.of(big.getRow(5)), "a row outside");
    }

    private static INDArray values(long seed, int rows, int cols) {
        return FloatBits.withSpecials(seed, rows, cols, SPECIAL, EVERY);
    }
}
