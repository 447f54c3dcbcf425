package dev.hyperforge.engine.layers.recurrent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * Runs a recurrent layer over the steps in both directions and merges the two outputs (Keras'
 * {@code Bidirectional}): a forward copy and a {@code go_backwards} copy of the wrapped layer, each with its own
 * weights (named {@code forward/…} and {@code backward/…}). The backward copy's sequence is put back in input
 * order before merging. {@code merge_mode}: {@code concat} (default; last axis doubles), {@code sum},
 * {@code ave}, {@code mul}, or {@code null} for the two outputs unmerged (two output tensors).
 * {@code return_sequences} and {@code return_state} come from the wrapped layer; with {@code return_state}
 * the forward states, then the backward states, follow the output. Masks as in Keras: each direction skips the
 * masked steps, and with sequences the masked steps output zeros.
 *
 * <pre>{@code
 * Tensor h = new Bidirectional(new LSTM(64, true)).call(embedded);          // (None, steps, 128)
 * Tensor v = new Bidirectional(new GRU(64), "sum").call(h);                  // (None, 64)
 * }</pre>
 */
public final class Bidirectional extends Layer {
    private static final List<String> MODES = Arrays.asList("concat", "sum", "ave", "mul", null);
    private final RecurrentLayer wrapped;
    private final RecurrentLayer forwardLayer;
    private final RecurrentLayer backwardLayer;
    private final String mergeMode;

    /** Concatenates both directions. */
    public Bidirectional(RecurrentLayer layer) {
        this(layer, "concat");
    }

