package dev.hyperforge.engine.layers.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Flattens every dimension after the batch into one, in row-major (channels-last) order like Keras:
 * {@code (batch, 7, 7, 64)} becomes {@code (batch, 3136)}. All those dimensions must be known; for
 * variable-length input use a global pooling layer instead. A rank-2 input passes through unchanged (as
 * in Keras). No parameters; the output is a view of the input whenever the input is contiguous.
 *
 * <pre>{@code
 * Tensor f = new Flatten().call(pool);          // (None, 7, 7, 64) -> (None, 3136)
 * Tensor y = new Dense(100, "relu").call(f);
 * }</pre>
 */
public final class Flatten extends Layer {
    /** A flatten layer. */
    public Flatten() {
    }

    @Override
    public String type() {
        return "Flatten";
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        if (s.rank() < 2) {
            throw shapeError("input of rank >= 2 (batch and features)", s, null);
        }
        int size = s.featureSize();
        if (size == Shape.UNKNOWN) {
            String pool = s.rank() == 4 ? "GlobalMaxPooling2D" : s.rank() == 5 ? "GlobalMaxPooling3D" : "GlobalMaxPooling1D";
            throw shapeError("every dimension after the batch to be known", s,
                    "use " + pool + " (or the matching GlobalAveragePooling) to reduce a variable-size axis");
        }
        return Shape.of(s.dim(0), size);
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        ctx.save("x", x);
        return x.rank() == 2 ? x : x.reshape('c', x.size(0), x.length() / x.size(0));
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        INDArray x = ctx.get("x");
        return List.of(x.rank() == 2 ? gradOutput : gradOutput.reshape('c', x.shape()));
    }

    /** Rebuilds from {@link #arguments()}; only channels-last data is supported. */
    public static Layer fromConfig(Map<String, Object> args) {
        String fmt = new LayerArgs("Flatten", args).string("data_format", "channels_last");
        if (!"channels_last".equals(fmt)) {
            throw new IllegalArgumentException("Flatten: only data_format \"channels_last\" is supported, received '" + fmt + "'");
        }
        return new Flatten();
    }

    @Override
    public Map<String, Object> arguments() {
        return new LinkedHashMap<>();
    }
}
