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
    private final List<Tensor> outputs;

    /**
     * Records a call; used by {@code Layer.call(Tensor...)}.
     *
     * @param operation the operation (layer) called
     * @param inputs its symbolic inputs
     * @param outputShape the inferred output shape
     * @param dtype the output dtype
     */
    public Node(Operation operation, List<Tensor> inputs, Shape outputShape, DType dtype) {
        this(operation, inputs, List.of(outputShape), dtype);
    }

    /**
     * Records a call of an operation with one or more outputs (an LSTM with {@code return_state} has three).
     *
     * @param operation the operation (layer) called
     * @param inputs its symbolic inputs
     * @param outputShapes the inferred shape of each output, the main output first
     * @param dtype the outputs' dtype
     */
    public Node(Operation operation, List<Tensor> inputs, List<Shape> outputShapes, DType dtype) {
        if (outputShapes.isEmpty()) {
            throw new IllegalArgumentException(operation.describe() + " must have at least one output");
        }
        this.operation = operation;
        this.inputs = List.copyOf(inputs);
        List<Tensor> outs = new java.util.ArrayList<>();
        for (int i = 0; i < outputShapes.size(); i++) {
            outs.add(new Tensor(outputShapes.get(i), dtype, this, i));
        }
        this.outputs = List.copyOf(outs);
    }

    /** The operation (layer) called. */
    public Operation operation() {
        return operation;
    }

    /** The tensors the layer was called on. */
    public List<Tensor> inputs() {
        return inputs;
    }

    /** The tensor the call produced (its first, main output when it has several). */
    public Tensor output() {
        return outputs.get(0);
    }

    /** Every tensor the call produced, in the layer's output order. */
    public List<Tensor> outputs() {
        return outputs;
    }
}
