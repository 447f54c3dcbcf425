package dev.hyperforge.engine.layers.merging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Base of the merges that combine two or more inputs of one shape element by element ({@link Multiply},
 * {@link Subtract}, {@link Average}, {@link Maximum}, {@link Minimum}): shape check, no arguments, and
 * the inputs kept for the backward pass. Masks pass through as in Keras' {@code Merge}: the output mask
 * is the logical AND of the inputs' masks (an input without a mask does not restrict it).
 */
abstract class ElementwiseMerge extends Layer {
    @Override
    public int arity() {
        return -1;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    /** The product (logical AND) of the inputs' 0/1 masks; null when no input has one. */
    @Override
    public INDArray computeMask(List<INDArray> inputs, LayerContext ctx) {
        INDArray out = null;
        for (int i = 0; i < inputs.size(); i++) {
            INDArray m = ctx.inputMask(i);
            if (m != null) {
                out = out == null ? m.dup() : out.muli(m.castTo(out.dataType()));
            }
        }
        return out;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        return Merges.equalShapes(this, in);
    }

    @Override
    public final INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        ctx.setExtra(List.copyOf(inputs));
        return combine(inputs);
    }

    @Override
    public final List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        List<INDArray> inputs = ctx.extra();
        if (inputs == null) {
            throw new IllegalStateException("backward called without forward (" + describe() + " inputs not saved)");
        }
        return gradients(inputs, gradOutput);
    }

    /** The merged value; a new array (the inputs are left intact). */
    abstract INDArray combine(List<INDArray> inputs);

    /** One new gradient array per input. */
    abstract List<INDArray> gradients(List<INDArray> inputs, INDArray gradOutput);

    @Override
    public Map<String, Object> arguments() {
        return new LinkedHashMap<>();
    }
}
