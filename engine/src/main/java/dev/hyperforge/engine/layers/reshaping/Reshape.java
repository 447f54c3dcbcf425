package dev.hyperforge.engine.layers.reshaping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Keras' {@code Reshape}: gives each example the {@code target_shape} (batch axis excluded), row-major
 * order kept; one entry may be {@code -1}, inferred from the input's size.
 *
 * <pre>{@code
 * Tensor seq = new Reshape(49, -1).call(Input.of("img", 7, 7, 64));   // (None, 49, 64)
 * }</pre>
 */
public final class Reshape extends Layer {
    private final int[] target;

    /** @param targetShape the per-example shape; positive sizes and at most one {@code -1} */
    public Reshape(int... targetShape) {
        if (targetShape == null || targetShape.length == 0) {
            throw new IllegalArgumentException("Reshape: target_shape needs at least one dimension");
        }
        int unknown = 0;
        for (int d : targetShape) {
            if (d == -1) {
                unknown++;
            } else if (d <= 0) {
                throw new IllegalArgumentException("Reshape: target_shape sizes must be positive or -1, received " + tuple(targetShape));
            }
        }
        if (unknown > 1) {
            throw new IllegalArgumentException("Reshape: at most one -1 in target_shape, received " + tuple(targetShape));
        }
        this.target = targetShape.clone();
    }

    @Override
    public String type() {
        return "Reshape";
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        int[] out = new int[target.length + 1];
        out[0] = s.dim(0);
        System.arraycopy(target, 0, out, 1, target.length);
        int size = 1;
        for (int d : s.featureDims()) {
            if (d == Shape.UNKNOWN) {
                return Shape.of(out);
            }
            size *= d;
        }
        return Shape.of(resolve(out, size, s));
    }

    private int[] resolve(int[] out, long size, Shape in) {
        int known = 1;
        int free = -1;
        for (int i = 1; i < out.length; i++) {
            if (out[i] == -1) {
                free = i;
            } else {
                known *= out[i];
            }
        }
        if (free < 0 ? known != size : size % known != 0) {
            throw shapeError("an input whose " + size + " values per example fit target_shape " + tuple(target), in,
                    "the product of target_shape must equal the input's size per example");
        }
        if (free > 0) {
            out[free] = (int) (size / known);
        }
        return out;
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        ctx.setExtra(x.shape());
        int[] out = new int[target.length + 1];
        System.arraycopy(target, 0, out, 1, target.length);
        int[] dims = resolve(out, x.length() / x.size(0), Shape.ofArray(x.shape()));
        long[] shape = Arrays.stream(dims).asLongStream().toArray();
        shape[0] = x.size(0);
        return x.reshape('c', shape);
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        long[] shape = ctx.extra();
        return List.of(gradOutput.reshape('c', shape));
    }

    /** Rebuilds from {@link #arguments()}: {@code target_shape} is a list of ints. */
    public static Layer fromConfig(Map<String, Object> args) {
        LayerArgs a = new LayerArgs("Reshape", args);
        Object v = args.get("target_shape");
        if (!(v instanceof List<?>) && !(v instanceof int[])) {
            throw new IllegalArgumentException("Reshape: argument 'target_shape' must be a list of ints such as [49, -1], received '" + v + "'");
        }
        int n = v instanceof List<?> l ? l.size() : ((int[]) v).length;
        return new Reshape(a.ints("target_shape", n, null));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Integer> t = new ArrayList<>();
        for (int d : target) {
            t.add(d);
        }
        m.put("target_shape", t);
        return m;
    }

    /** {@code (2, -1)}: ints as written, -1 included (unlike {@link Shape#format}, which prints None). */
    private static String tuple(int[] v) {
        return java.util.Arrays.stream(v).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }
}
