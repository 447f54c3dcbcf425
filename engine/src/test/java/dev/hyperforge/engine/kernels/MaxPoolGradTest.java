package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Backend;
import dev.hyperforge.engine.layers.Activation;

/**
 * {@link MaxPoolGrad} gives libnd4j's {@code maxpool2d_bp} bit for bit (float and double, valid and same
 * padding, windows that leave a tail, ties, signed zeros, one to three threads), and with the relu mask
 * the op followed by relu's backward pass.
 */
class MaxPoolGradTest {
    @AfterEach
    void threads() {
        Parallel.setThreads(0);
    }

    /** Values on a coarse grid (many ties), a third of them zero of either sign, as relu outputs and worse. */
    private static INDArray tied(DataType dt, SplittableRandom r, long... shape) {
        int n = 1;
        for (long s : shape) {
            n *= (int) s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(9);
            v[i] = k < 3 ? (k == 0 ? -0.0 : 0.0) : (r.nextInt(7) - 3) * 0.25;
        }
        return Nd4j.create(v, shape, 'c').castTo(dt);
    }

    private static INDArray gaussian(DataType dt, SplittableRandom r, long... shape) {
        int n = 1;
        for (long s : shape) {
            n *= (int) s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return Nd4j.create(v, shape, 'c').castTo(dt);
    }

    private static INDArray nativePool(INDArray x, int[] pool, int[] strides, boolean same) {
        INDArray out = Conv2DOps.outputLike(x, pool, strides, same, x.size(3));
        Conv2DOps.exec("maxpool2d", new INDArray[] {x}, new INDArray[] {out}, Conv2DOps.poolArgs(pool, strides, same));
        return out;
    }

    private static INDArray nativeGrad(INDArray x, INDArray g, int[] pool, int[] strides, boolean same) {
        INDArray gx = x.ulike();
        Conv2DOps.exec("maxpool2d_bp", new INDArray[] {x, g}, new INDArray[] {gx}, Conv2DOps.poolArgs(pool, strides, same));
        return gx;
    }

    private static void assertSameBits(INDArray expected, INDArray got, String what) {
        if (expected.dataType() == DataType.FLOAT) {
            float[] e = expected.data().asFloat();
            float[] a = got.data().asFloat();
            int[] eb = new int[e.length];
            int[] ab = new int[a.length];
            for (int i = 0; i < e.length; i++) {
                eb[i] = Float.floatToRawIntBits(e[i]);
                ab[i] = Float.floatToRawIntBits(a[i]);
            }
            assertArrayEquals(eb, ab, what);
        } else {
            double[] e = expected.data().asDouble();
            double[] a = got.data().asDouble();
            long[] eb = new long[e.length];
            long[] ab = new long[a.length];
            for (int i = 0; i < e.length; i++) {
                eb[i] = Double.doubleToRawLongBits(e[i]);
                ab[i] = Double.doubleToRawLongBits(a[i]);
            }
            assertArrayEquals(eb, ab, what);
        }
    }

    private static void check(DataType dt, boolean ties, long[] shape, int[] pool, int[] strides, boolean same, int threads) {
        Parallel.setThreads(threads);
        SplittableRandom r = new SplittableRandom(shape[1] * 31 + pool[0] * 7 + (same ? 1 : 0));
        INDArray x = ties ? tied(dt, r, shape) : gaussian(dt, r, shape);
        INDArray out = nativePool(x, pool, strides, same);
        INDArray g = gaussian(dt, r, out.shape());
        String what = dt + " " + java.util.Arrays.toString(shape) + " pool " + java.util.Arrays.toString(pool) + " strides "
                + java.util.Arrays.toString(strides) + (same ? " same" : " valid") + (ties ? " ties" : "") + ", " + threads + " threads";
        assertTrue(MaxPoolGrad.applies(x, pool, strides), what);
        INDArray expected = nativeGrad(x, g, pool, strides, same);
        INDArray got = x.ulike().assign(Double.NaN);
        MaxPoolGrad.backward(x, out, g, pool, strides, same, false, got);
        assertSameBits(expected, got, what);
        INDArray masked = x.ulike().assign(Double.NaN);
        MaxPoolGrad.backward(x, out, g, pool, strides, same, true, masked);
        assertSameBits(Activations.backward(Activation.RELU, x, expected), masked, what + ", relu mask");
    }

    @Test
    void equalsTheNativeOpBitForBit() {
        Backend.init();
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (boolean ties : new boolean[] {true, false}) {
                for (int threads = 1; threads <= 3; threads++) {
                    check(dt, ties, new long[] {5, 28, 28, 32}, new int[] {2, 2}, new int[] {2, 2}, false, threads);
                    check(dt, ties, new long[] {3, 14, 14, 64}, new int[] {2, 2}, new int[] {2, 2}, false, threads);
                    check(dt, ties, new long[] {2, 6, 8, 3}, new int[] {2, 2}, new int[] {2, 2}, true, threads);
                    check(dt, ties, new long[] {4, 7, 9, 3}, new int[] {2, 2}, new int[] {2, 2}, false, threads);
                    check(dt, ties, new long[] {4, 7, 9, 3}, new int[] {2, 2}, new int[] {2, 2}, true, threads);
                    check(dt, ties, new long[] {3, 8, 11, 5}, new int[] {3, 2}, new int[] {3, 3}, true, threads);
                    check(dt, ties, new long[] {3, 1, 23, 16}, new int[] {1, 5}, new int[] {1, 5}, false, threads);
                    check(dt, ties, new long[] {2, 1, 17, 6}, new int[] {1, 17}, new int[] {1, 17}, false, threads);
                }
            }
        }
    }

