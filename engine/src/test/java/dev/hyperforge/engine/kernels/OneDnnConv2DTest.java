package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.hyperforge.engine.layers.LayerChecks;

/**
 * {@link OneDnnConv2D} against libnd4j's {@code conv2d} and {@code conv2d_bp} computed in double (the ops the
 * double-precision gradient checks cover): forward, input gradient, kernel and bias gradients within float rounding,
 * over strides, padding, odd sizes, with and without bias and fused relu; plans reused with other arrays, and arrays
 * that are views with an offset.
 */
class OneDnnConv2DTest {
    /** n, h, w, c, o, kh, kw, sh, sw, same, bias, relu. */
    private static final int[][] CASES = {
        {2, 7, 6, 3, 4, 3, 3, 1, 1, 1, 1, 0},
        {2, 7, 6, 3, 4, 3, 2, 2, 2, 1, 1, 0},
        {1, 8, 9, 5, 3, 2, 3, 2, 1, 0, 0, 0},
        {3, 6, 6, 16, 17, 3, 3, 1, 1, 1, 1, 1},
        {2, 5, 7, 2, 3, 1, 1, 1, 1, 0, 1, 0},
        {2, 9, 8, 32, 64, 3, 3, 1, 1, 1, 1, 1},
        {1, 6, 7, 4, 5, 4, 3, 1, 2, 1, 0, 1},
        {2, 8, 8, 1, 32, 3, 3, 1, 1, 1, 1, 1},
    };

    @Test
    void matchesLibnd4jInDoubleForEveryGeometry() {
        for (int[] k : CASES) {
            String name = java.util.Arrays.toString(k);
            Case c = new Case(k, 1);
            OneDnnConv2D conv = new OneDnnConv2D.Site().plan(c.x.shape(), c.w.shape(), c.strides, c.same, c.bias != null, c.relu);
            INDArray z = Nd4j.create(DataType.FLOAT, c.zShape());
            conv.forward(c.x, c.w, c.bias, z);
            assertClose(c.expectedZ(), z, name + " forward");
            INDArray gx = Nd4j.create(DataType.FLOAT, c.x.shape());
            INDArray gw = Nd4j.create(DataType.FLOAT, c.w.shape());
            INDArray gb = c.bias == null ? null : Nd4j.create(DataType.FLOAT, c.bias.shape());
            conv.backwardData(c.gz, c.w, gx);
            conv.backwardWeights(c.x, c.gz, gw, gb);
            INDArray[] expected = c.expectedGradients();
            assertClose(expected[0], gx, name + " input gradient");
            assertClose(expected[1], gw, name + " kernel gradient");
            if (gb != null) {
                assertClose(expected[2], gb, name + " bias gradient");
            }
            List<String> impl = conv.implementations();
            assertFalse(impl.contains(null), name + " " + impl);
        }
    }

    @Test
    void aKeptPlanGivesTheBitsOfAFreshOneForOtherArrays() {
        int[] k = CASES[3];
        Case first = new Case(k, 1);
        Case second = new Case(k, 2);
        OneDnnConv2D.Site site = new OneDnnConv2D.Site();
        OneDnnConv2D kept = site.plan(first.x.shape(), first.w.shape(), first.strides, first.same, true, first.relu);
        INDArray[] a = run(kept, first);
        INDArray[] b = run(kept, second);
        assertTrue(kept == site.plan(first.x.shape(), first.w.shape(), first.strides, first.same, true, first.relu), "the site keeps the plan");
        INDArray[] fresh = run(new OneDnnConv2D.Site().plan(second.x.shape(), second.w.shape(), second.strides, second.same, true, second.relu), second);
        for (int i = 0; i < b.length; i++) {
            assertArrayEquals(fresh[i].data().asFloat(), b[i].data().asFloat(), "output " + i);
            assertFalse(java.util.Arrays.equals(a[i].data().asFloat(), b[i].data().asFloat()), "other arrays, other results " + i);
        }
    }