    /**
     * @param layer the recurrent layer to run both ways (its config is copied; the layer itself is not used)
     * @param mergeMode concat, sum, ave, mul, or null for two separate outputs
     */
    public Bidirectional(RecurrentLayer layer, String mergeMode) {
        if (layer == null) {
            throw new IllegalArgumentException("Bidirectional: needs a recurrent layer (LSTM, GRU, SimpleRNN)");
        }
        String mode = mergeMode == null ? null : mergeMode.toLowerCase(Locale.ROOT);
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("Bidirectional: merge_mode must be one of concat, sum, ave, mul or null, received '"
                    + mergeMode + "'");
        }
        this.wrapped = layer;
        this.mergeMode = mode;
        this.forwardLayer = copy(layer, false);
        this.backwardLayer = copy(layer, true);
        backwardLayer.sequenceInInputOrder(true);
        forwardLayer.zeroOutputForMask(layer.returnSequences());
        backwardLayer.zeroOutputForMask(layer.returnSequences());
        prefixParams(forwardLayer, "forward/");
        prefixParams(backwardLayer, "backward/");
    }

    private static RecurrentLayer copy(RecurrentLayer layer, boolean flip) {
        Map<String, Object> args = new LinkedHashMap<>(layer.arguments());
        if (flip) {
            args.put("go_backwards", !layer.goBackwards());
        }
        return (RecurrentLayer) LayerRegistry.create(layer.type(), args);
    }

    @Override
    public String type() {
        return "Bidirectional";
    }

    /** The merge mode; null when the two directions are separate outputs. */
    public String mergeMode() {
        return mergeMode;
    }

    /** The layer running first to last. */
    public RecurrentLayer forwardLayer() {
        return forwardLayer;
    }

    /** The layer running last to first. */
    public RecurrentLayer backwardLayer() {
        return backwardLayer;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        return outputShapes(in).get(0);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> in) {
        List<Shape> inner = forwardLayer.outputShapes(in);
        Shape out = inner.get(0);
        List<Shape> result = new ArrayList<>();
        if ("concat".equals(mergeMode)) {
            out = out.with(out.rank() - 1, 2 * forwardLayer.units());
        }
        result.add(out);
        if (mergeMode == null) {
            result.add(out);
        }
        List<Shape> states = inner.subList(1, inner.size());
        result.addAll(states);
        result.addAll(states);
        return result;
    }

    @Override
    protected void buildParams(List<Shape> in, ParamInit init) {
        adoptParams(forwardLayer, in, init);
        adoptParams(backwardLayer, in, init);
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public INDArray computeMask(List<INDArray> inputs, LayerContext ctx) {
        return wrapped.returnSequences() ? ctx.inputMask(0) : null;
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        return forwardAll(inputs, ctx).get(0);
    }

    @Override
    public List<INDArray> forwardAll(List<INDArray> inputs, LayerContext ctx) {
        LayerContext fc = ctx.child("forward");
        LayerContext bc = ctx.child("backward");
        List<INDArray> yf = forwardLayer.forwardAll(inputs, fc);
        List<INDArray> yb = backwardLayer.forwardAll(inputs, bc);
        ctx.setExtra(new Object[] {fc, bc, yf.get(0), yb.get(0)});
        List<INDArray> out = new ArrayList<>();
        if (mergeMode == null) {
            out.add(yf.get(0));
            out.add(yb.get(0));
        } else {
            out.add(merge(yf.get(0), yb.get(0), ctx));
        }
        out.addAll(yf.subList(1, yf.size()));
        out.addAll(yb.subList(1, yb.size()));
        return out;
    }

    private INDArray merge(INDArray f, INDArray b, LayerContext ctx) {
        switch (mergeMode) {
            case "concat" -> {
                long[] shape = f.shape().clone();
                long u = shape[shape.length - 1];
                shape[shape.length - 1] = 2 * u;
                INDArray out = ctx.reusable("merged", f.dataType(), shape);
                out.get(lastAxis(out.rank(), 0, u)).assign(f);
                out.get(lastAxis(out.rank(), u, 2 * u)).assign(b);
                return out;
            }
            case "sum" -> {
                return f.add(b);
            }
            case "ave" -> {
                return f.add(b).muli(0.5);
            }
            default -> {
                return f.mul(b);
            }
        }
    }

    private static INDArrayIndex[] lastAxis(int rank, long from, long to) {
        INDArrayIndex[] idx = new INDArrayIndex[rank];
        Arrays.fill(idx, NDArrayIndex.all());
        idx[rank - 1] = NDArrayIndex.interval(from, to);
        return idx;
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        List<INDArray> gs = new ArrayList<>(Arrays.asList(new INDArray[outputCount()]));
        gs.set(0, gradOutput);
        return backwardAll(gs, ctx);
    }

    private int outputCount() {
        int states = wrapped.returnState() ? forwardLayer.stateCount() : 0;
        return (mergeMode == null ? 2 : 1) + 2 * states;
    }

    @Override
    public List<INDArray> backwardAll(List<INDArray> gs, LayerContext ctx) {
        Object[] saved = ctx.extra();
        if (saved == null) {
            throw new IllegalStateException("backward called without forward on " + describe());
        }
        INDArray[] split = split(gs, (INDArray) saved[2], (INDArray) saved[3], ctx);
        int first = mergeMode == null ? 2 : 1;
        int states = wrapped.returnState() ? forwardLayer.stateCount() : 0;
        List<INDArray> gf = new ArrayList<>();
        List<INDArray> gb = new ArrayList<>();
        gf.add(split[0]);
        gb.add(split[1]);
        for (int k = 0; k < states; k++) {
            gf.add(gs.get(first + k));
            gb.add(gs.get(first + states + k));
        }
        INDArray dxf = anyGradient(gf) ? forwardLayer.backwardAll(gf, (LayerContext) saved[0]).get(0) : null;
        INDArray dxb = anyGradient(gb) ? backwardLayer.backwardAll(gb, (LayerContext) saved[1]).get(0) : null;
        INDArray dx = dxf == null ? dxb : dxb == null ? dxf : dxf.addi(dxb);
        return Arrays.asList(dx);
    }

    private static boolean anyGradient(List<INDArray> gs) {
        for (INDArray g : gs) {
            if (g != null) {
                return true;
            }
        }
        return false;
    }

    /** The gradients of the two directions' main outputs from the merged output's gradient. */
    private INDArray[] split(List<INDArray> gs, INDArray f, INDArray b, LayerContext ctx) {
        INDArray g = gs.get(0);
        if (mergeMode == null) {
            return new INDArray[] {g, gs.get(1)};
        }
        if (g == null) {
            return new INDArray[] {null, null};
        }
        return switch (mergeMode) {
            case "concat" -> {
                long u = f.size(f.rank() - 1);
                INDArray gf = ctx.reusable("grad_forward", g.dataType(), f.shape()).assign(g.get(lastAxis(g.rank(), 0, u)));
                INDArray gb = ctx.reusable("grad_backward", g.dataType(), f.shape()).assign(g.get(lastAxis(g.rank(), u, 2 * u)));
                yield new INDArray[] {gf, gb};
            }
            case "sum" -> new INDArray[] {g, g};
            case "ave" -> {
                INDArray half = g.mul(0.5);
                yield new INDArray[] {half, half};
            }
            default -> new INDArray[] {g.mul(b), g.mul(f)};
        };
    }

    /** Rebuilds from {@link #arguments()}: {@code layer} holds the wrapped layer's config. */
    @SuppressWarnings("unchecked")
    public static Layer fromConfig(Map<String, Object> args) {
        Object inner = args.get("layer");
        if (!(inner instanceof Map)) {
            throw new IllegalArgumentException("Bidirectional: 'layer' must be a recurrent layer's config such as "
                    + "{class_name: LSTM, config: {units: 64}}, received " + inner);
        }
        Layer l = LayerRegistry.fromConfig((Map<String, Object>) inner);
        if (!(l instanceof RecurrentLayer r)) {
            throw new IllegalArgumentException("Bidirectional: wraps LSTM, GRU or SimpleRNN, received " + l.type());
        }
        Object mode = args.containsKey("merge_mode") ? args.get("merge_mode") : "concat";
        return new Bidirectional(r, mode == null ? null : String.valueOf(mode));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("class_name", wrapped.type());
        inner.put("config", wrapped.arguments());
        m.put("layer", inner);
        m.put("merge_mode", mergeMode);
        return m;
    }
}
