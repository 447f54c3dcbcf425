package dev.hyperforge.engine.kernels;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The backward pass of max pooling over channels-last images {@code (batch, height, width, channels)}
 * with windows that do not overlap (strides at least the pool size), in Java: each window's gradient
 * goes to its first maximum, found as the first element of the window equal to the pooled output the
 * forward pass kept, and every other element gets zero. The values are libnd4j's {@code maxpool2d_bp}'s
 * bit for bit, ties, signed zeros, padding and windows of NaN or -inf included ({@code MaxPoolGradTest});
 * overlapping windows, whose gradients add up, stay on the op. The layers use it for one window spanning
 * a whole sequence (GlobalMaxPooling1D), where the op is slow, and, when asked ({@code MaxPooling2D}'s
 * {@code -Dhf.maxpool.java}), for float 2 × 2 windows tiling the input ({@link #tiles}: S6's pools), where
 * a pass over whole rows vectorises: faster than the op on round 9's Intel host, slower on round 10's AMD
 * host, where both are bound by memory traffic and this pass moves more (it reads the input, the op keeps
 * a byte per window from its own forward pass). For other windows (S2's 5-step ones) the op, which reads
 * and writes the native arrays directly where this pass copies them through Java arrays, stays faster
 * (engine/BENCHMARK.md, "Round 7", "Round 9" and "Round 10").
 *
 * <p>With {@code reluMask} the gradient written at a maximum is {@code step(x)·g} ({@code 1} where
 * {@code x > 0}, else {@code 0}): the values relu's backward pass ({@link Activations}) would give when
 * applied to this gradient with {@code x} as the relu output, as a pooling layer that follows a relu
 * needs them.
 *
 * <pre>{@code
 * if (MaxPoolGrad.applies(x, pool, strides)) {
 *     MaxPoolGrad.backward(x, pooled, gradOut, pool, strides, same, false, gx);   // gx: every element written
 * }
 * }</pre>
 */
public final class MaxPoolGrad {
    private MaxPoolGrad() {
    }

    /**
     * Whether {@link #backward} handles these arrays: rank-4 C-contiguous float or double input with
     * non-overlapping windows ({@code strides >= pool} on both axes) and fewer than 2³¹ elements.
     */
    public static boolean applies(INDArray x, int[] pool, int[] strides) {
        DataType dt = x.dataType();
        return (dt == DataType.FLOAT || dt == DataType.DOUBLE) && x.rank() == 4 && HostArrays.isDenseC(x)
                && strides[0] >= pool[0] && strides[1] >= pool[1] && x.length() < Integer.MAX_VALUE;
    }

    /**
     * Whether {@link #backward} takes its vectorised path ({@code Rows2x2}) for these arrays, which beats
     * libnd4j's {@code maxpool2d_bp} (oneDNN's pooling, which runs the forward pass again for its workspace
     * before the backward one): float, {@link #applies}, 2 × 2 windows at strides 2 tiling the input exactly
     * (even height and width; "same" padding then adds none).
     */
    public static boolean tiles(INDArray x, int[] pool, int[] strides, boolean same) {
        return x.dataType() == DataType.FLOAT && applies(x, pool, strides) && pool[0] == 2 && pool[1] == 2 && strides[0] == 2
                && strides[1] == 2 && x.size(1) % 2 == 0 && x.size(2) % 2 == 0;
    }

    /** One sample's geometry: input and output sizes, window, strides and the top/left padding. */
    private record Geometry(int h, int w, int c, int oh, int ow, int kh, int kw, int sh, int sw, int top, int left) {
        static Geometry of(INDArray x, INDArray out, int[] pool, int[] strides, boolean same) {
            int h = (int) x.size(1);
            int w = (int) x.size(2);
            int oh = (int) out.size(1);
            int ow = (int) out.size(2);
            int top = same ? Math.max((oh - 1) * strides[0] + pool[0] - h, 0) / 2 : 0;
            int left = same ? Math.max((ow - 1) * strides[1] + pool[1] - w, 0) / 2 : 0;
            return new Geometry(h, w, (int) x.size(3), oh, ow, pool[0], pool[1], strides[0], strides[1], top, left);
        }

        int inSize() {
            return h * w * c;
        }

        int outSize() {
            return oh * ow * c;
        }

        /** Whether the windows are 2 × 2 at strides 2 and tile the input exactly (no padding, nothing left over). */
        boolean halves() {
            return kh == 2 && kw == 2 && sh == 2 && sw == 2 && top == 0 && left == 0 && h == 2 * oh && w == 2 * ow;
        }
    }

    /**
     * Writes the input gradient of max pooling into {@code gx} (every element).
     *
     * @param x the pooling layer's input {@code (n, h, w, c)}, C-contiguous ({@link #applies})
     * @param pooled the forward pass's output {@code (n, oh, ow, c)}
     * @param g the gradient of the output, the shape of {@code pooled}
     * @param same padding "same" (top/left padding as TensorFlow and libnd4j place it) or "valid"
     * @param reluMask multiply the gradient at each maximum by {@code step(x)} (see the class comment)
     * @param gx the input gradient, the shape of {@code x}, C-contiguous
     */
    public static void backward(INDArray x, INDArray pooled, INDArray g, int[] pool, int[] strides, boolean same, boolean reluMask,
            INDArray gx) {
        Geometry geo = Geometry.of(x, pooled, pool, strides, same);
        INDArray p = HostArrays.contiguous(pooled.dataType() == x.dataType() ? pooled : pooled.castTo(x.dataType()));
        INDArray gc = HostArrays.contiguous(g.dataType() == x.dataType() ? g : g.castTo(x.dataType()));
        int n = (int) x.size(0);
        if (x.dataType() == DataType.FLOAT) {
            Parallel.forRows(n, 2L * geo.inSize(), (from, to) -> floatSamples(x, p, gc, gx, geo, reluMask, from, to));
        } else {
            Parallel.forRows(n, 2L * geo.inSize(), (from, to) -> doubleSamples(x, p, gc, gx, geo, reluMask, from, to));
        }
    }

    private static void floatSamples(INDArray x, INDArray p, INDArray g, INDArray gx, Geometry geo, boolean relu, int from, int to) {
        IntBuffer xb = x.data().asNioInt();
        FloatBuffer pb = p.data().asNioFloat();
        FloatBuffer gb = g.data().asNioFloat();
        IntBuffer db = gx.data().asNioInt();
        int in = geo.inSize();
        int out = geo.outSize();
        int[] xs = new int[in];
        int[] dx = new int[in];
        float[] ps = new float[out];
        float[] gs = new float[out];
        int[] pooled = new int[out];
        int[] grad = new int[out];
        int[] rest = new int[geo.c()];
        Rows2x2 rows = geo.halves() && !relu ? new Rows2x2(geo.ow() * geo.c()) : null;
        IntBuffer pib = rows == null ? null : p.data().asNioInt();
        IntBuffer gib = rows == null ? null : g.data().asNioInt();
        for (int s = from; s < to; s++) {
            if (rows != null) {
                pib.get(s * out, pooled, 0, out);
                gib.get(s * out, grad, 0, out);
                if (Rows2x2.aboveMinusMax(pooled)) {
                    rows.sample(xb, s * in, pooled, grad, db, geo.c(), geo.w() * geo.c(), geo.oh());
                    continue;
                }
            }
            xb.get(s * in, xs, 0, in);
            pb.get(s * out, ps, 0, out);
            gb.get(s * out, gs, 0, out);
            for (int j = 0; j < out; j++) {
                pooled[j] = Float.floatToRawIntBits(ps[j]);
                grad[j] = Float.floatToRawIntBits(relu ? (ps[j] > 0 ? 1f : 0f) * gs[j] : gs[j]);
            }
            Arrays.fill(dx, 0);
            floatSample(xs, ps, gs, pooled, grad, dx, rest, geo, relu);
            db.put(s * in, dx, 0, in);
        }
    }

    /**
     * 2 × 2 windows at strides 2 tiling the whole input (even height and width, no padding), every pooled
     * value above {@code -Float.MAX_VALUE}: the choice of {@link #window2x2} made with loops that C2 turns into
     * vector code. Each pair of input rows is split into the four window positions, each laid out as the
     * pooled row ({@code ow · c} ints: one bulk read of {@code c} ints per position and window),
     * the choice runs over those long rows, and the four gradient rows are put back in the input's order. A
     * loop over one window's {@code c} channels (32 or 64 for S6) is too short for C2's vector loop; this one
     * runs over {@code ow · c} (448 for both of S6's pools).
     */
    private static final class Rows2x2 {
        private final int n;
        private final int[] a0;
        private final int[] a1;
        private final int[] a2;
        private final int[] a3;
        private final int[] d0;
        private final int[] d1;
        private final int[] d2;
        private final int[] d3;
        private final int[] t;
        private final int[] pr;
        private final int[] gr;

        Rows2x2(int n) {
            this.n = n;
            a0 = new int[n];
            a1 = new int[n];
            a2 = new int[n];
            a3 = new int[n];
            d0 = new int[n];
            d1 = new int[n];
            d2 = new int[n];
            d3 = new int[n];
            t = new int[n];
            pr = new int[n];
            gr = new int[n];
        }

        /**
         * One sample from {@code base} of the input's and the gradient's buffers: {@code row} ints per input row,
         * {@code oh} pooled rows of {@link #n} ints. The window positions are read from and written to the
         * native buffers directly, {@code c} ints at a time (cheaper than staging the sample in a Java array).
         */
        void sample(IntBuffer x, int base, int[] pooled, int[] grad, IntBuffer gx, int c, int row, int oh) {
            for (int r = 0; r < oh; r++) {
                int top = base + 2 * r * row;
                split(x, top, top + row, c);
                choose(pooled, grad, r * n);
                join(gx, top, top + row, c);
            }
        }

        private void split(IntBuffer x, int top, int bottom, int c) {
            for (int p = 0, at = 0; p < n; p += c, at += 2 * c) {
                x.get(top + at, a0, p, c);
                x.get(top + at + c, a1, p, c);
                x.get(bottom + at, a2, p, c);
                x.get(bottom + at + c, a3, p, c);
            }
        }

        /**
         * {@link #window2x2}'s choice for every window of the pooled row at {@code o}, as four simple loops (one
         * loop with all four positions is too much for C2's vectoriser, which then runs it several times slower
         * than scalar code); {@code t} holds the mask of the windows already placed.
         */
        private void choose(int[] pooled, int[] grad, int o) {
            int[] m = pr;
            int[] g = gr;
            System.arraycopy(pooled, o, m, 0, n);
            System.arraycopy(grad, o, g, 0, n);
            for (int j = 0; j < n; j++) {
                int e = equalMask(a0[j], m[j]);
                t[j] = e;
                d0[j] = g[j] & e;
            }
            for (int j = 0; j < n; j++) {
                int e = equalMask(a1[j], m[j]) & ~t[j];
                t[j] |= e;
                d1[j] = g[j] & e;
            }
            for (int j = 0; j < n; j++) {
                int e = equalMask(a2[j], m[j]) & ~t[j];
                t[j] |= e;
                d2[j] = g[j] & e;
            }
            for (int j = 0; j < n; j++) {
                d3[j] = g[j] & ~t[j] & equalMask(a3[j], m[j]);
            }
        }

        /**
         * Whether every float with bits in {@code pooled} is above {@code -Float.MAX_VALUE} (not NaN, -inf or
         * -MAX_VALUE itself), on the bits: with {@code mag} the magnitude's bits, a positive value is a NaN when
         * {@code 0x7f800000 - mag} is negative, a negative value is at most -MAX_VALUE when {@code 0x7f7ffffe - mag}
         * is; the sign bit selects which term counts, and the terms' sign bits are or-ed over the row.
         */
        static boolean aboveMinusMax(int[] pooled) {
            int bad = 0;
            for (int b : pooled) {
                int mag = b & 0x7fffffff;
                bad |= ((0x7f800000 - mag) & ~b) | ((0x7f7ffffe - mag) & b);
            }
            return bad >= 0;
        }

        private void join(IntBuffer gx, int top, int bottom, int c) {
            for (int p = 0, at = 0; p < n; p += c, at += 2 * c) {
                gx.put(top + at, d0, p, c);
                gx.put(top + at + c, d1, p, c);
                gx.put(bottom + at, d2, p, c);
                gx.put(bottom + at + c, d3, p, c);
            }
        }
    }

    /**
     * One sample on the floats' bits, {@code dx} zero on entry: for each window and channel, the first
     * element equal (as floats: the same bits, or both zero) to the pooled value gets the gradient's bits,
     * the window's other elements zero. The choice is made with integer masks, without branches the data
     * decide: {@link #equalMask} of each element, and a mask that stays all ones while the channel is
     * unplaced. 2 × 2 windows take an unrolled loop ({@link #window2x2}). With relu, {@code grad} already
     * holds {@code step(pooled)·g}: the maximum equals the pooled value. Pooled values not above
     * {@code -Float.MAX_VALUE} (windows of NaN and -inf only, or a pooled value from a reduction that met
     * a NaN) take the op's own search instead ({@link #floatSearch}).
     */
    private static void floatSample(int[] xs, float[] ps, float[] gs, int[] pooled, int[] grad, int[] dx, int[] rest, Geometry geo,
            boolean relu) {
        int c = geo.c();
        int w = geo.w();
        for (int oh = 0; oh < geo.oh(); oh++) {
            int h0 = oh * geo.sh() - geo.top();
            int hs = Math.max(h0, 0);
            int he = Math.min(h0 + geo.kh(), geo.h());
            for (int ow = 0; ow < geo.ow(); ow++) {
                int w0 = ow * geo.sw() - geo.left();
                int ws = Math.max(w0, 0);
                int we = Math.min(w0 + geo.kw(), w);
                int o = (oh * geo.ow() + ow) * c;
                if (he - hs == 2 && we - ws == 2) {
                    window2x2(xs, pooled, grad, dx, (hs * w + ws) * c, w * c, o, c);
                } else {
                    Arrays.fill(rest, -1);
                    for (int ih = hs; ih < he; ih++) {
                        for (int iw = ws; iw < we; iw++) {
                            int at = (ih * w + iw) * c;
                            for (int k = 0; k < c; k++) {
                                int e = equalMask(xs[at + k], pooled[o + k]) & rest[k];
                                dx[at + k] = grad[o + k] & e;
                                rest[k] &= ~e;
                            }
                        }
                    }
                }
                for (int k = 0; k < c; k++) {
                    if (!(ps[o + k] > -Float.MAX_VALUE)) {
                        floatSearched(xs, gs, dx, geo, relu, h0, w0, o, k);
                    }
                }
            }
        }
    }

    /** One 2 × 2 window from {@code at} (rows {@code row} apart) into {@code dx}, the four elements in order. */
    private static void window2x2(int[] xs, int[] pooled, int[] grad, int[] dx, int at, int row, int o, int c) {
        int a1 = at + c;
        int a2 = at + row;
        int a3 = a2 + c;
        for (int k = 0; k < c; k++) {
            int m = pooled[o + k];
            int g = grad[o + k];
            int e0 = equalMask(xs[at + k], m);
            int e1 = equalMask(xs[a1 + k], m) & ~e0;
            int rest = ~(e0 | e1);
            int e2 = equalMask(xs[a2 + k], m) & rest;
            int e3 = rest & ~e2;
            dx[at + k] = g & e0;
            dx[a1 + k] = g & e1;
            dx[a2 + k] = g & e2;
            dx[a3 + k] = g & e3 & equalMask(xs[a3 + k], m);
        }
    }

    /** All ones when the floats with bits {@code v} and {@code m} are equal (the same bits, or both zero), else 0. */
    private static int equalMask(int v, int m) {
        int d = v ^ m;
        int z = (v | m) << 1;
        return (((d - 1) & ~d) | ((z - 1) & ~z)) >> 31;
    }

    /** Replaces channel {@code k} of one window's gradient by the one {@link #floatSearch} places. */
    private static void floatSearched(int[] xs, float[] gs, int[] dx, Geometry geo, boolean relu, int h0, int w0, int o, int k) {
        int c = geo.c();
        for (int ih = Math.max(h0, 0); ih < Math.min(h0 + geo.kh(), geo.h()); ih++) {
            for (int iw = Math.max(w0, 0); iw < Math.min(w0 + geo.kw(), geo.w()); iw++) {
                dx[(ih * geo.w() + iw) * c + k] = 0;
            }
        }
        int best = floatSearch(xs, geo, h0, w0, k);
        if (best >= 0) {
            float v = Float.intBitsToFloat(xs[best]);
            dx[best] = Float.floatToRawIntBits(relu ? (v > 0 ? 1f : 0f) * gs[o + k] : gs[o + k]);
        }
    }

    /**
     * The op's (oneDNN's) search in channel {@code k} of the window at {@code (h0, w0)}, for pooled
     * values not above {@code -Float.MAX_VALUE}: the maximum starts at that value on the window's first
     * element and moves to each later element strictly greater. Returns the index into the sample, or -1
     * when the choice is the first element and that is padding (the op's gradient is then lost).
     */
    private static int floatSearch(int[] xs, Geometry geo, int h0, int w0, int k) {
        int c = geo.c();
        float m = -Float.MAX_VALUE;
        int best = h0 >= 0 && w0 >= 0 ? (h0 * geo.w() + w0) * c + k : -1;
        for (int ih = Math.max(h0, 0); ih < Math.min(h0 + geo.kh(), geo.h()); ih++) {
            for (int iw = Math.max(w0, 0); iw < Math.min(w0 + geo.kw(), geo.w()); iw++) {
                int at = (ih * geo.w() + iw) * c + k;
                float v = Float.intBitsToFloat(xs[at]);
                if (v > m) {
                    m = v;
                    best = at;
                }
            }
        }
        return best;
    }

    private static void doubleSamples(INDArray x, INDArray p, INDArray g, INDArray gx, Geometry geo, boolean relu, int from, int to) {
        DoubleBuffer xb = x.data().asNioDouble();
        DoubleBuffer pb = p.data().asNioDouble();
        DoubleBuffer gb = g.data().asNioDouble();
        DoubleBuffer db = gx.data().asNioDouble();
        int in = geo.inSize();
        int out = geo.outSize();
        double[] xs = new double[in];
        double[] dx = new double[in];
        double[] ps = new double[out];
        double[] gs = new double[out];
        for (int s = from; s < to; s++) {
            xb.get(s * in, xs, 0, in);
            pb.get(s * out, ps, 0, out);
            gb.get(s * out, gs, 0, out);
            Arrays.fill(dx, 0.0);
            doubleSample(xs, ps, gs, dx, geo, relu);
            db.put(s * in, dx, 0, in);
        }
    }

    /** {@link #floatSample} in double. */
    private static void doubleSample(double[] xs, double[] ps, double[] gs, double[] dx, Geometry geo, boolean relu) {
        int c = geo.c();
        int w = geo.w();
        for (int oh = 0; oh < geo.oh(); oh++) {
            int h0 = oh * geo.sh() - geo.top();
            int hs = Math.max(h0, 0);
            int he = Math.min(h0 + geo.kh(), geo.h());
            for (int ow = 0; ow < geo.ow(); ow++) {
                int w0 = ow * geo.sw() - geo.left();
                int ws = Math.max(w0, 0);
                int we = Math.min(w0 + geo.kw(), w);
                int o = (oh * geo.ow() + ow) * c;
                for (int k = 0; k < c; k++) {
                    double m = ps[o + k];
                    int best = -1;
                    if (m > -Double.MAX_VALUE) {
                        for (int ih = he - 1; ih >= hs; ih--) {
                            for (int at = (ih * w + we - 1) * c + k, end = (ih * w + ws) * c + k; at >= end; at -= c) {
                                best = xs[at] == m ? at : best;
                            }
                        }
                    } else {
                        best = doubleSearch(xs, geo, h0, w0, k);
                    }
                    if (best >= 0) {
                        dx[best] = relu ? (xs[best] > 0 ? 1.0 : 0.0) * gs[o + k] : gs[o + k];
                    }
                }
            }
        }
    }

    /**
     * {@link #floatSearch} in double: the op's (oneDNN's) search in channel {@code k} of the window at {@code (h0, w0)}, for pooled
     * values not above {@code -Double.MAX_VALUE}: the maximum starts at that value on the window's first
     * element and moves to each later element strictly greater. Returns the index into the sample, or -1
     * when the choice is the first element and that is padding (the op's gradient is then lost).
     */
    private static int doubleSearch(double[] xs, Geometry geo, int h0, int w0, int k) {
        int c = geo.c();
        double m = -Double.MAX_VALUE;
        int best = h0 >= 0 && w0 >= 0 ? (h0 * geo.w() + w0) * c + k : -1;
        for (int ih = Math.max(h0, 0); ih < Math.min(h0 + geo.kh(), geo.h()); ih++) {
            for (int iw = Math.max(w0, 0); iw < Math.min(w0 + geo.kw(), geo.w()); iw++) {
                int at = (ih * geo.w() + iw) * c + k;
                if (xs[at] > m) {
                    m = xs[at];
                    best = at;
                }
            }
        }
        return best;
    }
}
