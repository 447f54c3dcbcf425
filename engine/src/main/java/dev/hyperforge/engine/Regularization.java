package dev.hyperforge.engine;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.regularizers.Regularizer;

/**
 * The regularization terms of a graph's layers (Keras' {@code model.losses}): weight penalties on
 * parameters and activity penalties on layer outputs, added to the batch's mean loss and to the gradients.
 * Layers without regularizers cost nothing here.
 */
final class Regularization {
    private Regularization() {
    }

    /** The sum of every penalty for this pass: weights as they are now, activities from the pass's outputs. */
    static double loss(Graph graph, Executor.Pass pass) {
        double total = 0;
        for (Layer l : graph.layers()) {
            if (!l.isRegularized()) {
                continue;
            }
            for (Param p : l.params()) {
                Regularizer r = l.regularizerOf(p.name());
                if (r != null) {
                    total += r.value(p.value());
                }
            }
            Regularizer a = l.activityRegularizer();
            if (a != null) {
                for (Node n : l.nodes()) {
                    INDArray v = pass.value(n.output());
                    if (v != null) {
                        total += a.value(v);
                    }
                }
            }
        }
        return total;
    }

    /** Adds the activity penalties' gradients to the gradients of the layers' outputs (before the backward pass). */
    static void addActivityGradients(Graph graph, Executor.Pass pass, Map<Tensor, INDArray> outGrads) {
        for (Layer l : graph.layers()) {
            Regularizer a = l.activityRegularizer();
            if (a == null) {
                continue;
            }
            for (Node n : l.nodes()) {
                INDArray v = pass.value(n.output());
                if (v == null) {
                    continue;
                }
                INDArray g = v.ulike().assign(0);
                a.addGradient(v, g);
                outGrads.merge(n.output(), g, INDArray::add);
            }
        }
    }

    /** Adds the weight penalties' gradients to the trainable parameters' gradients (after the backward pass). */
    static void addWeightGradients(Graph graph) {
        for (Layer l : graph.layers()) {
            if (!l.isRegularized()) {
                continue;
            }
            for (Param p : l.params()) {
                Regularizer r = l.regularizerOf(p.name());
                if (r != null && p.trainable()) {
                    r.addGradient(p.value(), p.gradBuffer());
                }
            }
        }
    }
}
