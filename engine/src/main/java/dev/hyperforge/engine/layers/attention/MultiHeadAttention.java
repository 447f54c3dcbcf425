package dev.hyperforge.engine.layers.attention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.AttentionMath;
import dev.hyperforge.engine.kernels.BatchedMatMul;
import dev.hyperforge.engine.kernels.HeadBlocks;
import dev.hyperforge.engine.kernels.MatMul;
import dev.hyperforge.engine.kernels.Numerics;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.core.Dropout;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * Multi-head dot-product attention, as Keras 3's {@code MultiHeadAttention} with its default attention axes:
 * the query {@code (B, T, Dq)}, value {@code (B, S, Dv)} and optional key {@code (B, S, Dk)} (the value when
 * absent) are projected per head, {@code softmax(Q·Kᵀ / sqrt(key_dim))} weighs the projected values, and the
 * heads are projected back to {@code Dq} features (or {@code output_shape}). Output {@code (B, T, Dq)}.
 *
 * <p>Inputs, in order: query, value, key (optional), and with {@code use_attention_mask} last an attention mask
 * {@code (B, T, S)} of 0/1 (Keras' {@code attention_mask} call argument; 1 = may attend). Self-attention passes
 * the same tensor as query and value. Keras' call arguments become arguments of the layer here:
 * {@code use_causal_mask} (query position {@code i} attends to key positions {@code j <= i}) and
 * {@code use_attention_mask}. Masks carried by the inputs count too: the query's masks query rows, the
 * value's and the key's mask key positions (so padding from {@code mask_zero} is never attended to), and the
 * output carries the query's mask. As in Keras all masks are combined with a logical and, masked positions get zero
 * weight, and a query row with nothing to attend to gets zero weights (its output is the output bias).
 * {@code dropout} drops attention weights while training.
 *
 * <p>Parameters, in Keras order and shapes: {@code query_kernel (Dq, heads, key_dim)}, {@code query_bias
 * (heads, key_dim)}, {@code key_kernel (Dk, heads, key_dim)}, {@code key_bias}, {@code value_kernel (Dv, heads,
 * value_dim)}, {@code value_bias (heads, value_dim)}, {@code attention_output_kernel (heads, value_dim, out)},
 * {@code attention_output_bias (out)}; kernels Glorot-uniform with Keras' fans, biases zero.
 *
 * <pre>{@code
 * Tensor x = ...;                                                      // (None, 200, 32)
 * Tensor a = new MultiHeadAttention(2, 32).call(x, x);                 // self-attention, (None, 200, 32)
 * Tensor c = MultiHeadAttention.builder(4, 16).useCausalMask(true).build().call(x, x);
 * }</pre>
 */
public final class MultiHeadAttention extends Layer {
    private final int numHeads;
    private final int keyDim;
    private final int valueDim;
    private final double dropout;
    private final boolean useBias;
    private final Integer outputDim;
    private final boolean useCausalMask;
    private final boolean useAttentionMask;
    private HeadProjection query;
    private HeadProjection key;
    private HeadProjection value;
    private Param outKernel;
    private Param outBias;

    /** {@code num_heads} heads of width {@code key_dim} (also the value width), Keras' other defaults. */
    public MultiHeadAttention(int numHeads, int keyDim) {
        this(builder(numHeads, keyDim));
    }

    private MultiHeadAttention(Builder b) {
        String t = "MultiHeadAttention: ";
        if (b.numHeads <= 0 || b.keyDim <= 0 || b.valueDim != null && b.valueDim <= 0) {
            throw new IllegalArgumentException(t + "num_heads, key_dim and value_dim must be positive, received num_heads " + b.numHeads
                    + ", key_dim " + b.keyDim + ", value_dim " + b.valueDim);
        }
        if (!(b.dropout >= 0 && b.dropout < 1)) {
            throw new IllegalArgumentException(t + "dropout must be in [0, 1), received " + b.dropout);
        }
        if (b.outputDim != null && b.outputDim <= 0) {
            throw new IllegalArgumentException(t + "output_shape must be positive, received " + b.outputDim);
        }
        this.numHeads = b.numHeads;
        this.keyDim = b.keyDim;
        this.valueDim = b.valueDim == null ? b.keyDim : b.valueDim;
        this.dropout = b.dropout;
        this.useBias = b.useBias;
        this.outputDim = b.outputDim;
        this.useCausalMask = b.useCausalMask;
        this.useAttentionMask = b.useAttentionMask;
    }

    /** A builder with Keras' defaults: value_dim = key_dim, no dropout, biases, output of the query's width. */
    public static Builder builder(int numHeads, int keyDim) {
        return new Builder(numHeads, keyDim);
    }

    @Override
    public String type() {
        return "MultiHeadAttention";
    }

    /** The output carries the query's mask, as in Keras. */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public int arity() {
        return -1;
    }

    private boolean hasKey(int inputCount) {
        return inputCount - (useAttentionMask ? 1 : 0) == 3;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        int tensors = in.size() - (useAttentionMask ? 1 : 0);
        if (tensors < 2 || tensors > 3) {
            throw error("takes query, value, an optional key" + (useAttentionMask ? " and the attention mask (use_attention_mask)" : "")
                    + " as inputs, received " + in.size() + " input" + (in.size() == 1 ? "" : "s")
                    + (tensors < 2 ? "; for self-attention pass the same tensor as query and value (in an experiment file: inputs: [x, x])" : ""));
        }
        String[] roles = {"query", "value", "key"};
        for (int i = 0; i < tensors; i++) {
            Shape s = in.get(i);
            if (s.rank() != 3 || s.dim(-1) == Shape.UNKNOWN) {
                throw shapeError(roles[i] + " of rank 3 (batch, steps, features) with known features", s, null);
            }
        }
        Shape q = in.get(0);
        Shape v = in.get(1);
        if (tensors == 3 && !sameOrUnknown(v.dim(1), in.get(2).dim(1))) {
            throw error("needs value and key of the same number of steps, received value " + v + " and key " + in.get(2));
        }
        if (useAttentionMask) {
            Shape m = in.get(in.size() - 1);
            if (m.rank() != 3 || !sameOrUnknown(m.dim(1), q.dim(1)) || !sameOrUnknown(m.dim(2), v.dim(1))) {
                throw shapeError("an attention mask (batch, query steps, value steps) = " + Shape.of(Shape.UNKNOWN, q.dim(1), v.dim(1)), m,
                        "it is the last input when use_attention_mask is true");
            }
        }
        return q.with(-1, outputDim == null ? q.dim(-1) : outputDim);
    }

    private static boolean sameOrUnknown(int a, int b) {
        return a == Shape.UNKNOWN || b == Shape.UNKNOWN || a == b;
    }

    @Override
    protected void buildParams(List<Shape> in, ParamInit init) {
        int dq = in.get(0).dim(-1);
        int dv = in.get(1).dim(-1);
        int dk = hasKey(in.size()) ? in.get(2).dim(-1) : dv;
        int out = outputDim == null ? dq : outputDim;
        query = projection("query", dq, keyDim, init);
        key = projection("key", dk, keyDim, init);
        value = projection("value", dv, valueDim, init);
        // Keras' fans of a (heads, value_dim, out) kernel: fan_in = heads · value_dim, fan_out = heads · out
        outKernel = addParam("attention_output_kernel", init.glorotUniform((long) numHeads * valueDim, (long) numHeads * out,
                numHeads, valueDim, out), true);
        outBias = useBias ? addParam("attention_output_bias", init.zeros(out), true) : null;
    }

    private HeadProjection projection(String name, int inDim, int headDim, ParamInit init) {
        // Keras' fans of a (in, heads, dim) kernel: fan_in = in · heads, fan_out = in · dim
        Param k = addParam(name + "_kernel", init.glorotUniform((long) inDim * numHeads, (long) inDim * headDim, inDim, numHeads, headDim), true);
        Param b = useBias ? addParam(name + "_bias", init.zeros(numHeads, headDim), true) : null;
        return new HeadProjection(name, numHeads, headDim, k, b);
    }

    private int out() {
        return (int) outKernel.value().size(2);
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray q = inputs.get(0);
        INDArray v = inputs.get(1);
        INDArray k = hasKey(inputs.size()) ? inputs.get(2) : v;
        DataType dt = q.dataType();
        long b = q.size(0);
        long t = q.size(1);
        long s = v.size(1);
        long bh = b * numHeads;
        INDArray[] projected = ConcurrentProjections.forward(new HeadProjection[] {query, key, value}, new INDArray[] {q, k, v},
                new double[] {1 / Math.sqrt(keyDim), 1, 1}, ctx);
        INDArray qh = projected[0];
        INDArray kh = projected[1];
        INDArray vh = projected[2];
        INDArray scores = product(ctx, "scores").multiply(qh, kh, false, true, ctx.reusable("scores", dt, bh, t, s));
        INDArray mask = AttentionMasks.combined(this, inputs, ctx, useAttentionMask, useCausalMask, hasKey(inputs.size()));
        INDArray expanded = mask == null ? null : AttentionMath.expandOverHeads(mask, numHeads, ctx.reusable("mask_heads", dt, bh, t, s));
        // nothing reads the scores after the softmax: the probabilities overwrite them in training too (one
        // 4·B·H·T·S-byte array less to write and keep in the caches; the same bits, engine/BENCHMARK.md round 10b)
        INDArray probs = AttentionMath.maskedSoftmax(scores, expanded, scores);
        INDArray used = probs;
        if (ctx.training() && dropout > 0) {
            INDArray drop = Dropout.mask(dt, dropout, ctx.random(), bh, t, s);
            ctx.save("drop", drop);
            used = ctx.reusable("used", dt, bh, t, s);
            Nd4j.exec(new MulOp(probs, drop, used));
        }
        INDArray heads = product(ctx, "context").multiply(used, vh, false, false, ctx.reusable("context", dt, bh, t, valueDim));
        INDArray merged = ctx.reusable("merged", dt, b * t, (long) numHeads * valueDim);
        if (!HeadBlocks.merge(heads, 1, b, t, numHeads, valueDim, merged)) {
            AttentionMath.mergeHeads(heads, b, t, numHeads, valueDim, merged);
        }
        INDArray out = MatMul.mmInto(merged, outKernel2(), false, false, ctx.reusable("out", dt, b * t, out()));
        if (useBias) {
            out.addiRowVector(outBias.value());
        }
        ctx.save("qh", qh);
        ctx.save("kh", kh);
        ctx.save("vh", vh);
        ctx.save("probs", probs);
        ctx.save("used", used);
        ctx.save("merged", merged);
        ctx.save("heads", heads);
        ctx.setExtra(inputs.size());
        return out.reshape('c', b, t, out());
    }

    /** The batched product of one call site, its op contexts kept across passes (same bits as {@link AttentionMath#bmm}). */
    private static BatchedMatMul product(LayerContext ctx, String key) {
        return ctx.keep(key + "_product", BatchedMatMul::new);
    }

    private INDArray outKernel2() {
        return outKernel.value().reshape('c', (long) numHeads * valueDim, out());
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        INDArray qh = ctx.get("qh");
        INDArray kh = ctx.get("kh");
        INDArray vh = ctx.get("vh");
        INDArray probs = ctx.get("probs");
        INDArray used = ctx.get("used");
        INDArray merged = ctx.get("merged");
        DataType dt = qh.dataType();
        long bh = qh.size(0);
        long b = bh / numHeads;
        long t = qh.size(1);
        long s = kh.size(1);
        INDArray g2 = gradOutput.reshape('c', b * t, out());
        INDArray gk = outKernel.gradTarget();
        MatMul.mmInto(merged, g2, true, false, gk.reshape('c', (long) numHeads * valueDim, out()));
        outKernel.finishGrad(gk);
        if (useBias) {
            INDArray gb = outBias.gradTarget();
            MatMul.columnSumsInto(g2, gb);
            outBias.finishGrad(gb);
        }
        INDArray dMerged = MatMul.mmInto(g2, outKernel2(), false, true, ctx.reusable("d_merged", dt, b * t, (long) numHeads * valueDim));
        INDArray dHeads = ctx.reusable("d_context", dt, bh, t, valueDim);
        if (!HeadBlocks.split(dMerged, null, 1, b, t, numHeads, valueDim, dHeads)) {
            AttentionMath.splitHeads(dMerged, b, t, numHeads, valueDim, dHeads);
        }
        boolean v3 = Numerics.current().atLeast(Numerics.V3);
        boolean dropping = ctx.training() && dropout > 0;
        INDArray dUsed = ctx.reusable("d_probs", dt, bh, t, s);
        INDArray dVh = ctx.reusable("d_vheads", dt, bh, s, valueDim);
        INDArray dQh = ctx.reusable("d_qheads", dt, bh, t, keyDim);
        INDArray dKh = ctx.reusable("d_kheads", dt, bh, s, keyDim);
        // entry by entry the score gradient overwrites the probabilities' gradient in place (each row is read into a
        // Java array before its result is written); the ops' path below has an array of its own
        if (!(v3 && !dropping && EntryBackward.run(ctx, dHeads, vh, used, probs, ctx.get("heads"), qh, kh, dUsed, dVh, dUsed, dQh, dKh))) {
            INDArray dScores = ctx.reusable("d_scores", dt, bh, t, s);
            product(ctx, "d_probs").multiply(dHeads, vh, false, true, dUsed);
            product(ctx, "d_vheads").multiply(used, dHeads, true, false, dVh);
            if (dropping) {
                dUsed.muli(ctx.get("drop"));
            }
            if (v3) {
                AttentionMath.softmaxBackwardFromContext(probs, dUsed, ctx.get("heads"), dHeads, dScores);
            } else {
                AttentionMath.softmaxBackward(probs, dUsed, dScores);
            }
            product(ctx, "d_qheads").multiply(dScores, kh, false, false, dQh);
            product(ctx, "d_kheads").multiply(dScores, qh, true, false, dKh);
        }
        int inputCount = ctx.<Integer>extra();
        boolean withKey = hasKey(inputCount);
        List<INDArray> grads = new ArrayList<>(Arrays.asList(new INDArray[inputCount]));
        INDArray[] dx = ConcurrentProjections.backward(new HeadProjection[] {query, value, key}, new INDArray[] {dQh, dVh, dKh}, b,
                new long[] {t, s, s}, new double[] {1 / Math.sqrt(keyDim), 1, 1},
                new boolean[] {ctx.needsInputGradient(0), ctx.needsInputGradient(1), withKey ? ctx.needsInputGradient(2) : ctx.needsInputGradient(1)},
                ctx);
        grads.set(0, dx[0]);
        INDArray dv = dx[1];
        INDArray dk = dx[2];
        if (withKey) {
            grads.set(2, dk);
        } else if (dv != null) {
            dv.addi(dk);
        }
        grads.set(1, dv);
        return grads;
    }

    /** Rebuilds from {@link #arguments()}. */
    public static Layer fromConfig(Map<String, Object> args) {
        LayerArgs a = new LayerArgs("MultiHeadAttention", args);
        Object axes = args == null ? null : args.get("attention_axes");
        if (axes != null && !(axes instanceof List<?> l && l.size() == 1 && l.get(0) instanceof Number n && n.intValue() == 1)
                && !(axes instanceof Number n1 && n1.intValue() == 1)) {
            throw new IllegalArgumentException("MultiHeadAttention: only the default attention_axes (null: the steps axis of rank-3 inputs) "
                    + "is supported, received " + axes);
        }
        int[] outShape = a.ints("output_shape", 1, null);
        if (outShape != null && outShape.length != 1) {
            throw new IllegalArgumentException("MultiHeadAttention: output_shape must be one size (the output features), received "
                    + Arrays.toString(outShape));
        }
        Builder b = builder(a.integer("num_heads"), a.integer("key_dim"))
                .dropout(a.number("dropout", 0.0)).useBias(a.bool("use_bias", true))
                .useCausalMask(a.bool("use_causal_mask", false)).useAttentionMask(a.bool("use_attention_mask", false));
        if (args != null && args.get("value_dim") != null) {
            b.valueDim(a.integer("value_dim"));
        }
        if (outShape != null) {
            b.outputShape(outShape[0]);
        }
        return b.build();
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("num_heads", numHeads);
        m.put("key_dim", keyDim);
        m.put("value_dim", valueDim);
        m.put("dropout", dropout);
        m.put("use_bias", useBias);
        m.put("output_shape", outputDim == null ? null : new ArrayList<>(List.of(outputDim)));
        m.put("attention_axes", null);
        m.put("use_causal_mask", useCausalMask);
        m.put("use_attention_mask", useAttentionMask);
        return m;
    }

    /** Validating builder of a {@link MultiHeadAttention}; Keras' argument names. */
    public static final class Builder {
        private final int numHeads;
        private final int keyDim;
        private Integer valueDim;
        private double dropout;
        private boolean useBias = true;
        private Integer outputDim;
        private boolean useCausalMask;
        private boolean useAttentionMask;

        private Builder(int numHeads, int keyDim) {
            this.numHeads = numHeads;
            this.keyDim = keyDim;
        }

        /** Width of each value head ({@code value_dim}); default key_dim. */
        public Builder valueDim(int v) {
            valueDim = v;
            return this;
        }

        /** Dropout rate of the attention weights while training. */
        public Builder dropout(double rate) {
            dropout = rate;
            return this;
        }

        /** Whether the projections have biases. */
        public Builder useBias(boolean b) {
            useBias = b;
            return this;
        }

        /** Output features ({@code output_shape}); default the query's features. */
        public Builder outputShape(int features) {
            outputDim = features;
            return this;
        }

        /** Whether query position i attends only to key positions j &lt;= i. */
        public Builder useCausalMask(boolean b) {
            useCausalMask = b;
            return this;
        }

        /** Whether the last input is an attention mask (batch, query steps, value steps). */
        public Builder useAttentionMask(boolean b) {
            useAttentionMask = b;
            return this;
        }

        /** The layer. */
        public MultiHeadAttention build() {
            return new MultiHeadAttention(this);
        }
    }
}
