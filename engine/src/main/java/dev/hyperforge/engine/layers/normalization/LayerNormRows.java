package dev.hyperforge.engine.layers.normalization;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.kernels.HostArrays;
import dev.hyperforge.engine.kernels.Parallel;

/**
 * The elementwise steps of {@link LayerNormalization} on float rows in Java loops, two passes where libnd4j ops
 * took seven (forward) and eight (backward), the rows split over the kernel threads. The row means and the
 * inverse standard deviation stay libnd4j reductions, and each element goes through the same float operations
 * in the same order as the ops did ({@code (a - b) - c · d}, then {@code · e}, each rounded to float), so the
 * results are the ops' bits.
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
