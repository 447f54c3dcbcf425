package dev.hyperforge.engine.layers.pooling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.convolutional.ConvArgs;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.Conv1DOps;
import dev.hyperforge.engine.kernels.ReluLinks;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Maximum over all steps of a {@code (batch, steps, channels)} sequence (Keras
 * {@code GlobalMaxPooling1D}): rank 3 in, {@code (batch, channels)} out (or {@code (batch, 1, channels)}
 * with {@code keepdims}). Works for sequences of unknown length. The gradient of each channel goes to
 * its arg-max step (the first one on ties), as max pooling with a window spanning the whole sequence
 * ({@code Conv1DOps.maxPoolBp}, in Java); after a relu layer relu's gradient is folded in ({@code ReluLinks}).
 *
 * <pre>{@code
 * Tensor features = new GlobalMaxPooling1D().call(conv);   // (None, None, 256) -> (None, 256)
 * Tensor income = new Dense(10, "softmax").named("income").call(features);
 * }</pre>
 */
public final class GlobalMaxPooling1D extends Layer {
    private final boolean keepdims;

    /** Reduces the steps axis away. */
    public GlobalMaxPooling1D() {
        this(false);
    }

    /** @param keepdims keep the steps axis with length 1 */
    public GlobalMaxPooling1D(boolean keepdims) {
        this.keepdims = keepdims;
    }

    @Override
    public String type() {
        return "GlobalMaxPooling1D";
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        return Conv1DOps.globalOutputShape(this, in.get(0), keepdims);
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        ctx.save("x", x);
        ctx.setExtra(ReluLinks.isReluOutput(x));
        INDArray y = x.max(keepdims, 1);
        ctx.save("y", y);
        return y;
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        INDArray x = ctx.get("x");
        int steps = (int) x.size(1);
        INDArray g = gradOutput.reshape(x.size(0), 1, x.size(2));
        INDArray y = ctx.get("y").reshape(x.size(0), 1, x.size(2));
        return List.of(Conv1DOps.maxPoolBp(x, y, g, steps, steps, false, ctx.<Boolean>extra(), ctx));
    }

    /** Rebuilds from {@link #arguments()}. */
    public static Layer fromConfig(Map<String, Object> args) {
        return new GlobalMaxPooling1D(new ConvArgs("GlobalMaxPooling1D", 1, args).args().bool("keepdims", false));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data_format", "channels_last");
        m.put("keepdims", keepdims);
        return m;
    }
}
