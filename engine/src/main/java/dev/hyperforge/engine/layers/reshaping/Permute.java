package dev.hyperforge.engine.layers.reshaping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Keras' {@code Permute}: reorders the feature axes; {@code dims} is a permutation of {@code 1..rank-1}
 * (the batch axis 0 stays first). The output is a C-ordered copy.
 *
 * <pre>{@code
 * Tensor t = new Permute(2, 1).call(Input.of("seq", 10, 64));   // (None, 64, 10)
 * }</pre>
 */
public final class Permute extends Layer {
    private final int[] dims;

    /** @param dims a permutation of 1..n (1-based, batch excluded), as in Keras */
    public Permute(int... dims) {
        boolean[] seen = new boolean[dims.length + 1];
        for (int d : dims) {
            if (d < 1 || d > dims.length || seen[d]) {
                throw new IllegalArgumentException("Permute: dims must be a permutation of 1.." + dims.length
                        + " (the batch axis is not counted), received " + Shape.format(dims));
            }
            seen[d] = true;
        }
        this.dims = dims.clone();
    }

    @Override
    public String type() {
        return "Permute";
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        if (s.rank() != dims.length + 1) {
            throw shapeError("input of rank " + (dims.length + 1) + " for dims " + Shape.format(dims), s, null);
        }
        int[] out = new int[dims.length + 1];
        out[0] = s.dim(0);
        for (int i = 0; i < dims.length; i++) {
            out[i + 1] = s.dim(dims[i]);
        }
        return Shape.of(out);
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        return inputs.get(0).permute(axes(false)).dup('c');
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        return List.of(gradOutput.permute(axes(true)).dup('c'));
    }

    /** The full permutation including the batch axis, or its inverse. */
    private int[] axes(boolean inverse) {
        int[] p = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) {
            if (inverse) {
                p[dims[i]] = i + 1;
            } else {
                p[i + 1] = dims[i];
            }
        }
        return p;
    }

    /** Rebuilds from {@link #arguments()}: {@code dims} is a list of ints. */
    public static Layer fromConfig(Map<String, Object> args) {
        Object v = args.get("dims");
        if (!(v instanceof List<?> l) || l.isEmpty()) {
            throw new IllegalArgumentException("Permute: argument 'dims' must be a list of axes such as [2, 1], received '" + v + "'");
        }
        return new Permute(new LayerArgs("Permute", args).ints("dims", l.size(), null));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Integer> d = new ArrayList<>();
        for (int x : dims) {
            d.add(x);
        }
        m.put("dims", d);
        return m;
    }
}
