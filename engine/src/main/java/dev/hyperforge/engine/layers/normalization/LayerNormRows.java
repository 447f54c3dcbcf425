package dev.hyperforge.engine.layers.normalization;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.kernels.HostArrays;
import dev.hyperforge.engine.kernels.Parallel;

/**
 * The steps of {@link LayerNormalization} on float rows in Java loops, the rows split over the kernel threads:
 * forward, the centring and both row means in one pass ({@link #centerAndVariance}) and the scale and shift in a
 * second; backward, the input gradient with its two row means in one pass ({@link #gradient}). libnd4j's mean
 * along a contiguous row is the float sum from the first element to the last divided by the length, which the
 * loops repeat; the inverse standard deviation ({@code pow(var + eps, -0.5)}) stays a libnd4j op. Each element goes
 * through the same float operations in the same order as the ops did ({@code (a - b) - c · d}, then {@code · e},
 * each rounded to float), so the results are the ops' bits. The row passes take {@link #GROUP} rows at a time, read
 * and written in bulk, and sum those rows side by side: each row's sum keeps its order, but at 32 features one row's
 * chain of dependent float additions was what the pass waited on.
 *
 * <pre>{@code
 * if (LayerNormRows.applies(x2, xhat, squares)) LayerNormRows.center(x2, mean, xhat, squares);
 * }</pre>
 */
final class LayerNormRows {
    private LayerNormRows() {
    }