    @Test
    void viewsWithAnOffsetAreReadAndWrittenInPlace() {
        int[] k = CASES[0];
        Case c = new Case(k, 3);
        INDArray big = Nd4j.create(DataType.FLOAT, c.x.size(0) + 2, c.x.size(1), c.x.size(2), c.x.size(3));
        INDArray xView = big.get(NDArrayIndex.interval(1, 1 + c.x.size(0)), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        xView.assign(c.x);
        assertTrue(xView.offset() > 0 && OneDnnConv2D.supports(xView, c.w));
        OneDnnConv2D conv = new OneDnnConv2D.Site().plan(c.x.shape(), c.w.shape(), c.strides, c.same, true, c.relu);
        INDArray zBig = Nd4j.create(DataType.FLOAT, c.zShape()[0] + 1, c.zShape()[1], c.zShape()[2], c.zShape()[3]).assign(7);
        INDArray zView = zBig.get(NDArrayIndex.interval(1, 1 + c.zShape()[0]), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        conv.forward(xView, c.w, c.bias, zView);
        INDArray z = Nd4j.create(DataType.FLOAT, c.zShape());
        conv.forward(c.x, c.w, c.bias, z);
        assertArrayEquals(z.data().asFloat(), zView.dup().data().asFloat());
        assertTrue(zBig.get(NDArrayIndex.point(0)).minNumber().doubleValue() == 7, "the row before the view is untouched");
        assertFalse(OneDnnConv2D.supports(c.x.castTo(DataType.DOUBLE), c.w), "double takes libnd4j");
        assertTrue(OneDnnConv2D.supports(Nd4j.create(DataType.FLOAT, 4, 5, 6, 1), c.w), "one channel (a trailing size-1 axis) is dense");
        assertFalse(OneDnnConv2D.supports(c.x.permute(0, 2, 1, 3), c.w), "a permuted array takes libnd4j");
    }

    private static INDArray[] run(OneDnnConv2D conv, Case c) {
        INDArray z = Nd4j.create(DataType.FLOAT, c.zShape());
        INDArray gx = Nd4j.create(DataType.FLOAT, c.x.shape());
        INDArray gw = Nd4j.create(DataType.FLOAT, c.w.shape());
        INDArray gb = Nd4j.create(DataType.FLOAT, c.bias.shape());
        conv.forward(c.x, c.w, c.bias, z);
        conv.backwardData(c.gz, c.w, gx);
        conv.backwardWeights(c.x, c.gz, gw, gb);
        return new INDArray[] {z, gx, gw, gb};
    }

    /** Within float rounding of the double reference: 2e-5 of the largest value. */
    private static void assertClose(INDArray expected, INDArray actual, String what) {
        INDArray e = expected.castTo(DataType.DOUBLE);
        double scale = Math.max(1e-3, e.amaxNumber().doubleValue());
        double err = Transforms.abs(actual.castTo(DataType.DOUBLE).sub(e)).maxNumber().doubleValue();
        assertTrue(err <= 2e-5 * scale, what + ": max error " + err + " at scale " + scale);
    }

    /** Random float arrays of one geometry and the double-precision libnd4j reference. */
    private static final class Case {
        final INDArray x;
        final INDArray w;
        final INDArray bias;
        final INDArray gz;
        final int[] strides;
        final int[] window;
        final boolean same;
        final boolean relu;

        Case(int[] k, long seed) {
            strides = new int[] {k[7], k[8]};
            window = new int[] {k[5], k[6]};
            same = k[9] == 1;
            relu = k[11] == 1;
            x = LayerChecks.randomDouble(seed, k[0], k[1], k[2], k[3]).castTo(DataType.FLOAT);
            w = LayerChecks.randomDouble(seed + 10, k[5], k[6], k[3], k[4]).castTo(DataType.FLOAT);
            bias = k[10] == 1 ? LayerChecks.randomDouble(seed + 20, k[4]).castTo(DataType.FLOAT) : null;
            gz = LayerChecks.randomDouble(seed + 30, zShape()).castTo(DataType.FLOAT);
        }

        long[] zShape() {
            return Conv2DOps.outputLike(x, window, strides, same, w.size(3)).shape();
        }

        INDArray expectedZ() {
            INDArray z = Nd4j.create(DataType.DOUBLE, zShape());
            Conv2DOps.exec("conv2d", ins(), new INDArray[] {z}, Conv2DOps.convArgs(window, strides, same));
            return relu ? Transforms.relu(z, false) : z;
        }

        /** The gradients of {@code sum(gz · z)} (the backward passes take the gradient after the activation's). */
        INDArray[] expectedGradients() {
            INDArray g = gz.castTo(DataType.DOUBLE);
            INDArray gx = Nd4j.create(DataType.DOUBLE, x.shape());
            INDArray gw = Nd4j.create(DataType.DOUBLE, w.shape());
            INDArray gb = Nd4j.create(DataType.DOUBLE, w.size(3));
            INDArray[] in = ins();
            INDArray[] withGrad = new INDArray[in.length + 1];
            System.arraycopy(in, 0, withGrad, 0, in.length);
            withGrad[in.length] = g;
            Conv2DOps.exec("conv2d_bp", withGrad, bias == null ? new INDArray[] {gx, gw} : new INDArray[] {gx, gw, gb},
                    Conv2DOps.convArgs(window, strides, same));
            return new INDArray[] {gx, gw, gb};
        }

        private INDArray[] ins() {
            INDArray xd = x.castTo(DataType.DOUBLE);
            INDArray wd = w.castTo(DataType.DOUBLE);
            return bias == null ? new INDArray[] {xd, wd} : new INDArray[] {xd, wd, bias.castTo(DataType.DOUBLE)};
        }
    }
}
