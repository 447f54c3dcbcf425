package dev.hyperforge.engine.layers.merging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.Layer;

/**
 * Element-wise mean of two or more inputs of the same shape (Keras {@code Average}).
 *
 * <pre>{@code
 * Tensor mean = new Average().call(branchA, branchB, branchC);
 * }</pre>
 */
public final class Average extends ElementwiseMerge {
    @Override
    public String type() {
        return "Average";
    }

    @Override
    INDArray combine(List<INDArray> inputs) {
        INDArray out = inputs.get(0).add(inputs.get(1));
        for (int i = 2; i < inputs.size(); i++) {
            out.addi(inputs.get(i));
        }
        return out.divi(inputs.size());
    }

    @Override
    List<INDArray> gradients(List<INDArray> inputs, INDArray g) {
        List<INDArray> grads = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            grads.add(g.div(inputs.size()));
        }
        return grads;
    }

    /** Rebuilds from {@link #arguments()} (none). */
    public static Layer fromConfig(Map<String, Object> args) {
        return new Average();
    }
}
