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
 * each rounded to float), so the results are the ops' bits.
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
            float[] row = new float[c];
            for (int r = from; r < to; r++) {
                xs.get(r * c, row, 0, c);
                float sum = 0f;
                for (int j = 0; j < c; j++) {
                    sum += row[j];
                }
                float mr = sum / c;
                float sq = 0f;
                for (int j = 0; j < c; j++) {
                    float v = row[j] - mr;
                    row[j] = v;
                    sq += v * v;
                }
                h.put(r * c, row, 0, c);
                vs.put(r, sq / c);
            }
        });
    }

    /** {@code xhat = xhat · invStd} per row and {@code y = xhat · gamma + beta} ({@code gamma}, {@code beta} null when absent). */
    static void scaleShift(INDArray xhat, INDArray invStd, float[] gamma, float[] beta, INDArray y) {
        int c = cols(xhat);
        FloatBuffer h = xhat.data().asNioFloat();
        FloatBuffer s = invStd.data().asNioFloat();
        FloatBuffer out = y.data().asNioFloat();
        Parallel.forRowsShared(Math.toIntExact(xhat.size(0)), 3L * c, (from, to) -> {
            for (int r = from; r < to; r++) {
                float sr = s.get(r);
                for (int j = r * c, k = 0; k < c; j++, k++) {
                    float v = h.get(j) * sr;
                    h.put(j, v);
                    if (gamma != null) {
                        v = v * gamma[k];
                    }
                    if (beta != null) {
                        v = v + beta[k];
                    }
                    out.put(j, v);
                }
            }
        });
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
            float[] d = new float[c];
            float[] hr = new float[c];
            for (int r = from; r < to; r++) {
                gs.get(r * c, d, 0, c);
                h.get(r * c, hr, 0, c);
                float sumD = 0f;
                float sumDX = 0f;
                for (int k = 0; k < c; k++) {
                    float v = gamma == null ? d[k] : d[k] * gamma[k];
                    d[k] = v;
                    sumD += v;
                    sumDX += v * hr[k];
                }
                float a = sumD / c;
                float b = sumDX / c;
                float sr = s.get(r);
                for (int k = 0; k < c; k++) {
                    d[k] = ((d[k] - a) - hr[k] * b) * sr;
                }
                out.put(r * c, d, 0, c);
            }
        });
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
