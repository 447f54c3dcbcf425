package dev.hyperforge.engine.kernels;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The array operations of multi-head dot-product attention, batched over batch and heads so that each step
 * is one libnd4j op: splitting a projection {@code (batch·steps, heads·dim)} into per-head blocks
 * {@code (batch·heads, steps, dim)} and merging them back, batched matrix products, the softmax over the
 * last axis with an optional 0/1 mask (masked scores get no weight; a fully masked row gets all zeros, as
 * Keras' masked softmax gives), its backward, and dropout masks. Every method writes into an array the
 * caller supplies (a {@code LayerContext} reusable one), so a training step allocates nothing per batch
 * beyond ND4J's own temporaries.
 *
 * <pre>{@code
 * AttentionMath.splitHeads(qProj, batch, steps, heads, keyDim, qHeads);         // (B·H, T, K)
 * AttentionMath.bmm(qHeads, kHeads, false, true, scores);                       // (B·H, T, S)
 * AttentionMath.maskedSoftmax(scores, mask, heads, probs);
 * }</pre>
 */
public final class AttentionMath {
    private AttentionMath() {
    }

    /**
     * Copies {@code proj} {@code (batch·steps, heads·dim)} into {@code out} {@code (batch·heads, steps, dim)}:
     * block {@code b·heads + h} holds head {@code h} of sample {@code b}.
     */
    public static INDArray splitHeads(INDArray proj, long batch, long steps, long heads, long dim, INDArray out) {
        if (heads == 1) {
            return out.assign(proj.reshape('c', batch, steps, dim));
        }
        out.reshape('c', batch, heads, steps, dim).assign(proj.reshape('c', batch, steps, heads, dim).permute(0, 2, 1, 3));
        return out;
    }

    /** The inverse of {@link #splitHeads}: {@code (batch·heads, steps, dim)} into {@code out} {@code (batch·steps, heads·dim)}. */
    public static INDArray mergeHeads(INDArray blocks, long batch, long steps, long heads, long dim, INDArray out) {
        if (heads == 1) {
            return out.assign(blocks.reshape('c', batch * steps, dim));
        }
        out.reshape('c', batch, steps, heads, dim).assign(blocks.reshape('c', batch, heads, steps, dim).permute(0, 2, 1, 3));
        return out;
    }

    /** Batched {@code op(a) · op(b)} over the leading axis of rank-3 arrays, written into {@code out}. */
    public static INDArray bmm(INDArray a, INDArray b, boolean transposeA, boolean transposeB, INDArray out) {
        MMulTranspose t = MMulTranspose.builder().transposeA(transposeA).transposeB(transposeB).build();
        Nd4j.exec(new Mmul(a, b, out, t));
        return out;
    }

    /**
     * Softmax over the last axis of {@code scores} {@code (batch·heads, T, S)} into {@code out}. With a
     * {@code mask} {@code (batch, T, S)} of 0/1 (shared by the heads), masked scores are first lowered by a
     * large number and the probabilities then multiplied by the mask, as Keras' {@code Softmax} does with a
     * mask: masked positions get exactly zero, and a row with every position masked is all zeros.
     *
     * @param expandedMask the mask repeated over the heads {@code (batch·heads, T, S)}, or null for no mask
     */
    public static INDArray maskedSoftmax(INDArray scores, INDArray expandedMask, INDArray out) {
        if (expandedMask != null) {
            // scores + (mask - 1) · 1e9: 0 where kept, -1e9 where masked
            scores.addi(expandedMask.sub(1.0).muli(1e9));
        }
        if (expandedMask != null || scores.dataType() == DataType.DOUBLE) {
            // libnd4j's double softmax gives NaN for rows of large negative scores: shift each row's maximum to 0
            long s = scores.size(-1);
            INDArray rows = scores.reshape('c', scores.length() / s, s);
            rows.subiColumnVector(rows.max(1));
        }
        Nd4j.exec(new SoftMax(scores, out, -1));
        if (expandedMask != null) {
            out.muli(expandedMask);
        }
        return out;
    }

    /**
     * The mask {@code (batch, T, S)} repeated over the heads as {@code (batch·heads, T, S)}, written into
     * {@code out}.
     */
    public static INDArray expandOverHeads(INDArray mask, long heads, INDArray out) {
        long b = mask.size(0);
        long t = mask.size(1);
        long s = mask.size(2);
        out.reshape('c', b, heads, t, s).assign(mask.reshape('c', b, 1, t, s).broadcast(b, heads, t, s));
        return out;
    }

    /**
     * Backward of the softmax over the last axis: {@code dScores = p ⊙ (dp - Σ_last(dp ⊙ p))}, into
     * {@code out}. Masked positions have {@code p = 0} and so get no gradient.
     */
    public static INDArray softmaxBackward(INDArray probs, INDArray dProbs, INDArray out) {
        if (probs.dataType() == DataType.FLOAT && dProbs.dataType() == DataType.FLOAT && out.dataType() == DataType.FLOAT
                && contiguous(probs) && contiguous(dProbs) && contiguous(out) && probs.length() <= Integer.MAX_VALUE) {
            return softmaxBackwardFloat(probs, dProbs, out);
        }
        return softmaxBackwardOps(probs, dProbs, out);
    }

    /** {@link #softmaxBackward} through libnd4j ops: five passes over the arrays. */
    static INDArray softmaxBackwardOps(INDArray probs, INDArray dProbs, INDArray out) {
        long rows = probs.length() / probs.size(-1);
        long s = probs.size(-1);
        INDArray p2 = probs.reshape('c', rows, s);
        INDArray d2 = dProbs.reshape('c', rows, s);
        INDArray o2 = out.reshape('c', rows, s);
        Nd4j.exec(new MulOp(d2, p2, o2));
        INDArray dot = o2.sum(1);
        o2.assign(d2).subiColumnVector(dot).muli(p2);
        return out;
    }

    /**
     * {@link #softmaxBackward} of float arrays in one pass per row, the rows shared out among the kernel threads. It
     * gives the ops' bits: libnd4j's float sum along a contiguous row adds the products {@code dp·p} (each
     * rounded to float) one after the other from the first, as the loop here does, and the rest is elementwise.
     */
    static INDArray softmaxBackwardFloat(INDArray probs, INDArray dProbs, INDArray out) {
        int s = Math.toIntExact(probs.size(-1));
        int rows = Math.toIntExact(probs.length() / s);
        FloatBuffer p = probs.data().asNioFloat();
        FloatBuffer d = dProbs.data().asNioFloat();
        FloatBuffer o = out.data().asNioFloat();
        Parallel.forRowsShared(rows, 3L * s, (from, to) -> {
            for (int r = from; r < to; r++) {
                int start = r * s;
                int end = start + s;
                float dot = 0f;
                for (int j = start; j < end; j++) {
                    dot += d.get(j) * p.get(j);
                }
                for (int j = start; j < end; j++) {
                    o.put(j, (d.get(j) - dot) * p.get(j));
                }
            }
        });
        return out;
    }

    /**
     * Backward of the softmax at numerics level {@link Numerics#V3}: {@code dScores = p ⊙ (dp - r)} as
     * {@link #softmaxBackward}, with each row's {@code r = Σ_j dp_ij·p_ij} taken from the context instead, {@code r_i
     * = Σ_v dO_iv·O_iv}, where {@code O = used·V} is the context of the heads and {@code dO} its gradient (the two are
     * equal: {@code dp = (dO·Vᵀ) ⊙ m} and {@code used = p ⊙ m} for a dropout mask {@code m}, or {@code m = 1}). That
     * row dot runs over the value width (32) instead of the key steps (200), and the rest is one elementwise pass.
     * Float arrays take Java loops over row blocks copied into Java arrays (which the JIT vectorises), shared out among
     * the kernel threads; other arrays take libnd4j ops. The sums are ordered differently from the level-2
     * backward's, so the bits differ from it.
     *
     * @param context {@code O}, {@code (batch·heads, T, value_dim)}
     * @param dContext {@code dO}, the same shape
     */
    public static INDArray softmaxBackwardFromContext(INDArray probs, INDArray dProbs, INDArray context, INDArray dContext, INDArray out) {
        if (HeadBlocks.applies(probs, dProbs, context, dContext, out)) {
            return ContextSoftmaxBackward.run(probs, dProbs, context, dContext, out);
        }
        long s = probs.size(-1);
        long rows = probs.length() / s;
        INDArray r = dContext.mul(context).sum(-1).reshape('c', rows, 1);
        out.reshape('c', rows, s).assign(dProbs.reshape('c', rows, s)).subiColumnVector(r).muli(probs.reshape('c', rows, s));
        return out;
    }

    private static boolean contiguous(INDArray x) {
        return HostArrays.isDenseC(x);
    }

    /**
     * The causal mask {@code (T, S)}: 1 where key position {@code j <= i}, the query position, as Keras'
     * {@code use_causal_mask} (a lower triangle, also when {@code T != S}).
     */
    public static INDArray causalMask(DataType dtype, int t, int s) {
        double[] v = new double[Math.multiplyExact(t, s)];
        for (int i = 0; i < t; i++) {
            java.util.Arrays.fill(v, i * s, i * s + Math.min(i + 1, s), 1.0);
        }
        return Nd4j.create(v, new long[] {t, s}, DataType.DOUBLE).castTo(dtype);
    }
}
