package dev.hyperforge.engine.layers.recurrent;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.HostArrays;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * Applies one layer to every time step (Keras' {@code TimeDistributed}): input {@code (batch, steps, ...)}
 * is seen by the wrapped layer as {@code (batch·steps, ...)}, its output is reshaped back to
 * {@code (batch, steps, ...)}. One set of weights serves every step (the wrapped layer's, under its own names).
 * The input's mask passes through.
 *
 * <pre>{@code
 * Tensor frames = Input.of("frames", 10, 28, 28, 1);
 * Tensor perFrame = new TimeDistributed(new Flatten()).call(frames);        // (None, 10, 784)
 * Tensor tags = new TimeDistributed(new Dense(5, "softmax")).call(seq);     // (None, steps, 5)
 * }</pre>
 */
public final class TimeDistributed extends Layer {
    private final Layer inner;

    /** @param layer a single-input, single-output layer, not used elsewhere */
    public TimeDistributed(Layer layer) {
        if (layer == null || layer.arity() != 1) {
            throw new IllegalArgumentException("TimeDistributed: wraps a single-input layer, received "
                    + (layer == null ? "null" : layer.type()));
        }
        this.inner = layer;
    }

    @Override
    public String type() {
        return "TimeDistributed";
    }

    /** The wrapped layer. */
    public Layer layer() {
        return inner;
    }

    private Shape innerShape(Shape s) {
        if (s.rank() < 3) {
            throw shapeError("input of rank >= 3 (batch, steps, ...)", s, "TimeDistributed applies its layer to each step");
        }
        int[] d = new int[s.rank() - 1];
        d[0] = Shape.UNKNOWN;
        for (int i = 2; i < s.rank(); i++) {
            d[i - 1] = s.dim(i);
        }
        return Shape.of(d);
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        Shape o = inner.outputShape(List.of(innerShape(s)));
        int[] d = new int[o.rank() + 1];
        d[0] = s.dim(0);
        d[1] = s.dim(1);
        for (int i = 1; i < o.rank(); i++) {
            d[i + 1] = o.dim(i);
        }
        return Shape.of(d);
    }

    @Override
    protected void buildParams(List<Shape> in, ParamInit init) {
        adoptParams(inner, List.of(innerShape(in.get(0))), init);
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        long n = x.size(0);
        long steps = x.size(1);
        long[] shape = x.shape().clone();
        long[] flat = Arrays.copyOfRange(shape, 1, shape.length);
        flat[0] = n * steps;
        LayerContext c = ctx.child("inner");
        ctx.setExtra(new Object[] {c, shape});
        INDArray y = inner.forward(List.of(HostArrays.contiguous(x).reshape('c', flat)), c);
        long[] out = new long[y.rank() + 1];
        out[0] = n;
        out[1] = steps;
        System.arraycopy(y.shape(), 1, out, 2, y.rank() - 1);
        return HostArrays.contiguous(y).reshape('c', out);
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        Object[] saved = ctx.extra();
        long[] inShape = (long[]) saved[1];
        long[] flat = new long[gradOutput.rank() - 1];
        flat[0] = gradOutput.size(0) * gradOutput.size(1);
        for (int i = 2; i < gradOutput.rank(); i++) {
            flat[i - 1] = gradOutput.size(i);
        }
        INDArray dx = inner.backward(HostArrays.contiguous(gradOutput).reshape('c', flat), (LayerContext) saved[0]).get(0);
        return Arrays.asList(dx == null ? null : HostArrays.contiguous(dx).reshape('c', inShape));
    }

    /** Rebuilds from {@link #arguments()}: {@code layer} holds the wrapped layer's config. */
    @SuppressWarnings("unchecked")
    public static Layer fromConfig(Map<String, Object> args) {
        Object l = args.get("layer");
        if (!(l instanceof Map)) {
            throw new IllegalArgumentException("TimeDistributed: 'layer' must be a layer config such as "
                    + "{class_name: Dense, config: {units: 8}}, received " + l);
        }
        return new TimeDistributed(LayerRegistry.fromConfig((Map<String, Object>) l));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("class_name", inner.type());
        l.put("config", inner.arguments());
        m.put("layer", l);
        return m;
    }
}
