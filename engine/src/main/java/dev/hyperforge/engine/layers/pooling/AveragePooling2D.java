package dev.hyperforge.engine.layers.pooling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.Conv2DOps;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.convolutional.ConvArgs;

/**
 * 2-D average pooling over channels-last images {@code (batch, height, width, channels)}: the mean of
 * each {@code pool_size} window, moved by {@code strides} (default: the pool size). With {@code "same"}
 * padding the output is {@code ceil(in / stride)} and a border window averages only its real pixels
 * (Keras semantics: padding never counts in the divisor). Runs libnd4j's {@code avgpool2d} and
 * {@code avgpool2d_bp} with padding excluded.
 *
 * <pre>{@code
 * Tensor p = new AveragePooling2D(2).call(conv);                     // (None, 28, 28, 32) -> (None, 14, 14, 32)
 * Tensor q = new AveragePooling2D(new int[] {3, 3}, new int[] {2, 2}, "same").call(p);
 * }</pre>
 */
public final class AveragePooling2D extends Layer {
    private final int[] poolSize;
    private final int[] strides;
    private final boolean same;

    /**
     * @param poolSize window (ph, pw)
     * @param strides step (sh, sw); null means the pool size
     * @param padding "valid" or "same"
     */
    public AveragePooling2D(int[] poolSize, int[] strides, String padding) {
        this.poolSize = ConvArgs.positive("AveragePooling2D", "pool_size", poolSize, 2);
        this.strides = ConvArgs.positive("AveragePooling2D", "strides", strides == null ? poolSize : strides, 2);
        this.same = ConvArgs.same("AveragePooling2D", padding);
    }

    /** Square window and stride {@code pool}, valid padding. */
    public AveragePooling2D(int pool) {
        this(new int[] {pool, pool}, null, "valid");
    }

    @Override
    public String type() {
        return "AveragePooling2D";
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        requireRank(s, 4, s.rank() == 3 ? "use AveragePooling1D for sequences (batch, steps, channels)" : null);
        return Conv2DOps.windowOutput(this, s, "pool window", poolSize, strides, same, -1,
                "use a smaller pool_size, padding=\"same\", or remove a pooling layer before it");
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = Conv2DOps.prepare(inputs.get(0), inputs.get(0).dataType());
        ctx.save("x", x);
        return pool(x, poolSize, strides, same, ctx);
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        return List.of(poolBackward(ctx.get("x"), gradOutput, poolSize, strides, same, ctx));
    }

    /** Average pooling of a C-ordered NHWC array, padding excluded from the divisor (shared with AveragePooling1D). */
    static INDArray pool(INDArray x, int[] poolSize, int[] strides, boolean same, LayerContext ctx) {
        INDArray out = Conv2DOps.outputLike(x, poolSize, strides, same, x.size(3), ctx, "pool_out");
        Conv2DOps.exec("avgpool2d", new INDArray[] {x}, new INDArray[] {out}, Conv2DOps.poolArgs(poolSize, strides, same));
        return out;
    }

    /** The gradient of {@link #pool}: each output's gradient spread evenly over its window's real elements. */
    static INDArray poolBackward(INDArray x, INDArray gradOutput, int[] poolSize, int[] strides, boolean same, LayerContext ctx) {
        INDArray g = Conv2DOps.prepare(gradOutput, x.dataType());
        INDArray gx = ctx.reusable("pool_dx", x.dataType(), x.shape());
        Conv2DOps.exec("avgpool2d_bp", new INDArray[] {x, g}, new INDArray[] {gx}, Conv2DOps.poolArgs(poolSize, strides, same));
        return gx;
    }

    /** Rebuilds from {@link #arguments()} (Keras config names; {@code strides} null means the pool size). */
    public static Layer fromConfig(Map<String, Object> args) {
        ConvArgs a = new ConvArgs("AveragePooling2D", 2, args);
        int[] pool = a.window("pool_size", new int[] {2, 2});
        return new AveragePooling2D(pool, a.window("strides", pool), a.padding());
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
