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
 * Masks the time steps whose features all equal {@code mask_value} (Keras' {@code Masking}): input
 * {@code (batch, steps, features...)}, output the same array with the masked steps set to 0, and a mask
 * {@code (batch, steps)} that the layers after it (recurrent layers, attention, pooling, losses) honour.
 *
 * <pre>{@code
 * Tensor x = Input.of("series", Shape.UNKNOWN, 8);            // padded with rows of zeros
 * Tensor h = new LSTM(16).call(new Masking(0.0).call(x));    // padding steps are skipped
 * }</pre>
 */
public final class Masking extends Layer {
    private final double maskValue;

    /** @param maskValue the value that, in every feature of a step, marks the step as padding */
    public Masking(double maskValue) {
        if (!Double.isFinite(maskValue)) {
            throw new IllegalArgumentException("Masking: mask_value must be a finite number, received " + maskValue);
        }
        this.maskValue = maskValue;
    }

    /** Masks steps of zeros. */
    public Masking() {
        this(0.0);
    }

    @Override
    public String type() {
        return "Masking";
    }

    /** The padding value. */
    public double maskValue() {
        return maskValue;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        if (s.rank() < 3) {
            throw shapeError("input of rank >= 3 (batch, steps, features)", s,
                    "for token ids use Embedding(mask_zero=true) instead");
        }
        return s;
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        INDArray mask = maskOf(x);
        ctx.save("mask", mask);
        return x.mul(expand(mask, x));
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        INDArray mask = ctx.get("mask");
        return List.of(gradOutput.mul(expand(mask, gradOutput)));
    }

    /** The step mask: 1 where some feature of the step differs from {@code mask_value} (an incoming mask is replaced, as in Keras). */
    @Override
    public INDArray computeMask(List<INDArray> inputs, LayerContext ctx) {
        return maskOf(inputs.get(0));
    }

    private INDArray maskOf(INDArray x) {
        long n = x.size(0);
        long steps = x.size(1);
        INDArray rows = x.reshape('c', n, steps, x.length() / (n * steps));
        INDArray differs = rows.neq(maskValue).castTo(x.dataType());
        return differs.max(2);
    }

    /** The (batch, steps) mask broadcast over the feature axes of {@code like}. */
    private static INDArray expand(INDArray mask, INDArray like) {
        long[] shape = new long[like.rank()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = like.size(0);
        shape[1] = like.size(1);
        return mask.reshape('c', shape).broadcast(like.shape());
    }

    /** Rebuilds from {@link #arguments()}. */
    public static Layer fromConfig(Map<String, Object> args) {
        return new Masking(new LayerArgs("Masking", args).number("mask_value", 0.0));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mask_value", maskValue);
        return m;
    }
}
