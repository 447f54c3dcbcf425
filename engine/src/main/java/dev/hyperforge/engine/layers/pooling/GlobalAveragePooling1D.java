package dev.hyperforge.engine.layers.pooling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastCopyOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.hyperforge.engine.layers.convolutional.ConvArgs;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.Conv1DOps;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Mean over all steps of a {@code (batch, steps, channels)} sequence (Keras
 * {@code GlobalAveragePooling1D}): rank 3 in, {@code (batch, channels)} out (or
 * {@code (batch, 1, channels)} with {@code keepdims}). Works for sequences of unknown length. When the
 * input carries a mask (from {@code Embedding(mask_zero=true)}, {@code Masking}, ...) the mean is over the
 * unmasked steps only, as in Keras, so padding does not dilute it; a sequence with no unmasked step gives
 * zeros (Keras divides by zero there). The mask stops here.
 *
 * <pre>{@code
 * Tensor features = new GlobalAveragePooling1D().call(conv);   // (None, None, 256) -> (None, 256)
 * }</pre>
 */
public final class GlobalAveragePooling1D extends Layer {
    private final boolean keepdims;

    /** Reduces the steps axis away. */
    public GlobalAveragePooling1D() {
        this(false);
    }

    /** @param keepdims keep the steps axis with length 1 */
    public GlobalAveragePooling1D(boolean keepdims) {
        this.keepdims = keepdims;
    }

    @Override
    public String type() {
        return "GlobalAveragePooling1D";
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        return Conv1DOps.globalOutputShape(this, in.get(0), keepdims);
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        ctx.save("x", x);
        INDArray mask = ctx.inputMask(0);
        if (mask == null) {
            return x.mean(keepdims, 1);
        }
        long b = x.size(0);
        long t = x.size(1);
        INDArray m = mask.dataType() == x.dataType() ? mask : mask.castTo(x.dataType());
        // the number of unmasked steps per sample (at least 1), broadcast over the channels
        INDArray count = Transforms.max(m.sum(1), 1.0, false).reshape(b, 1);
        INDArray weights = m.divColumnVector(count).reshape(b, t, 1);
        ctx.save("weights", weights);
        INDArray sum = x.mul(weights.broadcast(x.shape())).sum(keepdims, 1);
        return sum;
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        long[] shape = ctx.get("x").shape();
        INDArray g = gradOutput.reshape(shape[0], 1, shape[2]);
        if (ctx.inputMask(0) != null) {
            return List.of(g.broadcast(shape).mul(ctx.get("weights").broadcast(shape)));
        }
        // each step's gradient is the output gradient over the steps, copied into a reused array (the same
        // values as dividing a broadcast copy: the division is elementwise)
        INDArray dx = ctx.reusable("dx", gradOutput.dataType(), shape);
        Nd4j.exec(new BroadcastCopyOp(dx, gradOutput.reshape(shape[0], shape[2]).div(shape[1]), dx, 0, 2));
        return List.of(dx);
    }

    /** Rebuilds from {@link #arguments()}. */
    public static Layer fromConfig(Map<String, Object> args) {
        return new GlobalAveragePooling1D(new ConvArgs("GlobalAveragePooling1D", 1, args).args().bool("keepdims", false));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data_format", "channels_last");
        m.put("keepdims", keepdims);
        return m;
    }
}
