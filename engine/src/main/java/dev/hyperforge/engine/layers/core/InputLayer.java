package dev.hyperforge.engine.layers.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.Node;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;

/** The layer behind a model input: it holds the input's name, shape and dtype and passes data through. */
public final class InputLayer extends Layer {
    private final Shape shape;
    private final DType dtype;
    private final Tensor output;

    /**
     * @param name the input name
     * @param shape the shape including the batch dimension
     * @param dtype the element type
     */
    public InputLayer(String name, Shape shape, DType dtype) {
        named(name);
        this.shape = shape;
        this.dtype = dtype;
        this.output = new Node(this, List.of(), shape, dtype).output();
    }

    /** The symbolic tensor of this input. */
    public Tensor output() {
        return output;
    }

    /** The input's shape. */
    public Shape shape() {
        return shape;
    }

    /** The input's dtype. */
    public DType dtype() {
        return dtype;
    }

    @Override
    public String type() {
        return "InputLayer";
    }

    @Override
    public int arity() {
        return 0;
    }

    @Override
    public Shape outputShape(List<Shape> inputShapes) {
        return shape;
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        return inputs.get(0);
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        return List.of();
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batch_shape", shape.dims());
        m.put("dtype", dtype.name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }
}
