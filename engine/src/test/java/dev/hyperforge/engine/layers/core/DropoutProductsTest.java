package dev.hyperforge.engine.layers.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Backend;
import dev.hyperforge.engine.kernels.FloatBits;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * A float Dropout's products in Java ({@code MaskProducts}) give the bits of libnd4j's multiply by the saved mask,
 * forward and backward, with and without the call's reusable arrays (a context without them draws a fresh mask), on
 * values with -0, NaN and infinities, in S6's shape and an odd one.
 */
class DropoutProductsTest {
    private static final int EVERY = 9;
    private static final float[] SPECIAL = {-0f, 0f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.MIN_VALUE, 3e38f};

    private static void assertSameBits(int rows, int cols, boolean reuse, long seed) {
        Dropout d = new Dropout(0.4);
        LayerContext ctx = new LayerContext(true, new SplittableRandom(seed));
        if (reuse) {
            ctx.reuseBuffers(new HashMap<>());
        }
        INDArray x = values(seed, rows, cols);
        INDArray out = d.forward(List.of(x), ctx);
        INDArray mask = ctx.get("mask");
        String what = rows + " x " + cols + (reuse ? ", reused arrays" : "");
        assertTrue(ctx.extra() instanceof float[], what + ": the mask's values are kept");
        assertArrayEquals(FloatBits.of(Nd4j.exec(new MulOp(x, mask, x.ulike()))[0]), FloatBits.of(out), what + ": forward");
        INDArray g = values(seed + 1, rows, cols);
        INDArray gx = d.backward(g, ctx).get(0);
        assertArrayEquals(FloatBits.of(Nd4j.exec(new MulOp(g, mask, g.ulike()))[0]), FloatBits.of(gx), what + ": backward");
    }

    @Test
    void sameBitsAsTheOp() {
        Backend.init();
        assertSameBits(128, 100, true, 1);
        assertSameBits(128, 100, false, 2);
        assertSameBits(7, 13, true, 3);
        assertSameBits(7, 13, false, 4);
    }

    @Test
    void doubleDropoutKeepsTheOp() {
        Backend.init();
        Dropout d = new Dropout(0.4);
        LayerContext ctx = new LayerContext(true, new SplittableRandom(5));
        INDArray x = values(5, 4, 6).castTo(DataType.DOUBLE);
        INDArray out = d.forward(List.of(x), ctx);
        assertArrayEquals(x.mul(ctx.get("mask")).data().asDouble(), out.data().asDouble());
    }

    private static INDArray values(long seed, int rows, int cols) {
        return FloatBits.withSpecials(seed, rows, cols, SPECIAL, EVERY);
    }
}
