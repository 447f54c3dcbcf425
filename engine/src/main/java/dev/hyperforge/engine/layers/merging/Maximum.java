package dev.hyperforge.engine.layers.merging;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.hyperforge.engine.layers.Layer;

/**
 * Element-wise maximum of two or more inputs of the same shape (Keras {@code Maximum}). The gradient
 * of each element goes to the input that holds the largest value; on a tie, to the first such input.
 *
 * <pre>{@code
 * Tensor m = new Maximum().call(a, b);
 * }</pre>
 */
public final class Maximum extends ExtremumMerge {
    @Override
    public String type() {
        return "Maximum";
    }

    @Override
    INDArray pair(INDArray best, INDArray x) {
        return Transforms.max(best, x, true);
    }

    /** Rebuilds from {@link #arguments()} (none). */
    public static Layer fromConfig(Map<String, Object> args) {
        return new Maximum();
    }
}
