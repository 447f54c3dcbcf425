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
 *
 * <p>Each pass comes in three parts so that {@link ConcurrentProjections} can run the three projections' middle
 * parts at once on the kernel threads: {@code prepare} takes the arrays from the layer context (which is not
 * thread-safe) on the calling thread, {@code compute} does the product and the head copies without touching the
 * context, and (backward) {@code finish} accumulates the parameter gradients on the calling thread.
 */
final class HeadProjection {
    private final String name;
    private final int heads;
    private final int dim;
    private final Param kernel;
    private final Param bias;

    /** The arrays of one forward pass, taken from the context by {@link #prepare}. */
    record Forward(INDArray x2, INDArray proj, INDArray heads, double scale, long b, long t) {
    }

    /** The arrays of one backward pass, taken from the context by {@link #prepareBackward}. */
    record Backward(INDArray dHeads, INDArray dp, INDArray dx, double scale, long b, long t) {
    }

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

    /**
     * The arrays of a forward pass that projects {@code x (B, T, D)} into heads {@code (B·H, T, dim)}, multiplied by
     * {@code scale}, from the context; saves what backward reads.
     */
    Forward prepare(INDArray x, double scale, LayerContext ctx) {
        long b = x.size(0);
        long t = x.size(1);
        DataType dt = x.dataType();
        INDArray x2 = x.reshape('c', b * t, x.size(2));
        INDArray p = ctx.reusable(name + "_proj", dt, b * t, (long) heads * dim);
        INDArray h = ctx.reusable(name + "_heads", dt, b * heads, t, dim);
        ctx.save(name + "_x2", x2);
        return new Forward(x2, p, h, scale, b, t);
    }

    /** The product and the split into heads of a prepared forward; touches no context. */
    void compute(Forward f) {
        INDArray p = MatMul.mmInto(f.x2(), kernel2(), false, false, f.proj());
        INDArray h = f.heads();
        if (!HeadBlocks.split(p, bias == null ? null : bias.value(), f.scale(), f.b(), f.t(), heads, dim, h)) {
            if (bias != null) {
                p.addiRowVector(bias.value().reshape('c', 1, (long) heads * dim));
            }
            AttentionMath.splitHeads(p, f.b(), f.t(), heads, dim, h);
            if (f.scale() != 1) {
                h.muli(f.scale());
            }
        }
    }

    /**
     * The arrays of a backward pass from the gradient of the heads {@code dHeads} (scaled in place by {@code scale},
     * the forward's factor, where the head copies do not apply), with the input gradient {@code (B·T, D)} only when
     * {@code wantInput}, from the context.
     */
    Backward prepareBackward(INDArray dHeads, long b, long t, double scale, boolean wantInput, LayerContext ctx) {
        DataType dt = dHeads.dataType();
        INDArray dp = ctx.reusable(name + "_dproj", dt, b * t, (long) heads * dim);
        long d = kernel.value().size(0);
        INDArray dx = wantInput ? ctx.reusable(name + "_dx", dt, b * t, d) : null;
        return new Backward(dHeads, dp, dx, scale, b, t);
    }

    /** The merge of the heads' gradient and the input gradient's product of a prepared backward; touches no context. */
    void compute(Backward g, INDArray x2) {
        if (!HeadBlocks.merge(g.dHeads(), g.scale(), g.b(), g.t(), heads, dim, g.dp())) {
            if (g.scale() != 1) {
                g.dHeads().muli(g.scale());
            }
            AttentionMath.mergeHeads(g.dHeads(), g.b(), g.t(), heads, dim, g.dp());
        }
        if (g.dx() != null) {
            MatMul.mmInto(g.dp(), kernel2(), false, true, g.dx());
        }
    }

    /**
     * The kernel and bias gradients of a computed backward (on the calling thread: their sums over the batch may be
     * split among the native threads, and the parameters are not thread-safe); returns the input gradient or null.
     */
    INDArray finish(Backward g, LayerContext ctx) {
        INDArray x2 = ctx.get(name + "_x2");
        long width = (long) heads * dim;
        INDArray gk = kernel.gradTarget();
        MatMul.mmInto(x2, g.dp(), true, false, gk.reshape('c', x2.size(1), width));
        kernel.finishGrad(gk);
        if (bias != null) {
            INDArray gb = bias.gradTarget();
            MatMul.columnSumsInto(g.dp(), gb);
            bias.finishGrad(gb);
        }
        return g.dx() == null ? null : g.dx().reshape('c', g.b(), g.t(), x2.size(1));
    }

    /** The saved input of the forward, rows {@code (B·T, D)}. */
    INDArray input(LayerContext ctx) {
        return ctx.get(name + "_x2");
    }
}
