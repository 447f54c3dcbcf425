package dev.hyperforge.engine.layers.merging;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The array moves behind {@link Dot}: each input is permuted and reshaped into a batch of matrices so
 * that one batched matrix product contracts the chosen axes, and the L2 normalisation with its gradient.
 */
final class DotMath {
    private DotMath() {
    }

    /** The axis order that puts {@code axis} last (batch first, the others in order between). */
    static int[] lastOrder(int rank, int axis) {
        int[] p = new int[rank];
        int k = 1;
        for (int d = 1; d < rank; d++) {
            if (d != axis) {
                p[k++] = d;
            }
        }
        p[rank - 1] = axis;
        return p;
    }

    /** The axis order that puts {@code axis} right after the batch axis. */
    static int[] firstOrder(int rank, int axis) {
        int[] p = new int[rank];
        p[1] = axis;
        int k = 2;
        for (int d = 1; d < rank; d++) {
            if (d != axis) {
                p[k++] = d;
            }
        }
        return p;
    }

    /**
     * {@code x} permuted by {@code order} as {@code (batch, rows, cols)}: rows the product of the axes before
     * the last when {@code contractLast}, else the contracted axis first and the others as columns.
     */
    static INDArray batched(INDArray x, int[] order, boolean contractLast) {
        INDArray p = x.permute(order).dup('c');
        long b = x.size(0);
        long[] s = p.shape();
        long n = contractLast ? s[s.length - 1] : s[1];
        long rest = p.length() / (b * n);
        return contractLast ? p.reshape('c', b, rest, n) : p.reshape('c', b, n, rest);
    }

    /** The inverse of {@link #batched}: a {@code (batch, rows, cols)} gradient back to {@code shape}. */
    static INDArray unbatched(INDArray g3, long[] shape, int[] order) {
        long[] permuted = new long[order.length];
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            permuted[i] = shape[order[i]];
            inverse[order[i]] = i;
        }
        return g3.reshape('c', permuted).permute(inverse).dup('c');
    }

    /** {@code (batch, x's other axes..., y's other axes...)}, or {@code (batch, 1)} when none are left. */
    static long[] outputShape(long[] x, int ax, long[] y, int ay) {
        int n = x.length + y.length - 3;
        long[] out = new long[Math.max(n, 2)];
        out[0] = x[0];
        int k = 1;
        for (int d = 1; d < x.length; d++) {
            if (d != ax) {
                out[k++] = x[d];
            }
        }
        for (int d = 1; d < y.length; d++) {
            if (d != ay) {
                out[k++] = y[d];
            }
        }
        if (n < 2) {
            out[1] = 1;
        }
        return out;
    }

    /** {@code max(sqrt(sum(x^2, axis)), eps)} with the axis kept (length 1): Keras 3's {@code ops.normalize}. */
    static INDArray norms(INDArray x, int axis, double eps) {
        return Transforms.max(Transforms.sqrt(x.mul(x).sum(true, axis), false), eps, false);
    }

    /** {@code x / norms(x)}, a new array. */
    static INDArray l2Normalize(INDArray x, int axis, double eps) {
        INDArray n = norms(x, axis, eps);
        return x.div(n.broadcast(x.shape()));
    }

    /**
     * The gradient through {@link #l2Normalize}: {@code (g - u * sum(g * u)) / s} where the norm exceeds
     * {@code eps} ({@code u} the normalised input, {@code s} the norm), {@code g / eps} where it was clamped.
     */
    static INDArray l2NormalizeBackward(INDArray x, int axis, double eps, INDArray g) {
        INDArray norm = Transforms.sqrt(x.mul(x).sum(true, axis), false);
        INDArray live = norm.gt(eps).castTo(x.dataType()).broadcast(x.shape());
        INDArray s = Transforms.max(norm, eps, false).broadcast(x.shape());
        INDArray u = x.div(s);
        INDArray proj = g.mul(u).sum(true, axis).broadcast(x.shape()).muli(u).muli(live);
        return g.sub(proj).divi(s);
    }
}
