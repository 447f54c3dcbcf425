package dev.hyperforge.engine.layers.pooling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.convolutional.ConvArgs;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.Conv1DOps;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Mean over all steps of a {@code (batch, steps, channels)} sequence (Keras
 * {@code GlobalAveragePooling1D}, without masking): rank 3 in, {@code (batch, channels)} out (or
 * {@code (batch, 1, channels)} with {@code keepdims}). Works for sequences of unknown length.
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
        return x.mean(keepdims, 1);
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        long[] shape = ctx.get("x").shape();
        INDArray g = gradOutput.reshape(shape[0], 1, shape[2]);
        return List.of(g.broadcast(shape).divi(shape[1]));
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
