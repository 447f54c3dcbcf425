package dev.hyperforge.engine;

import java.util.List;


/**
 * One call of an {@link Operation} (a layer) on symbolic inputs. A layer called twice (a shared layer)
 * has two nodes and one set of weights. Nodes and tensors know their operation only as an
 * {@link Operation}, so the symbolic graph does not depend on the layer classes that create it.
 *
 * <pre>{@code
 * Tensor h = new Dense(10).call(Input.of("x", 3));
 * Node call = h.node();   // call.inputs() is [x], call.output() is h
 * }</pre>
 */
public final class Node {
    private final Operation operation;
    private final List<Tensor> inputs;
    private final Tensor output;

    /**
     * Records a call; used by {@code Layer.call(Tensor...)}.
     *
     * @param operation the operation (layer) called
     * @param inputs its symbolic inputs
     * @param outputShape the inferred output shape
     * @param dtype the output dtype
     */
    public Node(Operation operation, List<Tensor> inputs, Shape outputShape, DType dtype) {
        this.operation = operation;
        this.inputs = List.copyOf(inputs);
        this.output = new Tensor(outputShape, dtype, this);
    }

    /** The operation (layer) called. */
    public Operation operation() {
        return operation;
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