    /**
     * Windows of NaN and -inf only: the op pools them to -FLT_MAX and sends their gradient to the window's
     * first element, or nowhere when that element is padding.
     */
    @Test
    void windowsWithoutAFiniteMaximumMatchTheOp() {
        Backend.init();
        float n = Float.NaN;
        float i = Float.NEGATIVE_INFINITY;
        float[][] cases = {{n, n, 2, n, n, n, i, i, 1, n, i, i, -5, i, i, i}, {n, n, n, n, n, n, n, i, n, n, i, i, -5, i, i, i}};
        for (float[] v : cases) {
            for (int[] p : new int[][] {{2, 2}, {3, 3}}) {
                for (boolean same : new boolean[] {false, true}) {
                    INDArray x = Nd4j.createFromArray(v).reshape(1, 4, 4, 1);
                    INDArray out = nativePool(x, p, p, same);
                    INDArray g = gaussian(DataType.FLOAT, new SplittableRandom(5), out.shape());
                    INDArray got = x.ulike().assign(Double.NaN);
                    MaxPoolGrad.backward(x, out, g, p, p, same, false, got);
                    assertSameBits(nativeGrad(x, g, p, p, same), got, java.util.Arrays.toString(v) + " pool " + p[0] + (same ? " same" : ""));
                }
            }
        }
    }

    /**
     * The path for 2 × 2 windows tiling the input ({@link MaxPoolGrad#tiles}) on a batch whose samples mix
     * ordinary windows with ones pooled to +inf, to -FLT_MAX (all -inf, or -FLT_MAX itself) and to NaN: each
     * sample with a pooled value not above -FLT_MAX takes the general search, the others the row pass.
     */
    @Test
    void tilingWindowsWithExtremeValuesMatchTheOp() {
        Backend.init();
        int[] p = {2, 2};
        INDArray x = gaussian(DataType.FLOAT, new SplittableRandom(9), 4, 4, 6, 3);
        x.putScalar(new long[] {1, 0, 0, 0}, Float.POSITIVE_INFINITY);
        x.putScalar(new long[] {1, 1, 1, 0}, Float.POSITIVE_INFINITY);
        for (int h = 2; h < 4; h++) {
            for (int w = 2; w < 4; w++) {
                x.putScalar(new long[] {2, h, w, 1}, Float.NEGATIVE_INFINITY);
                x.putScalar(new long[] {3, h, w, 2}, -Float.MAX_VALUE);
            }
        }
        x.putScalar(new long[] {0, 3, 5, 0}, Float.NaN);
        assertTrue(MaxPoolGrad.tiles(x, p, p, false));
        for (boolean same : new boolean[] {false, true}) {
            INDArray out = nativePool(x, p, p, same);
            INDArray g = gaussian(DataType.FLOAT, new SplittableRandom(5), out.shape());
            INDArray got = x.ulike().assign(Double.NaN);
            MaxPoolGrad.backward(x, out, g, p, p, same, false, got);
            assertSameBits(nativeGrad(x, g, p, p, same), got, "extreme values" + (same ? " same" : ""));
        }
        assertFalse(MaxPoolGrad.tiles(x.castTo(DataType.DOUBLE), p, p, false));
        assertFalse(MaxPoolGrad.tiles(Nd4j.create(DataType.FLOAT, 2, 5, 6, 3), p, p, true));
        assertFalse(MaxPoolGrad.tiles(x, new int[] {3, 3}, new int[] {3, 3}, false));
    }

    @Test
    void overlappingWindowsAreLeftToTheOp() {
        Backend.init();
        INDArray x = Nd4j.create(DataType.FLOAT, 2, 6, 6, 3);
        assertFalse(MaxPoolGrad.applies(x, new int[] {3, 3}, new int[] {2, 2}));
        assertFalse(MaxPoolGrad.applies(x, new int[] {2, 2}, new int[] {2, 1}));
        assertFalse(MaxPoolGrad.applies(x.castTo(DataType.HALF), new int[] {2, 2}, new int[] {2, 2}));
        assertTrue(MaxPoolGrad.applies(x, new int[] {2, 2}, new int[] {3, 2}));
    }
}
