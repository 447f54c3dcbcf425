package dev.hyperforge.engine.layers.merging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Joins two or more inputs along one axis (the last by default); every other dimension must match.
 *
 * <pre>{@code
 * Tensor merged = new Concatenate().named("merge").call(textFeatures, questionFeatures);
 * Tensor stacked = new Concatenate(1).call(a, b);   // along the steps axis of (None, steps, ch)
 * }</pre>
 */
public final class Concatenate extends Layer {
    private final int axis;

    /** Concatenates along the last axis. */
    public Concatenate() {
        this(-1);
    }

    /**
     * @param axis the axis to join on; negative counts from the end; never the batch axis 0
     */
    public Concatenate(int axis) {
        if (axis == 0) {
            throw new IllegalArgumentException("Concatenate: axis 0 is the batch axis; use a feature axis such as -1");
        }
        this.axis = axis;
    }

    @Override
    public String type() {
        return "Concatenate";
    }

    @Override
    public int arity() {
        return -1;
    }

    /** The configured axis. */
    public int axis() {
        return axis;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        int rank = in.get(0).rank();
        int ax = axis < 0 ? rank + axis : axis;
        if (ax <= 0 || ax >= rank) {
            throw error("cannot join on axis " + axis + " of inputs of rank " + rank + ", received " + Merges.list(in));
        }
        int[] out = in.get(0).dims().clone();
        for (Shape s : in.subList(1, in.size())) {
            if (!matchesExceptAxis(in.get(0), s, ax)) {
                throw error("expects inputs with matching shapes except on axis " + axis + ", received " + Merges.list(in));
            }
            for (int d = 1; d < rank; d++) {
                if (d == ax) {
                    out[d] = out[d] == Shape.UNKNOWN || s.dim(d) == Shape.UNKNOWN ? Shape.UNKNOWN : out[d] + s.dim(d);
                } else if (out[d] == Shape.UNKNOWN) {
                    out[d] = s.dim(d);
                }
            }
        }
        out[0] = in.get(0).dim(0);
        return Shape.of(out);
    }

    private static boolean matchesExceptAxis(Shape a, Shape b, int ax) {
        if (a.rank() != b.rank()) {
            return false;
        }
        for (int d = 1; d < a.rank(); d++) {
            if (d != ax && !Merges.compatible(a.dim(d), b.dim(d))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        int ax = axis < 0 ? inputs.get(0).rank() + axis : axis;
        long[] sizes = new long[inputs.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = inputs.get(i).size(ax);
        }
        ctx.setExtra(sizes);
        return Nd4j.concat(ax, inputs.toArray(new INDArray[0]));
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        long[] sizes = ctx.extra();
        if (sizes == null) {
            throw new IllegalStateException("backward called without forward (Concatenate sizes not saved)");
        }
        int rank = gradOutput.rank();
        int ax = axis < 0 ? rank + axis : axis;
        List<INDArray> grads = new ArrayList<>(sizes.length);
        long from = 0;
        for (long size : sizes) {
            INDArrayIndex[] idx = new INDArrayIndex[rank];
            for (int d = 0; d < rank; d++) {
                idx[d] = d == ax ? NDArrayIndex.interval(from, from + size) : NDArrayIndex.all();
            }
            grads.add(gradOutput.get(idx).dup());
            from += size;
        }
        return grads;
    }

    /** Rebuilds from {@link #arguments()}. */
    public static Layer fromConfig(Map<String, Object> args) {
        return new Concatenate(new LayerArgs("Concatenate", args).integer("axis", -1));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("axis", axis);
        return m;
    }
}
