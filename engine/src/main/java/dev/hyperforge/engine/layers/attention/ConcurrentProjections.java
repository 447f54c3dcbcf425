package dev.hyperforge.engine.layers.attention;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.kernels.BatchedMatMul;
import dev.hyperforge.engine.kernels.HeadBlocks;
import dev.hyperforge.engine.kernels.Numerics;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * The query, key and value projections of {@link MultiHeadAttention} run at once, one per kernel thread
 * ({@link BatchedMatMul#forEntries}: each on one OpenMP thread), where they ran one after the other, each of its
 * small products and head copies split over all threads. At S7's shapes one projection is a 6400 × 32 × 64 product
 * and a 1.6 MB copy, about 0.25 ms of work; split over two threads each step waited on waking the other thread
 * (tens of microseconds on a virtual machine) for little work, so three projections side by side wake it once.
 *
 * <p>Bits: forward, each projection's product (the sums over its 32 input features) and its head copy give the same
 * bits on one thread as on several (oneDNN splits the rows, not the sums; the copies are Java loops); backward, the
 * merges and the input gradients' products likewise, while the kernel and bias gradients, whose sums over the batch's
 * rows oneDNN may split among threads, stay on the calling thread with all threads after the three
 * ({@link HeadProjection#finish}). {@code ConcurrentProjectionsTest} compares the layer bit for bit with the
 * projections in turn.
 *
 * <pre>{@code
 * INDArray[] heads = ConcurrentProjections.forward(new HeadProjection[] {query, key, value}, new INDArray[] {q, k, v}, scales, ctx);
 * }</pre>
 */
final class ConcurrentProjections {
    /** Tests turn the concurrent order off to compare it with the projections in turn. */
    static volatile boolean enabled = true;

    private ConcurrentProjections() {
    }

    /**
     * Whether the projections may run side by side: from numerics V5 on. Their bits equal those of the projections in
     * turn wherever oneDNN splits a product's rows among threads, not its sums; that holds at the shapes measured
     * (S7's, on two threads) but is oneDNN's choice, which may differ on a machine with many cores. So a run recorded
     * at V4 or earlier keeps the order it was computed in, whatever the machine.
     */
    private static boolean applies() {
        return enabled && Numerics.current().atLeast(Numerics.V5);
    }

    /** The heads of each projection {@code ps[p]} of {@code xs[p]}, multiplied by {@code scales[p]}. */
    static INDArray[] forward(HeadProjection[] ps, INDArray[] xs, double[] scales, LayerContext ctx) {
        HeadProjection.Forward[] fs = new HeadProjection.Forward[ps.length];
        INDArray[] heads = new INDArray[ps.length];
        boolean together = applies();
        for (int p = 0; p < ps.length; p++) {
            fs[p] = ps[p].prepare(xs[p], scales[p], ctx);
            heads[p] = fs[p].heads();
            together &= HeadBlocks.applies(fs[p].x2(), fs[p].proj(), fs[p].heads());
        }
        if (together) {
            BatchedMatMul.forEntries(ps.length, i -> ps[i].compute(fs[i]));
        } else {
            for (int p = 0; p < ps.length; p++) {
                ps[p].compute(fs[p]);
            }
        }
        return heads;
    }

    /**
     * Accumulates the projections' kernel and bias gradients from their heads' gradients {@code dHeads[p]} (over
     * {@code steps[p]} steps; scaled in place by {@code scales[p]} where the head copies do not apply) and returns
     * the input gradient of each projection whose {@code wantInput[p]} is set, null for the others.
     */
    static INDArray[] backward(HeadProjection[] ps, INDArray[] dHeads, long batch, long[] steps, double[] scales, boolean[] wantInput,
            LayerContext ctx) {
        HeadProjection.Backward[] gs = new HeadProjection.Backward[ps.length];
        INDArray[] inputs = new INDArray[ps.length];
        boolean together = applies();
        for (int p = 0; p < ps.length; p++) {
            gs[p] = ps[p].prepareBackward(dHeads[p], batch, steps[p], scales[p], wantInput[p], ctx);
            inputs[p] = ps[p].input(ctx);
            together &= HeadBlocks.applies(dHeads[p], gs[p].dp(), gs[p].dx(), inputs[p]);
        }
        if (together) {
            BatchedMatMul.forEntries(ps.length, i -> ps[i].compute(gs[i], inputs[i]));
        } else {
            for (int p = 0; p < ps.length; p++) {
                ps[p].compute(gs[p], inputs[p]);
            }
        }
        INDArray[] dx = new INDArray[ps.length];
        for (int p = 0; p < ps.length; p++) {
            dx[p] = ps[p].finish(gs[p], ctx);
        }
        return dx;
    }
}
