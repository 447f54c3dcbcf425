package dev.hyperforge.engine.layers.merging;

import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.Layer;

/**
 * {@code x - y} for exactly two inputs of the same shape (Keras {@code Subtract}).
 *
 * <pre>{@code
 * Tensor diff = new Subtract().call(left, right);
 * }</pre>
 */
public final class Subtract extends ElementwiseMerge {
    @Override
    public String type() {
        return "Subtract";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    INDArray combine(List<INDArray> inputs) {
        return inputs.get(0).sub(inputs.get(1));
    }

    @Override
    List<INDArray> gradients(List<INDArray> inputs, INDArray g) {
        return List.of(g.dup(), g.neg());
    }

    /** Rebuilds from {@link #arguments()} (none). */
    public static Layer fromConfig(Map<String, Object> args) {
        return new Subtract();
    }
}
