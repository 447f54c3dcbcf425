package dev.hyperforge.engine.layers.merging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.Layer;

/**
 * Element-wise product of two or more inputs of the same shape (Keras {@code Multiply}), e.g. a gate.
 *
 * <pre>{@code
 * Tensor gated = new Multiply().call(h, new Dense(32, "sigmoid").call(h));
 * }</pre>
 */
public final class Multiply extends ElementwiseMerge {
    @Override
    public String type() {
        return "Multiply";
    }

    @Override
    INDArray combine(List<INDArray> inputs) {
        INDArray out = inputs.get(0).mul(inputs.get(1));
        for (int i = 2; i < inputs.size(); i++) {
            out.muli(inputs.get(i));
        }
        return out;
    }

    @Override
    List<INDArray> gradients(List<INDArray> inputs, INDArray g) {
        List<INDArray> grads = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            INDArray gi = g.dup();
            for (int j = 0; j < inputs.size(); j++) {
                if (j != i) {
                    gi.muli(inputs.get(j));
                }
            }
            grads.add(gi);
        }
        return grads;
    }

    /** Rebuilds from {@link #arguments()} (none). */
    public static Layer fromConfig(Map<String, Object> args) {
        return new Multiply();
    }
}
