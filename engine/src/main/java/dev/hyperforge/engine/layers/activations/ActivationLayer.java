package dev.hyperforge.engine.layers.activations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Keras' {@code Activation} layer: applies an activation function element-wise (softmax over the last
 * axis), any shape in, the same shape out. Its type name is {@code Activation}; the Java class carries
 * the {@code Layer} suffix only to keep it apart from the {@link Activation} functions.
 *
 * <pre>{@code
 * Tensor h = new ActivationLayer("gelu").call(new Dense(64).call(x));
 * }</pre>
 */
public final class ActivationLayer extends Layer {
    private final Activation activation;

    /** @param activation a Keras activation name such as {@code relu} or {@code gelu} */
    public ActivationLayer(String activation) {
        this(Activation.parse(activation));
    }

    /** @param activation the function to apply */
    public ActivationLayer(Activation activation) {
        this.activation = activation;
    }

    @Override
    public String type() {
        return "Activation";
    }

    /** The function applied. */
    public Activation activation() {
        return activation;
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
        INDArray x = inputs.get(0);
        INDArray a = activation.apply(x);
        if (activation.needsInput()) {
            ctx.save("x", x);
        }
        ctx.save("a", a);
        return a;
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        INDArray x = activation.needsInput() ? ctx.get("x") : null;
        INDArray g = activation.backward(x, ctx.get("a"), gradOutput);
        return List.of(g == gradOutput ? g.dup() : g);
    }

    /** Rebuilds from {@link #arguments()}: {@code activation} is required. */
    public static Layer fromConfig(Map<String, Object> args) {
        LayerArgs a = new LayerArgs("Activation", args);
        if (!args.containsKey("activation")) {
            throw new IllegalArgumentException("Activation: missing argument 'activation'; expected one of " + Activation.names());
        }
        return new ActivationLayer(a.string("activation", null));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("activation", activation.keras());
        return m;
    }
}
