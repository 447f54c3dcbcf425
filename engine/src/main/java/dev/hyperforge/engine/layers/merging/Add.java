package dev.hyperforge.engine.layers.merging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Element-wise sum of two or more inputs of the same shape (a residual connection). As Keras' merge
 * layers, the output carries the logical and of the inputs' masks (inputs without a mask do not count).
 *
 * <pre>{@code
 * Tensor h = new Dense(32, "relu").call(x);
 * Tensor residual = new Add().named("skip").call(x, h);   // x is (None, 32) too
 * }</pre>
 */
public final class Add extends Layer {
    /** An Add layer. */
    public Add() {
    }

    @Override
    public String type() {
        return "Add";
    }

    @Override
    public int arity() {
        return -1;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public INDArray computeMask(List<INDArray> inputs, LayerContext ctx) {
        INDArray mask = null;
        for (int i = 0; i < inputs.size(); i++) {
            INDArray m = ctx.inputMask(i);
            if (m != null) {
                mask = mask == null ? m : mask.mul(m);
            }
        }
        return mask;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape first = in.get(0);
        int[] out = first.dims().clone();
        for (Shape s : in.subList(1, in.size())) {
            if (s.rank() != first.rank()) {
                throw error("expects inputs of equal shapes, received " + Merges.list(in));
            }
            for (int d = 0; d < out.length; d++) {
                if (!Merges.compatible(out[d], s.dim(d))) {
                    throw error("expects inputs of equal shapes, received " + Merges.list(in));
                }
                if (out[d] == Shape.UNKNOWN && d > 0) {
                    out[d] = s.dim(d);
                }
            }
        }
        return Shape.of(out);
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray a = inputs.get(0);
        INDArray b = inputs.get(1);
        INDArray sum = Arrays.equals(a.shape(), b.shape()) && a.dataType() == b.dataType()
                ? Nd4j.exec(new AddOp(a, b, ctx.reusable("sum", a.dataType(), a.shape())))[0]
                : a.add(b);
        for (int i = 2; i < inputs.size(); i++) {
            sum.addi(inputs.get(i));
        }
        ctx.setExtra(inputs.size());
        return sum;
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        Integer n = ctx.extra();
        if (n == null) {
            throw new IllegalStateException("backward called without forward (Add arity not saved)");
        }
        List<INDArray> grads = new ArrayList<>(n);
        grads.add(gradOutput);
        for (int i = 1; i < n; i++) {
            // separate copies: a consumer that updates its gradient in place must not touch the others
            grads.add(ctx.reusable("grad_" + i, gradOutput.dataType(), gradOutput.shape()).assign(gradOutput));
        }
        return grads;
    }

    /** Rebuilds from {@link #arguments()}. */
    public static Layer fromConfig(Map<String, Object> args) {
        return new Add();
    }

    @Override
    public Map<String, Object> arguments() {
        return new LinkedHashMap<>();
    }
}
