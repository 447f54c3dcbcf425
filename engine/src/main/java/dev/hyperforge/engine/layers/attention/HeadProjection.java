package dev.hyperforge.engine.layers.attention;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.kernels.AttentionMath;
import dev.hyperforge.engine.kernels.HeadBlocks;
import dev.hyperforge.engine.kernels.MatMul;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;

/**
 * One of the query, key and value projections of {@link MultiHeadAttention} (Keras' {@code EinsumDense}
 * {@code abc,cde->abde}): {@code x (B, T, D) · kernel (D, H, K) + bias (H, K)}, computed as one matrix
 * product on the kernel viewed as {@code (D, H·K)} and handed on split into heads {@code (B·H, T, K)}.
 */
final class HeadProjection {
    private final String name;
    private final int heads;
    private final int dim;
    private final Param kernel;
    private final Param bias;

    /**
     * @param name query, key or value: names the saved and reused arrays
     * @param kernel {@code (D, heads, dim)}
     * @param bias {@code (heads, dim)}, or null without bias
     */
    HeadProjection(String name, int heads, int dim, Param kernel, Param bias) {
        this.name = name;
        this.heads = heads;
        this.dim = dim;
        this.kernel = kernel;
        this.bias = bias;
    }

    private INDArray kernel2() {
        return kernel.value().reshape('c', kernel.value().size(0), (long) heads * dim);
    }

    /** Projects {@code x (B, T, D)} into heads {@code (B·H, T, dim)}, multiplied by {@code scale}. */
    INDArray forward(INDArray x, double scale, LayerContext ctx) {
        long b = x.size(0);
        long t = x.size(1);
        DataType dt = x.dataType();
        INDArray x2 = x.reshape('c', b * t, x.size(2));
        INDArray p = MatMul.mmInto(x2, kernel2(), false, false, ctx.reusable(name + "_proj", dt, b * t, (long) heads * dim));
        INDArray h = ctx.reusable(name + "_heads", dt, b * heads, t, dim);
        if (!HeadBlocks.split(p, bias == null ? null : bias.value(), scale, b, t, heads, dim, h)) {
            if (bias != null) {
                p.addiRowVector(bias.value().reshape('c', 1, (long) heads * dim));
            }
            AttentionMath.splitHeads(p, b, t, heads, dim, h);
            if (scale != 1) {
                h.muli(scale);
            }
        }
        ctx.save(name + "_x2", x2);
        return h;
    }

    /**
     * Accumulates the kernel and bias gradients from the gradient of the heads (which it scales in place by
     * {@code scale}, the forward's factor) and returns the input gradient {@code (B, T, D)}, or null when not
     * wanted.
     */
    INDArray backward(INDArray dHeads, long b, long t, double scale, boolean wantInput, LayerContext ctx) {
        DataType dt = dHeads.dataType();
        long width = (long) heads * dim;
        INDArray dp = ctx.reusable(name + "_dproj", dt, b * t, width);
        if (!HeadBlocks.merge(dHeads, scale, b, t, heads, dim, dp)) {
            if (scale != 1) {
                dHeads.muli(scale);
            }
            AttentionMath.mergeHeads(dHeads, b, t, heads, dim, dp);
        }
        INDArray x2 = ctx.get(name + "_x2");
        INDArray gk = kernel.gradTarget();
        MatMul.mmInto(x2, dp, true, false, gk.reshape('c', x2.size(1), width));
        kernel.finishGrad(gk);
        if (bias != null) {
            INDArray gb = bias.gradTarget();
            MatMul.columnSumsInto(dp, gb);
            bias.finishGrad(gb);
        }
        if (!wantInput) {
            return null;
        }
        INDArray dx = MatMul.mmInto(dp, kernel2(), false, true, ctx.reusable(name + "_dx", dt, b * t, x2.size(1)));
        return dx.reshape('c', b, t, x2.size(1));
    }
}
