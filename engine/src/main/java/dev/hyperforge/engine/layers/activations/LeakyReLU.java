package dev.hyperforge.engine.layers.activations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.ActivationMath;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Keras' {@code LeakyReLU} layer: {@code x} where positive, {@code negative_slope * x} elsewhere. The
 * layer's default slope is 0.3 (Keras 3), unlike the {@code leaky_relu} activation function's 0.2;
 * Keras 2's argument name {@code alpha} is read too.
 *
 * <pre>{@code
 * Tensor h = new LeakyReLU().call(new Dense(64).call(x));          // slope 0.3
 * Tensor k = new LeakyReLU(0.1).call(h);
 * }</pre>
 */
public final class LeakyReLU extends Layer {
    /** Keras 3's default {@code negative_slope}. */
    public static final double DEFAULT_SLOPE = 0.3;
    private final double negativeSlope;

    /** Slope 0.3. */
    public LeakyReLU() {
        this(DEFAULT_SLOPE);
    }

    /** @param negativeSlope the slope below zero, finite and non-negative */
    public LeakyReLU(double negativeSlope) {
        if (!(negativeSlope >= 0) || Double.isInfinite(negativeSlope)) {
            throw new IllegalArgumentException("LeakyReLU: negative_slope must be a finite number >= 0, received " + negativeSlope);
        }
        this.negativeSlope = negativeSlope;
    }

    @Override
    public String type() {
        return "LeakyReLU";
    }

    /** The slope below zero. */
    public double negativeSlope() {
        return negativeSlope;
    }

    /** Element-wise: passes its input's mask on (Keras {@code supports_masking}). */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        return in.get(0);
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray a = ActivationMath.leakyRelu(inputs.get(0), negativeSlope);
        ctx.save("a", a);
        return a;
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        // a > 0 exactly where x > 0 (the slope is non-negative)
        return List.of(ActivationMath.leakyReluDerivative(ctx.get("a"), negativeSlope).muli(gradOutput));
    }

    /** Rebuilds from {@link #arguments()} ({@code negative_slope}, or Keras 2's {@code alpha}). */
    public static Layer fromConfig(Map<String, Object> args) {
        LayerArgs a = new LayerArgs("LeakyReLU", args);
        return new LeakyReLU(a.number("negative_slope", a.number("alpha", DEFAULT_SLOPE)));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("negative_slope", negativeSlope);
        return m;
    }
}
