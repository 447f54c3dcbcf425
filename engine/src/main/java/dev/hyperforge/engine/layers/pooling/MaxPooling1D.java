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
 * Max pooling over the steps of a {@code (batch, steps, channels)} sequence (Keras {@code MaxPooling1D},
 * channels last); the output keeps rank 3. Strides default to the pool size. With padding "valid" a
 * window longer than a known input fails when the layer is called, naming the layer, the window and
 * the received shape. Runs on the native libnd4j {@code maxpool2d} op over a {@code (batch, 1, steps,
 * channels)} view, backward on {@code maxpool2d_bp}; after a relu layer the backward pass folds in relu's
 * gradient ({@code ReluLinks}).
 *
 * <pre>{@code
 * Tensor p = new MaxPooling1D(5).named("pool_1").call(conv);   // (None, 96, 128) -> (None, 19, 128)
 * Tensor q = new MaxPooling1D(2, 1, "same").call(conv);        // length kept
 * }</pre>
 */
public final class MaxPooling1D extends Layer {
    private final int poolSize;
    private final int strides;
    private final boolean same;

    /** Pool size 2, strides 2, padding "valid" (the Keras defaults). */
    public MaxPooling1D() {
        this(2);
    }

    /** Non-overlapping windows of {@code poolSize} steps, padding "valid". */
    public MaxPooling1D(int poolSize) {
        this(poolSize, poolSize, "valid");
    }

    /**
     * @param poolSize window length (positive)
     * @param strides step between windows (positive)
     * @param padding "valid" or "same" (output length ceil(steps / strides))
     */
    public MaxPooling1D(int poolSize, int strides, String padding) {
        this.poolSize = ConvArgs.positive("MaxPooling1D", "pool_size", poolSize);
        this.strides = ConvArgs.positive("MaxPooling1D", "strides", strides);
        this.same = ConvArgs.same("MaxPooling1D", padding);
    }

    @Override
    public String type() {
        return "MaxPooling1D";
    }

    /** The window length. */
    public int poolSize() {
        return poolSize;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        int steps = Conv1DOps.checkWindow(this, s, "pool_size " + poolSize, poolSize, strides, 1, same);
        return Shape.of(Shape.UNKNOWN, steps, s.dim(2));
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        Conv1DOps.checkSteps(this, x, "pool_size " + poolSize, poolSize, 1, same);
        ctx.save("x", x);
        ctx.setExtra(strides >= poolSize && ReluLinks.isReluOutput(x));   // overlapping windows add gradients up: no fold
        INDArray y = Conv1DOps.maxPool(x, poolSize, strides, same, ctx);
        ctx.save("y", y);
        return y;
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        return List.of(Conv1DOps.maxPoolBp(ctx.get("x"), ctx.get("y"), gradOutput, poolSize, strides, same, ctx.<Boolean>extra(), ctx));
    }

    /** Rebuilds from {@link #arguments()} (Keras names; strides null or absent means pool_size). */
    public static Layer fromConfig(Map<String, Object> args) {
        ConvArgs a = new ConvArgs("MaxPooling1D", 1, args);
        int pool = a.single("pool_size", 2);
        return new MaxPooling1D(pool, a.single("strides", pool), a.padding());
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pool_size", ConvArgs.list(poolSize));
        m.put("strides", ConvArgs.list(strides));
        m.put("padding", same ? "same" : "valid");
        m.put("data_format", "channels_last");
        return m;
    }
}
