package dev.hyperforge.engine;

import java.util.List;

import dev.hyperforge.engine.layers.Layer;


/**
 * One call of a layer on symbolic inputs. A layer called twice (a shared layer) has two nodes and one
 * set of weights.
 */
public final class Node {
    private final Layer layer;
    private final List<Tensor> inputs;
    private final Tensor output;

    /**
     * Records a call; used by {@link Layer#call(Tensor...)}.
     *
     * @param layer the layer called
     * @param inputs its symbolic inputs
     * @param outputShape the inferred output shape
     * @param dtype the output dtype
     */
    public Node(Layer layer, List<Tensor> inputs, Shape outputShape, DType dtype) {
        this.layer = layer;
        this.inputs = List.copyOf(inputs);
        this.output = new Tensor(outputShape, dtype, this);
    }

    /** The layer called. */
    public Layer layer() {
        return layer;
    }

    /** The tensors the layer was called on. */
    public List<Tensor> inputs() {
        return inputs;
    }

    /** The tensor the call produced. */
    public Tensor output() {
        return output;
    }
}
