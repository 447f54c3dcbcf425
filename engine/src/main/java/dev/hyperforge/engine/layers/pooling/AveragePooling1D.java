package dev.hyperforge.engine.layers.pooling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.Conv1DOps;
import dev.hyperforge.engine.kernels.Conv2DOps;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.convolutional.ConvArgs;

/**
 * 1-D average pooling over {@code (batch, steps, channels)}: the mean of each {@code pool_size} steps,
 * moved by {@code strides} (default: the pool size). With {@code "same"} padding the output has
 * {@code ceil(steps / strides)} steps and a border window averages only its real steps (Keras semantics).
 *
 * <pre>{@code
 * Tensor p = new AveragePooling1D(2, 2, "valid").call(conv);   // (None, 100, 64) -> (None, 50, 64)
 * }</pre>
 */
public final class AveragePooling1D extends Layer {
    private final int poolSize;
    private final int strides;
    private final boolean same;

    /**
     * @param poolSize window length (positive)
     * @param strides step between windows (positive)
     * @param padding "valid" or "same"
     */
    public AveragePooling1D(int poolSize, int strides, String padding) {
        this.poolSize = ConvArgs.positive("AveragePooling1D", "pool_size", poolSize);
        this.strides = ConvArgs.positive("AveragePooling1D", "strides", strides);
        this.same = ConvArgs.same("AveragePooling1D", padding);
    }

    /** Non-overlapping windows of {@code poolSize} steps, padding "valid". */
    public AveragePooling1D(int poolSize) {
        this(poolSize, poolSize, "valid");
    }

    @Override
    public String type() {
        return "AveragePooling1D";
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
        INDArray x4 = Conv2DOps.prepare(x, x.dataType()).reshape('c', x.size(0), 1, x.size(1), x.size(2));
        ctx.save("x4", x4);
        INDArray out = AveragePooling2D.pool(x4, window(), stride(), same, ctx);
        return out.reshape('c', out.size(0), out.size(2), out.size(3));
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        INDArray x4 = ctx.get("x4");
        INDArray g4 = gradOutput.reshape(gradOutput.size(0), 1, gradOutput.size(1), gradOutput.size(2));
        INDArray gx = AveragePooling2D.poolBackward(x4, g4, window(), stride(), same, ctx);
        return List.of(gx.reshape('c', x4.size(0), x4.size(2), x4.size(3)));
    }

    private int[] window() {
        return new int[] {1, poolSize};
    }

    private int[] stride() {
        return new int[] {1, strides};
    }

    /** Rebuilds from {@link #arguments()} (Keras names; strides null or absent means pool_size). */
    public static Layer fromConfig(Map<String, Object> args) {
        ConvArgs a = new ConvArgs("AveragePooling1D", 1, args);
        int pool = a.single("pool_size", 2);
        return new AveragePooling1D(pool, a.single("strides", pool), a.padding());
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pool_size", ConvArgs.list(poolSize));
        m.put("strides", ConvArgs.list(strides));
        m.put("padding", ConvArgs.paddingName(same));
        m.put("data_format", "channels_last");
        return m;
    }
}
