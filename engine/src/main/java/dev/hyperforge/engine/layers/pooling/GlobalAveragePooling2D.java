package dev.hyperforge.engine.layers.pooling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.convolutional.ConvArgs;

/**
 * Mean over height and width of channels-last images {@code (batch, height, width, channels)} (Keras
 * {@code GlobalAveragePooling2D}): {@code (batch, channels)} out, or {@code (batch, 1, 1, channels)}
 * with {@code keepdims}.
 *
 * <pre>{@code
 * Tensor features = new GlobalAveragePooling2D().call(conv);   // (None, 7, 7, 64) -> (None, 64)
 * }</pre>
 */
public final class GlobalAveragePooling2D extends Layer {
    private final boolean keepdims;

    /** Reduces height and width away. */
    public GlobalAveragePooling2D() {
        this(false);
    }

    /** @param keepdims keep height and width with length 1 */
    public GlobalAveragePooling2D(boolean keepdims) {
        this.keepdims = keepdims;
    }

    @Override
    public String type() {
        return "GlobalAveragePooling2D";
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        requireRank(s, 4, s.rank() == 3 ? "for sequences (batch, steps, channels) use GlobalAveragePooling1D" : null);
        return keepdims ? Shape.of(Shape.UNKNOWN, 1, 1, s.dim(3)) : Shape.of(Shape.UNKNOWN, s.dim(3));
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        ctx.setExtra(x.shape());
        return x.mean(keepdims, 1, 2);
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        long[] shape = ctx.extra();
        INDArray g = gradOutput.reshape(shape[0], 1, 1, shape[3]);
        return List.of(g.broadcast(shape).divi(shape[1] * shape[2]));
    }

    /** Rebuilds from {@link #arguments()}. */
    public static Layer fromConfig(Map<String, Object> args) {
        return new GlobalAveragePooling2D(new ConvArgs("GlobalAveragePooling2D", 2, args).args().bool("keepdims", false));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data_format", "channels_last");
        m.put("keepdims", keepdims);
        return m;
    }
}