    /** Whether every array is float and holds exactly its buffer, in C order (else the ops run). */
    static boolean applies(INDArray... xs) {
        for (INDArray x : xs) {
            if (x.dataType() != DataType.FLOAT || !HostArrays.isDenseC(x) || x.length() > Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    private static int cols(INDArray rows) {
        return Math.toIntExact(rows.size(1));
    }

    /** {@code xhat = x - mean} per row and {@code squares = xhat · xhat}. */
    static void center(INDArray x, INDArray mean, INDArray xhat, INDArray squares) {
        int c = cols(xhat);
        FloatBuffer xs = x.data().asNioFloat();
        FloatBuffer m = mean.data().asNioFloat();
        FloatBuffer h = xhat.data().asNioFloat();
        FloatBuffer sq = squares.data().asNioFloat();
        Parallel.forRowsShared(Math.toIntExact(xhat.size(0)), 3L * c, (from, to) -> {
            for (int r = from; r < to; r++) {
                float mr = m.get(r);
                for (int j = r * c, end = j + c; j < end; j++) {
                    float v = xs.get(j) - mr;
                    h.put(j, v);
                    sq.put(j, v * v);
                }
            }
        });
    }

    /**
     * {@code xhat = x - mean} per row and {@code var = mean(xhat · xhat)}, the two row means in the same pass, as
     * libnd4j's mean along a contiguous row gives them: the float sum from the first element to the last, divided by
     * the row length ({@code LayerNormRowsTest} checks the bits against the ops).
     */
    static void centerAndVariance(INDArray x, INDArray xhat, INDArray var) {
        int c = cols(xhat);
        FloatBuffer xs = x.data().asNioFloat();
        FloatBuffer h = xhat.data().asNioFloat();
        FloatBuffer vs = var.data().asNioFloat();
        Parallel.forRowsShared(Math.toIntExact(xhat.size(0)), 3L * c, (from, to) -> {
            float[] rows = new float[GROUP * c];
            float[] v = new float[GROUP];
            for (int r = from; r < to; r += GROUP) {
                int n = Math.min(GROUP, to - r);
                xs.get(r * c, rows, 0, n * c);
                if (n == GROUP) {
                    centerGroup(rows, c, v);
                } else {
                    for (int i = 0; i < n; i++) {
                        v[i] = centerRow(rows, i * c, c);
                    }
                }
                h.put(r * c, rows, 0, n * c);
                vs.put(r, v, 0, n);
            }
        });
    }

    /** Rows read and written together: four rows' sums are four independent chains the core overlaps. */
    static final int GROUP = 4;

    /** One row of {@link #centerAndVariance} at {@code at}: centred in place; returns its variance. */
    private static float centerRow(float[] a, int at, int c) {
        float sum = 0f;
        for (int j = at; j < at + c; j++) {
            sum += a[j];
        }
        float mr = sum / c;
        float sq = 0f;
        for (int j = at; j < at + c; j++) {
            float v = a[j] - mr;
            a[j] = v;
            sq += v * v;
        }
        return sq / c;
    }

    /**
     * {@link #centerRow} for the {@link #GROUP} rows of {@code a} at once: each row's sums still run from its first
     * element to its last (the same bits), but the four chains of dependent additions interleave, where one row's
     * 32 additions in a row each waited for the one before.
     */
    private static void centerGroup(float[] a, int c, float[] var) {
        int c2 = 2 * c;
        int c3 = 3 * c;
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        for (int j = 0; j < c; j++) {
            s0 += a[j];
            s1 += a[c + j];
            s2 += a[c2 + j];
            s3 += a[c3 + j];
        }
        float m0 = s0 / c;
        float m1 = s1 / c;
        float m2 = s2 / c;
        float m3 = s3 / c;
        float q0 = 0f;
        float q1 = 0f;
        float q2 = 0f;
        float q3 = 0f;
        for (int j = 0; j < c; j++) {
            float v0 = a[j] - m0;
            float v1 = a[c + j] - m1;
            float v2 = a[c2 + j] - m2;
            float v3 = a[c3 + j] - m3;
            a[j] = v0;
            a[c + j] = v1;
            a[c2 + j] = v2;
            a[c3 + j] = v3;
            q0 += v0 * v0;
            q1 += v1 * v1;
            q2 += v2 * v2;
            q3 += v3 * v3;
        }
        var[0] = q0 / c;
        var[1] = q1 / c;
        var[2] = q2 / c;
        var[3] = q3 / c;
    }

    /** {@code xhat = xhat · invStd} per row and {@code y = xhat · gamma + beta} ({@code gamma}, {@code beta} null when absent). */
    static void scaleShift(INDArray xhat, INDArray invStd, float[] gamma, float[] beta, INDArray y) {
        int c = cols(xhat);
        FloatBuffer h = xhat.data().asNioFloat();
        FloatBuffer s = invStd.data().asNioFloat();
        FloatBuffer out = y.data().asNioFloat();
        Parallel.forRowsShared(Math.toIntExact(xhat.size(0)), 3L * c, (from, to) -> {
            float[] rows = new float[GROUP * c];
            float[] ys = new float[GROUP * c];
            float[] sr = new float[GROUP];
            for (int r = from; r < to; r += GROUP) {
                int n = Math.min(GROUP, to - r);
                h.get(r * c, rows, 0, n * c);
                s.get(r, sr, 0, n);
                for (int i = 0; i < n; i++) {
                    scaleShiftRow(rows, ys, i * c, c, sr[i], gamma, beta);
                }
                h.put(r * c, rows, 0, n * c);
                out.put(r * c, ys, 0, n * c);
            }
        });
    }

    private static void scaleShiftRow(float[] a, float[] y, int at, int c, float sr, float[] gamma, float[] beta) {
        if (gamma != null && beta != null) {
            // the common case in a loop of its own, with one index (the JIT vectorises it)
            for (int k = 0; k < c; k++) {
                float v = a[at + k] * sr;
                a[at + k] = v;
                y[at + k] = v * gamma[k] + beta[k];
            }
            return;
        }
        for (int j = at, k = 0; k < c; j++, k++) {
            float v = a[j] * sr;
            a[j] = v;
            if (gamma != null) {
                v = v * gamma[k];
            }
            if (beta != null) {
                v = v + beta[k];
            }
            y[j] = v;
        }
    }

    /** {@code dxhat = g · gamma} ({@code g} when {@code gamma} is null) and {@code prod = dxhat · xhat}. */
    static void gradIn(INDArray g, float[] gamma, INDArray xhat, INDArray dxhat, INDArray prod) {
        int c = cols(xhat);
        FloatBuffer gs = g.data().asNioFloat();
        FloatBuffer h = xhat.data().asNioFloat();
        FloatBuffer d = dxhat.data().asNioFloat();
        FloatBuffer p = prod.data().asNioFloat();
        Parallel.forRowsShared(Math.toIntExact(xhat.size(0)), 3L * c, (from, to) -> {
            for (int r = from; r < to; r++) {
                for (int j = r * c, k = 0; k < c; j++, k++) {
                    float v = gamma == null ? gs.get(j) : gs.get(j) * gamma[k];
                    d.put(j, v);
                    p.put(j, v * h.get(j));
                }
            }
        });
    }

    /**
     * The input gradient in one pass per row: {@code dxhat = g · gamma} ({@code g} when {@code gamma} is null), its
     * row means {@code meanD = mean(dxhat)} and {@code meanDX = mean(dxhat · xhat)} (each as libnd4j's row mean gives
     * it, see {@link #centerAndVariance}), then {@code dx = ((dxhat - meanD) - xhat · meanDX) · invStd} into
     * {@code dx}: the float operations of {@link #gradIn}, the two mean ops and {@link #gradOut}.
     */
    static void gradient(INDArray g, float[] gamma, INDArray xhat, INDArray invStd, INDArray dx) {
        int c = cols(xhat);
        FloatBuffer gs = g.data().asNioFloat();
        FloatBuffer h = xhat.data().asNioFloat();
        FloatBuffer s = invStd.data().asNioFloat();
        FloatBuffer out = dx.data().asNioFloat();
        Parallel.forRowsShared(Math.toIntExact(xhat.size(0)), 4L * c, (from, to) -> {
            float[] d = new float[GROUP * c];
            float[] hr = new float[GROUP * c];
            float[] sr = new float[GROUP];
            float[] means = new float[2 * GROUP];
            for (int r = from; r < to; r += GROUP) {
                int n = Math.min(GROUP, to - r);
                gs.get(r * c, d, 0, n * c);
                h.get(r * c, hr, 0, n * c);
                s.get(r, sr, 0, n);
                if (n == GROUP) {
                    gradientMeans(d, hr, c, gamma, means);
                } else {
                    for (int i = 0; i < n; i++) {
                        gradientMeans(d, hr, i * c, c, gamma, means, i);
                    }
                }
                for (int i = 0; i < n; i++) {
                    float a = means[i];
                    float b = means[GROUP + i];
                    float si = sr[i];
                    for (int k = i * c, end = k + c; k < end; k++) {
                        d[k] = ((d[k] - a) - hr[k] * b) * si;
                    }
                }
                out.put(r * c, d, 0, n * c);
            }
        });
    }

    /**
     * One row at {@code at}: {@code dxhat = g · gamma} in place and its two row means into {@code means[i]} and
     * {@code means[GROUP + i]}.
     */
    private static void gradientMeans(float[] d, float[] hr, int at, int c, float[] gamma, float[] means, int i) {
        float sumD = 0f;
        float sumDX = 0f;
        for (int j = at, k = 0; k < c; j++, k++) {
            float v = gamma == null ? d[j] : d[j] * gamma[k];
            d[j] = v;
            sumD += v;
            sumDX += v * hr[j];
        }
        means[i] = sumD / c;
        means[GROUP + i] = sumDX / c;
    }

    /** {@link #gradientMeans} for the {@link #GROUP} rows at once, their eight chains of additions interleaved. */
    private static void gradientMeans(float[] d, float[] hr, int c, float[] gamma, float[] means) {
        int c2 = 2 * c;
        int c3 = 3 * c;
        float d0 = 0f;
        float d1 = 0f;
        float d2 = 0f;
        float d3 = 0f;
        float x0 = 0f;
        float x1 = 0f;
        float x2 = 0f;
        float x3 = 0f;
        for (int k = 0; k < c; k++) {
            float g = gamma == null ? 1f : gamma[k];
            float v0 = gamma == null ? d[k] : d[k] * g;
            float v1 = gamma == null ? d[c + k] : d[c + k] * g;
            float v2 = gamma == null ? d[c2 + k] : d[c2 + k] * g;
            float v3 = gamma == null ? d[c3 + k] : d[c3 + k] * g;
            d[k] = v0;
            d[c + k] = v1;
            d[c2 + k] = v2;
            d[c3 + k] = v3;
            d0 += v0;
            d1 += v1;
            d2 += v2;
            d3 += v3;
            x0 += v0 * hr[k];
            x1 += v1 * hr[c + k];
            x2 += v2 * hr[c2 + k];
            x3 += v3 * hr[c3 + k];
        }
        means[0] = d0 / c;
        means[1] = d1 / c;
        means[2] = d2 / c;
        means[3] = d3 / c;
        means[GROUP] = x0 / c;
        means[GROUP + 1] = x1 / c;
        means[GROUP + 2] = x2 / c;
        means[GROUP + 3] = x3 / c;
    }

    /** {@code dxhat = ((dxhat - meanD) - xhat · meanDX) · invStd} per row: the input gradient, in place. */
    static void gradOut(INDArray dxhat, INDArray xhat, INDArray meanD, INDArray meanDX, INDArray invStd) {
        int c = cols(xhat);
        FloatBuffer d = dxhat.data().asNioFloat();
        FloatBuffer h = xhat.data().asNioFloat();
        FloatBuffer md = meanD.data().asNioFloat();
        FloatBuffer mdx = meanDX.data().asNioFloat();
        FloatBuffer s = invStd.data().asNioFloat();
        Parallel.forRowsShared(Math.toIntExact(xhat.size(0)), 4L * c, (from, to) -> {
            for (int r = from; r < to; r++) {
                float a = md.get(r);
                float b = mdx.get(r);
                float sr = s.get(r);
                for (int j = r * c, end = j + c; j < end; j++) {
                    d.put(j, ((d.get(j) - a) - h.get(j) * b) * sr);
                }
            }
        });
    }
}
