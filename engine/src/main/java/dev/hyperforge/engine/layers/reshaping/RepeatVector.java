package dev.hyperforge.engine.layers.reshaping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Keras' {@code RepeatVector}: repeats a {@code (batch, features)} input {@code n} times into
 * {@code (batch, n, features)} (to feed a vector to every step of a recurrent decoder).
 *
 * <pre>{@code
 * Tensor steps = new RepeatVector(10).call(encoded);   // (None, 32) -> (None, 10, 32)
 * }</pre>
 */
public final class RepeatVector extends Layer {
    private final int n;

    /** @param n how many times to repeat (positive) */
    public RepeatVector(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("RepeatVector: n must be positive, received " + n);
        }
        this.n = n;
    }

    @Override
    public String type() {
        return "RepeatVector";
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        requireRank(s, 2, s.rank() > 2 ? "flatten or pool the input to (batch, features) first" : null);
        return Shape.of(s.dim(0), n, s.dim(1));
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        return x.reshape(x.size(0), 1, x.size(1)).broadcast(x.size(0), n, x.size(1)).dup('c');
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        return List.of(gradOutput.sum(1));
    }

    /** Rebuilds from {@link #arguments()}. */
    public static Layer fromConfig(Map<String, Object> args) {
        return new RepeatVector(new LayerArgs("RepeatVector", args).integer("n"));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n);
        return m;
    }
}
