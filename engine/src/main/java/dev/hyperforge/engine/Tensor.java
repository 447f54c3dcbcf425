package dev.hyperforge.engine;

/**
 * A symbolic tensor: an edge of the model graph. It carries a shape and a dtype and knows which layer
 * call ({@link Node}) produced it; it holds no numbers.
 *
 * <pre>{@code
 * Tensor x = Input.of("x", 3);
 * Tensor h = new Dense(10, "relu").call(x);   // h.shape() == (None, 10)
 * }</pre>
 */
public final class Tensor {
    private final Shape shape;
    private final DType dtype;
    private final Node node;
    private final int index;

    Tensor(Shape shape, DType dtype, Node node, int index) {
        this.shape = shape;
        this.dtype = dtype;
        this.node = node;
        this.index = index;
    }

    /** Which output of its layer call this is: 0 for the main output, 1 and on for extra ones (states). */
    public int index() {
        return index;
    }

    /** The shape, batch dimension first (None). */
    public Shape shape() {
        return shape;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The layer call that produced this tensor. */
    public Node node() {
        return node;
    }

    /** The operation (layer) that produced this tensor. */
    public Operation producer() {
        return node.operation();
    }

    @Override
    public String toString() {
        return "Tensor" + shape + " from " + node.operation().describe();
    }
}
