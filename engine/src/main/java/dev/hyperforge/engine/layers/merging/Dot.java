package dev.hyperforge.engine.layers.merging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Keras' {@code Dot}: the batched dot product of two inputs, contracting axis {@code axes[0]} of the first
 * with axis {@code axes[1]} of the second (one int means the same axis on both; negative counts from the
 * end; the batch axis never). The output holds the first input's other axes, then the second's; two
 * vectors give {@code (batch, 1)}. With {@code normalize} both inputs are first L2-normalised along the
 * contracted axes ({@code x / max(sqrt(sum(x^2)), 1e-7)}, as Keras 3), so the output is the cosine similarity.
 *
 * <pre>{@code
 * Tensor cos = new Dot(new int[] {1, 1}, true).call(a, b);            // (None, 16) twice -> (None, 1)
 * Tensor scores = new Dot(new int[] {2, 2}, false).call(q, k);        // (None, 5, 8), (None, 7, 8) -> (None, 5, 7)
 * }</pre>
 */
public final class Dot extends Layer {
    /** Keras' {@code backend.epsilon()}: the smallest norm {@code normalize} divides by. */
    private static final double EPSILON = 1e-7;
    private final int[] axes;
    private final boolean normalize;

    /**
     * @param axes one axis for both inputs, or one per input; not 0 (the batch axis)
     * @param normalize L2-normalise both inputs along the contracted axes first
     */
    public Dot(int[] axes, boolean normalize) {
        if (axes == null || axes.length < 1 || axes.length > 2) {
            throw new IllegalArgumentException("Dot: axes must be one int or a list of two, received " + (axes == null ? null : tuple(axes)));
        }
        for (int a : axes) {
            if (a == 0) {
                throw new IllegalArgumentException("Dot: axis 0 is the batch axis; contract a feature axis such as 1 or -1");
            }
        }
        this.axes = axes.length == 1 ? new int[] {axes[0], axes[0]} : axes.clone();
        this.normalize = normalize;
    }

    /** Contracts {@code axis} of both inputs, without normalising. */
    public Dot(int axis) {
        this(new int[] {axis}, false);
    }

    @Override
    public String type() {
        return "Dot";
    }

    @Override
    public int arity() {
        return 2;
    }

    private static int axis(int a, int rank) {
        return a < 0 ? rank + a : a;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape x = in.get(0);
        Shape y = in.get(1);
        int ax = axis(axes[0], x.rank());
        int ay = axis(axes[1], y.rank());
        if (x.rank() < 2 || y.rank() < 2 || ax <= 0 || ax >= x.rank() || ay <= 0 || ay >= y.rank()) {
            throw error("cannot contract axes " + tuple(axes) + " of inputs " + Merges.list(in)
                    + "; both inputs need rank >= 2 and each axis must be a feature axis");
        }
        if (!Merges.compatible(x.dim(ax), y.dim(ay))) {
            throw error("expects equal sizes on the contracted axes " + tuple(axes) + ", received " + Merges.list(in)
                    + " (" + x.dim(ax) + " vs " + y.dim(ay) + ")");
        }
        List<Integer> out = new ArrayList<>();
        out.add(x.dim(0));
        for (int d = 1; d < x.rank(); d++) {
            if (d != ax) {
                out.add(x.dim(d));
            }
        }
        for (int d = 1; d < y.rank(); d++) {
            if (d != ay) {
                out.add(y.dim(d));
            }
        }
        if (out.size() == 1) {
            out.add(1);
        }
        return Shape.of(out.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        INDArray y = inputs.get(1);
        int ax = axis(axes[0], x.rank());
        int ay = axis(axes[1], y.rank());
        INDArray x3 = DotMath.batched(normalize ? DotMath.l2Normalize(x, ax, EPSILON) : x, DotMath.lastOrder(x.rank(), ax), true);
        INDArray y3 = DotMath.batched(normalize ? DotMath.l2Normalize(y, ay, EPSILON) : y, DotMath.firstOrder(y.rank(), ay), false);
        ctx.save("x3", x3);
        ctx.save("y3", y3);
        ctx.save("x", x);
        ctx.save("y", y);
        return Nd4j.matmul(x3, y3).reshape('c', DotMath.outputShape(x.shape(), ax, y.shape(), ay));
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        INDArray x3 = ctx.get("x3");
        INDArray y3 = ctx.get("y3");
        INDArray x = ctx.get("x");
        INDArray y = ctx.get("y");
        int ax = axis(axes[0], x.rank());
        int ay = axis(axes[1], y.rank());
        INDArray g3 = gradOutput.reshape('c', x3.size(0), x3.size(1), y3.size(2));
        INDArray gx = DotMath.unbatched(Nd4j.matmul(g3, y3, false, true, false), x.shape(), DotMath.lastOrder(x.rank(), ax));
        INDArray gy = DotMath.unbatched(Nd4j.matmul(x3, g3, true, false, false), y.shape(), DotMath.firstOrder(y.rank(), ay));
        if (normalize) {
            gx = DotMath.l2NormalizeBackward(x, ax, EPSILON, gx);
            gy = DotMath.l2NormalizeBackward(y, ay, EPSILON, gy);
        }
        return List.of(gx, gy);
    }

    /** Rebuilds from {@link #arguments()}: {@code axes} an int or a list of two, {@code normalize} a boolean. */
    public static Layer fromConfig(Map<String, Object> args) {
        LayerArgs a = new LayerArgs("Dot", args);
        Object v = args.get("axes");
        if (v == null) {
            throw new IllegalArgumentException("Dot: missing argument 'axes' (an int such as 1, or a list of two such as [2, 2])");
        }
        int n = v instanceof List<?> l ? l.size() : 1;
        return new Dot(a.ints("axes", n, null), a.bool("normalize", false));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("axes", axes[0] == axes[1] ? (Object) axes[0] : List.of(axes[0], axes[1]));
        m.put("normalize", normalize);
        return m;
    }

    /** {@code (2, -1)}: ints as written, -1 included (unlike {@link Shape#format}, which prints None). */
    private static String tuple(int[] v) {
        return java.util.Arrays.stream(v).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }
}
