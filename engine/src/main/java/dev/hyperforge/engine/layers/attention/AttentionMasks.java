package dev.hyperforge.engine.layers.attention;

import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.kernels.AttentionMath;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * The attention mask of one {@link MultiHeadAttention} call, as Keras 3 computes it: the logical and of the
 * explicit attention mask {@code (B, T, S)}, the query's mask as {@code (B, T, 1)}, the value's and the key's
 * masks as {@code (B, 1, S)}, and the causal lower triangle {@code (1, T, S)}; null when none applies.
 */
final class AttentionMasks {
    private AttentionMasks() {
    }

    /**
     * @return a 0/1 array {@code (B, T, S)} of the query's type, or null for no mask
     */
    static INDArray combined(Layer layer, List<INDArray> inputs, LayerContext ctx, boolean explicit, boolean causal, boolean hasKey) {
        INDArray q = inputs.get(0);
        INDArray v = inputs.get(1);
        DataType dt = q.dataType();
        long b = q.size(0);
        long t = q.size(1);
        long s = v.size(1);
        INDArray m = null;
        if (explicit) {
            INDArray given = inputs.get(inputs.size() - 1);
            if (given.rank() != 3 || given.size(0) != b || given.size(1) != t || given.size(2) != s) {
                throw layer.error("expects an attention mask of shape " + Arrays.toString(new long[] {b, t, s})
                        + " (batch, query steps, value steps), received " + Arrays.toString(given.shape()));
            }
            m = given.neq(0).castTo(dt);
        }
        m = and(m, inputMasks(ctx, hasKey, b, t, s, dt));
        if (causal) {
            m = and(m, AttentionMath.causalMask(dt, (int) t, (int) s).reshape('c', 1, t, s).broadcast(b, t, s));
        }
        return m;
    }

    /** The and of the inputs' own masks (query, value, key), or null. */
    private static INDArray inputMasks(LayerContext ctx, boolean hasKey, long b, long t, long s, DataType dt) {
        INDArray m = null;
        INDArray qm = ctx.inputMask(0);
        if (qm != null) {
            m = and(m, cast(qm, dt).reshape('c', b, t, 1).broadcast(b, t, s));
        }
        INDArray vm = ctx.inputMask(1);
        if (vm != null) {
            m = and(m, cast(vm, dt).reshape('c', b, 1, s).broadcast(b, t, s));
        }
        INDArray km = hasKey ? ctx.inputMask(2) : null;
        if (km != null) {
            m = and(m, cast(km, dt).reshape('c', b, 1, s).broadcast(b, t, s));
        }
        return m;
    }

    private static INDArray cast(INDArray mask, DataType dt) {
        return mask.dataType() == dt ? mask : mask.castTo(dt);
    }

    private static INDArray and(INDArray m, INDArray other) {
        if (other == null) {
            return m;
        }
        return m == null ? other.dup('c') : m.muli(other);
    }
}
