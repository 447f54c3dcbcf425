package dev.hyperforge.engine.layers.example;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * The worked example of docs/adding-a-layer.md: multiplies every feature (the last axis) by its own
 * trainable factor, {@code y[..., f] = x[..., f] * gamma[f]}, with {@code gamma} starting at
 * {@code initial}.
 *
 * <pre>{@code
 * Tensor h = new Scale(0.5).call(Input.of("x", 8));   // (None, 8), 8 params
 * }</pre>
 */
public final class Scale extends Layer {
    private final double initial;
    private Param gamma;

    /** @param initial the starting value of every factor */
    public Scale(double initial) {
        this.initial = initial;
    }

    @Override
    public String type() {
        return "Scale";
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        if (s.rank() < 2 || s.dim(-1) == Shape.UNKNOWN) {
            throw shapeError("input with a known last (feature) axis", s, null);
        }
        return s;
    }

    @Override
    protected void buildParams(List<Shape> in, ParamInit init) {
        gamma = addParam("gamma", init.ones(in.get(0).dim(-1)).muli(initial), true);
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        ctx.save("x", x);
        return rows(x).mulRowVector(gamma.value()).reshape(x.shape());
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        INDArray x = ctx.get("x");
        INDArray g = rows(gradOutput);
        gamma.accumulate(g.mul(rows(x)).sum(0));
        return List.of(g.mulRowVector(gamma.value()).reshape(x.shape()));
    }

    /** {@code x} as a matrix of feature rows. */
    private static INDArray rows(INDArray x) {
        long f = x.size(x.rank() - 1);
        return x.reshape('c', x.length() / f, f);
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("initial", initial);
        return m;
    }

    /** Rebuilds the layer from {@link #arguments()}; the registry calls it by name. */
    public static Layer fromConfig(Map<String, Object> args) {
        return new Scale(new LayerArgs("Scale", args).number("initial", 1.0));
    }
}
