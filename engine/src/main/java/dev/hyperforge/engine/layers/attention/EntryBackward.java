package dev.hyperforge.engine.layers.attention;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.kernels.BatchedMatMul;
import dev.hyperforge.engine.kernels.ContextSoftmaxBackward;
import dev.hyperforge.engine.kernels.HeadBlocks;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * The backward of attention's core at numerics level 3, entry by entry: for each (sample, head) entry the
 * probability gradient {@code dO·Vᵀ}, the value gradient {@code usedᵀ·dO}, the softmax backward of the entry's rows
 * ({@link ContextSoftmaxBackward}) and the query and key gradients {@code dS·K} and {@code dSᵀ·Q}, before the next
 * entry. An entry's (T, S) arrays (160 KB at S7's shapes) stay in the core's caches from one step to the next,
 * where product by product each 10 MB array went through memory between the steps. The entries are shared out among
 * the kernel threads; each step gives the bits it gives on its own (the same products' contexts and the same row
 * loops), so the results are those of the steps run product by product.
 *
 * <pre>{@code
 * if (!EntryBackward.run(ctx, dHeads, vh, used, probs, heads, qh, kh, dUsed, dVh, dScores, dQh, dKh)) { ... }
 * }</pre>
 */
final class EntryBackward {
    /** Tests turn the entry-by-entry order off to compare it with the products run one after the other. */
    static volatile boolean enabled = true;

    private EntryBackward() {
    }

    /**
     * Writes {@code dUsed}, {@code dVh}, {@code dScores}, {@code dQh} and {@code dKh}; false (nothing written) when the
     * arrays are not dense float ones or the per-entry products are switched off. Without dropout only ({@code used}
     * is {@code probs}). {@code dScores} may be {@code dUsed} itself: an entry's rows of {@code dUsed} are read before its
     * score gradient is written.
     */
    static boolean run(LayerContext ctx, INDArray dHeads, INDArray vh, INDArray used, INDArray probs, INDArray heads, INDArray qh, INDArray kh,
            INDArray dUsed, INDArray dVh, INDArray dScores, INDArray dQh, INDArray dKh) {
        if (!enabled || !HeadBlocks.applies(dHeads, vh, used, probs, heads, qh, kh, dUsed, dVh, dScores, dQh, dKh)) {
            return false;
        }
        BatchedMatMul.Entries dp = product(ctx, "d_probs").entries(dHeads, vh, false, true, dUsed);
        BatchedMatMul.Entries dv = product(ctx, "d_vheads").entries(used, dHeads, true, false, dVh);
        BatchedMatMul.Entries dq = product(ctx, "d_qheads").entries(dScores, kh, false, false, dQh);
        BatchedMatMul.Entries dk = product(ctx, "d_kheads").entries(dScores, qh, true, false, dKh);
        if (dp == null || dv == null || dq == null || dk == null) {
            return false;
        }
        ContextSoftmaxBackward.Rows softmax = new ContextSoftmaxBackward.Rows(probs, dUsed, heads, dHeads, dScores);
        int t = Math.toIntExact(probs.size(1));
        BatchedMatMul.forEntries(Math.toIntExact(probs.size(0)), i -> {
            dp.run(i);
            dv.run(i);
            softmax.run(i * t, (i + 1) * t);
            dq.run(i);
            dk.run(i);
        });
        return true;
    }

    private static BatchedMatMul product(LayerContext ctx, String key) {
        return ctx.keep(key + "_product", BatchedMatMul::new);
    }
}
