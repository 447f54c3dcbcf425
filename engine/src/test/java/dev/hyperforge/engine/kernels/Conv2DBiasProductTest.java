package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Backend;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * A first {@code Conv2D}'s kernel and bias gradients ({@link Conv2DOps#conv2dBpKernelOnly}) by level: up to V4
 * the kernel gradient is {@code Xᵀ · g} and the bias gradient the column sums of {@code g}, bit for bit; from V5
 * one product {@code [X, 1]ᵀ · g} gives both, within float rounding of V4's. The columns here are built by hand,
 * independently of {@link Columns}, for the narrow float path (1 and 3 channels), the bulk one (17) and doubles.
 */
class Conv2DBiasProductTest {
    static {
        Backend.init();
    }

    @Test
    void levelFourKeepsTheTwoProductsBitForBit() {
        for (int[] c : CASES) {
            for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                Case k = new Case(dt, c);
                INDArray[] v4 = k.backward(Numerics.V4);
                INDArray cols = k.columns(false);
                INDArray g2 = k.g.reshape('c', cols.size(0), k.out);
                INDArray gw = MatMul.mmInto(cols, g2, true, false, Nd4j.create(dt, cols.size(1), k.out));
                INDArray gb = MatMul.columnSumsInto(g2, Nd4j.create(dt, k.out));
                assertEquals(gw.reshape(v4[0].shape()), v4[0], k + ": V4 kernel gradient");
                assertEquals(gb, v4[1], k + ": V4 bias gradient");
            }
        }
    }

    @Test
    void levelFiveTakesOneProductWithinRoundingOfLevelFour() {
        for (int[] c : CASES) {
            for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
                Case k = new Case(dt, c);
                INDArray[] v4 = k.backward(Numerics.V4);
                INDArray[] v5 = k.backward(Numerics.V5);
                double tol = dt == DataType.FLOAT ? 1e-5 : 1e-13;
                for (int i = 0; i < 2; i++) {
                    double scale = Math.max(1, v4[i].amaxNumber().doubleValue());
                    double diff = v4[i].sub(v5[i]).amaxNumber().doubleValue();
                    assertTrue(diff <= tol * scale, k + ": gradient " + i + " differs by " + diff);
                }
                // and exactly the one product over hand-built columns with a column of ones
                INDArray cols = k.columns(true);
                INDArray both = MatMul.mmInto(cols, k.g.reshape('c', cols.size(0), k.out), true, false, Nd4j.create(dt, cols.size(1), k.out));
                assertEquals(both.getRow(cols.size(1) - 1), v5[1], k + ": V5 bias gradient is the product's last row");
            }
        }
    }

    @Test
    void eachLevelTakesItsPathAndReusedArraysKeepTheBits() {
        Case k = new Case(DataType.FLOAT, CASES[0]);
        INDArray[] fresh4 = k.backward(Numerics.V4);
        INDArray[] fresh5 = k.backward(Numerics.V5);
        java.util.Map<String, Object> buffers = new java.util.HashMap<>();
        for (Numerics level : new Numerics[] {Numerics.V5, Numerics.V4, Numerics.V5, Numerics.V4}) {
            INDArray[] r = k.backward(level, buffers);
            INDArray[] fresh = level == Numerics.V5 ? fresh5 : fresh4;
            assertEquals(fresh[0], r[0], level + ": kernel gradient with reused arrays");
            assertEquals(fresh[1], r[1], level + ": bias gradient with reused arrays");
        }
        assertTrue(buffers.containsKey("conv_cols1") && buffers.containsKey("conv_wb"), "V5: columns with ones, one product");
        assertTrue(buffers.containsKey("conv_cols"), "V4: the plain columns");
        java.util.Map<String, Object> only4 = new java.util.HashMap<>();
        k.backward(Numerics.V4, only4);
        assertEquals(java.util.Set.of("conv_cols"), only4.keySet(), "V4 takes the two products only");
    }

    /** batch, height, width, channels, kernel height, kernel width, filters, same (1) or valid (0). */
    private static final int[][] CASES = {{4, 7, 6, 1, 3, 3, 5, 1}, {3, 5, 6, 3, 2, 3, 4, 0}, {2, 5, 4, 17, 3, 3, 6, 1}, {2, 6, 6, 2, 2, 2, 3, 1}};

    private static final class Case {
        final DataType dt;
        final int batch, h, w, ch, kh, kw, out;
        final boolean same;
        final int oh, ow;
        final INDArray x, kernel, bias, g;

        Case(DataType dt, int[] c) {
            this.dt = dt;
            batch = c[0]; h = c[1]; w = c[2]; ch = c[3]; kh = c[4]; kw = c[5]; out = c[6];
            same = c[7] == 1;
            oh = same ? h : h - kh + 1;
            ow = same ? w : w - kw + 1;
            SplittableRandom r = new SplittableRandom(31 + ch);
            x = random(r, dt, batch, h, w, ch);
            kernel = random(r, dt, kh, kw, ch, out);
            bias = random(r, dt, out);
            g = random(r, dt, batch, oh, ow, out);
        }

        /** {kernel gradient, bias gradient} at {@code level}. */
        INDArray[] backward(Numerics level) {
            return backward(level, null);
        }

        /** {@link #backward(Numerics)} with the call site's reusable arrays in {@code buffers} (none when null). */
        INDArray[] backward(Numerics level, java.util.Map<String, Object> buffers) {
            Numerics was = Numerics.set(level);
            try {
                LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
                if (buffers != null) {
                    ctx.reuseBuffers(buffers);
                }
                INDArray[] r = Conv2DOps.conv2dBpKernelOnly(x, kernel, bias, g, same, ctx, Nd4j.create(dt, kh, kw, ch, out), Nd4j.create(dt, out));
                return new INDArray[] {r[0].dup(), r[1].dup()};
            } finally {
                Numerics.set(was);
            }
        }

        /** The input's columns by hand (same-mode padding: {@code (k - 1) / 2} at the top/left), with a column of ones if asked. */
        INDArray columns(boolean ones) {
            int width = kh * kw * ch;
            int stride = width + (ones ? 1 : 0);
            double[] cols = new double[batch * oh * ow * stride];
            int ph = same ? (kh - 1) / 2 : 0;
            int pw = same ? (kw - 1) / 2 : 0;
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int row = ((b * oh + i) * ow + j) * stride;
                        for (int a = 0; a < kh; a++) {
                            for (int e = 0; e < kw; e++) {
                                int si = i + a - ph;
                                int sj = j + e - pw;
                                for (int c = 0; c < ch; c++) {
                                    boolean in = si >= 0 && si < h && sj >= 0 && sj < w;
                                    cols[row + (a * kw + e) * ch + c] = in ? x.getDouble(b, si, sj, c) : 0;
                                }
                            }
                        }
                        if (ones) {
                            cols[row + width] = 1;
                        }
                    }
                }
            }
            return Nd4j.create(cols, new long[] {batch * oh * ow, stride}, DataType.DOUBLE).castTo(dt);
        }

        @Override
        public String toString() {
            return dt + " " + batch + "x" + h + "x" + w + "x" + ch + " k" + kh + "x" + kw + (same ? " same" : " valid");
        }
    }

    private static INDArray random(SplittableRandom r, DataType dt, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dt);
    }
}
