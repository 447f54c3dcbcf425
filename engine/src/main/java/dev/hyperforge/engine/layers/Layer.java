package dev.hyperforge.engine.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Backend;
import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.Node;
import dev.hyperforge.engine.Operation;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.regularizers.Regularizer;

/**
 * Base of every layer: a named, configurable function with its own weights, its own forward and its
 * own backward pass over ND4J arrays.
 *
 * <p>Lifecycle: {@link #call(Tensor...)} on symbolic tensors checks the input shapes and infers the
 * output shape (errors name the layer, the expected and received shapes); the model then
 * {@link #build(List, ParamInit) builds} the layer once, creating its {@link Param}s; training calls
 * {@link #forward} and {@link #backward} with a fresh {@link LayerContext} per call. Gradients of
 * parameters are accumulated into {@link Param#grad()} so a layer called twice (shared) sums both
 * contributions.
 *
 * <pre>{@code
 * Dense d = new Dense(64, "relu").named("hidden");
 * Tensor h = d.call(Input.of("x", 13));
 * }</pre>
 */
public abstract class Layer implements Operation {
    private String name;
    private boolean built;
    private List<Shape> builtShapes;
    private final List<Param> params = new ArrayList<>();
    /** While {@link #reinitialize} runs: the parameters by name, so that the layer's fields keep the same objects. */
    private Map<String, Param> reusing;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Regularizer> regularizers = new LinkedHashMap<>();
    private String paramPrefix = "";

    protected Layer() {
        Backend.init();
    }

    /** The Keras class name of this layer, e.g. {@code Dense}. */
    public abstract String type();

    /**
     * Checks the input shapes and returns the output shape.
     *
     * @throws IllegalArgumentException naming this layer, the rule, the received shape and a hint
     */
    public abstract Shape outputShape(List<Shape> inputShapes);

    /** Creates and initialises the parameters; called once by the model. Default: no parameters. */
    protected void buildParams(List<Shape> inputShapes, ParamInit init) {
    }

    /** Forward pass of one call. Saves what backward needs into {@code ctx}. */
    public abstract INDArray forward(List<INDArray> inputs, LayerContext ctx);

    /**
     * Backward pass of one call: accumulates parameter gradients and returns the gradient for each input
     * (an element may be {@code null} for inputs that have none, such as integer ids).
     */
    public abstract List<INDArray> backward(INDArray gradOutput, LayerContext ctx);

    /** The layer's arguments (not its name) as JSON-friendly values, enough to rebuild it. */
    public abstract Map<String, Object> arguments();

    /**
     * Whether the layer passes the mask of its (first) input on to its output, as Keras'
     * {@code supports_masking}. A layer that does not support masking drops the mask: layers after it see
     * none. Default false.
     */
    public boolean supportsMasking() {
        return false;
    }

    /**
     * The mask of this call's output, computed after {@link #forward} with the same context: a
     * {@code (batch, steps)} array of 0 and 1 (1 = a real step), or {@code null} for none. Default: the first
     * input's mask when {@link #supportsMasking()}, else none. Layers that make a mask ({@code Embedding}
     * with {@code mask_zero}, {@code Masking}) or change the time axis override it.
     *
     * @param inputs the arrays forward received
     * @param ctx the call's context ({@link LayerContext#inputMask})
     */
    public INDArray computeMask(List<INDArray> inputs, LayerContext ctx) {
        return supportsMasking() ? ctx.inputMask(0) : null;
    }

    /**
     * Whether a call of this layer may leave its final relu to the one call its output feeds, when that call's
     * layer {@link #takesRelu takes it} ({@link LayerContext#leavesRelu}). Default false; a relu {@code Conv2D}.
     */
    public boolean leavesRelu() {
        return false;
    }

    /**
     * Whether this layer can apply, to its output, the relu of the call feeding it with the same bits as
     * when applied to its input ({@code f(relu(x)) = relu(f(x))}), and handle relu's gradient in its backward
     * pass ({@link LayerContext#takesRelu}). Default false; max pooling with windows that do not overlap.
     */
    public boolean takesRelu() {
        return false;
    }

    /** How many inputs the layer takes: a positive number, or -1 for two or more (merges). */
    public int arity() {
        return 1;
    }

    /** Sets the name; returns this for chaining. Only before the layer is part of a model. */
    @SuppressWarnings("unchecked")
    public <L extends Layer> L named(String newName) {
        if (newName == null || newName.isBlank()) {
            throw new IllegalArgumentException(type() + ": a layer name must be non-empty");
        }
        this.name = newName;
        return (L) this;
    }

    /** The layer's name; assigned by the model when not given. */
    @Override
    public String name() {
        return name;
    }

    /** Assigns a default name if none was given (used by the model). */
    public void assignNameIfAbsent(String defaultName) {
        if (name == null) {
            name = defaultName;
        }
    }

    /** Calls the layer on symbolic tensors, returning the symbolic output. */
    public final Tensor call(Tensor... inputs) {
        List<Tensor> in = List.of(inputs);
        checkArity(in.size());
        List<Shape> shapes = new ArrayList<>();
        for (Tensor t : in) {
            shapes.add(t.shape());
        }
        if (!nodes.isEmpty()) {
            checkSameFeatureShapes(nodes.get(0).inputs(), in);
        }
        Node node = new Node(this, in, outputShapes(shapes), outputDType(in));
        nodes.add(node);
        return node.output();
    }

    /**
     * Calls the layer on symbolic tensors, returning all its outputs: one for most layers, the output and
     * the final states for a recurrent layer with {@code return_state} (Keras' {@code out, h, c = lstm(x)}).
     */
    public final List<Tensor> callAll(Tensor... inputs) {
        call(inputs);
        return nodes.get(nodes.size() - 1).outputs();
    }

    /** The shape of every output, the main one first; default the single {@link #outputShape}. */
    public List<Shape> outputShapes(List<Shape> inputShapes) {
        return List.of(outputShape(inputShapes));
    }

    /**
     * Forward pass producing every output ({@link #outputShapes} order); default the single {@link #forward}.
     * Multi-output layers override it and {@link #backwardAll}.
     */
    public List<INDArray> forwardAll(List<INDArray> inputs, LayerContext ctx) {
        return List.of(forward(inputs, ctx));
    }

    /**
     * Backward pass from the gradient of every output; an element is {@code null} when no gradient reached
     * that output (at least one is given). Default: {@link #backward} of the main output's gradient.
     */
    public List<INDArray> backwardAll(List<INDArray> gradOutputs, LayerContext ctx) {
        return backward(gradOutputs.get(0), ctx);
    }

    /** The dtype of the output; float unless a layer says otherwise. */
    protected DType outputDType(List<Tensor> inputs) {
        DType d = inputs.isEmpty() ? DType.FLOAT32 : inputs.get(0).dtype();
        return d == DType.INT32 ? DType.FLOAT32 : d;
    }

    /** Builds the layer for the given input shapes if not yet built. */
    public final void build(List<Shape> inputShapes, ParamInit init) {
        if (built) {
            return;
        }
        buildParams(inputShapes, init);
        builtShapes = List.copyOf(inputShapes);
        built = true;
    }

    /** Whether {@link #build} ran. */
    public boolean isBuilt() {
        return built;
    }

    /** The input shapes this layer was built for. */
    public List<Shape> builtShapes() {
        return builtShapes;
    }

    /** Re-initialises the parameters (same shapes) from {@code init}. */
    public void reinitialize(ParamInit init) {
        if (!built) {
            return;
        }
        Map<String, Param> old = new HashMap<>();
        params.forEach(p -> old.put(p.name(), p));
        params.clear();
        reusing = old;
        try {
            buildParams(builtShapes, init);
        } finally {
            reusing = null;
        }
    }

    /** Registers a parameter; for subclasses' {@link #buildParams}. */
    protected Param addParam(String paramName, INDArray value, boolean trainable) {
        Param p = reusing == null ? null : reusing.get(paramPrefix + paramName);
        if (p == null) {
            p = new Param(paramPrefix + paramName, value, trainable);
        } else {
            p.value().assign(value); // re-initialising: the same Param (held by optimizers, fields) takes the new draw
        }
        params.add(p);
        return p;
    }

    /**
     * Makes {@code inner}'s parameters, once built, be named {@code prefix + name} (a wrapper such as
     * {@code Bidirectional} holds two layers with a {@code kernel} each; saved weights need distinct names).
     */
    protected static void prefixParams(Layer inner, String prefix) {
        inner.paramPrefix = prefix;
    }

    /**
     * Builds (or re-initialises) a wrapped layer that is not itself in the model and registers its
     * parameters as this layer's own, so that optimizers, saving and counting see them. For wrappers'
     * {@link #buildParams}.
     */
    protected void adoptParams(Layer inner, List<Shape> innerShapes, ParamInit init) {
        if (inner.isBuilt()) {
            inner.reinitialize(init);
        } else {
            inner.build(innerShapes, init);
        }
        params.addAll(inner.params());
    }

    /** The parameters in creation order. */
    public List<Param> params() {
        return Collections.unmodifiableList(params);
    }

    /** The calls of this layer made so far. */
    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** Total number of scalar parameters (trainable and not). */
    public long paramCount() {
        long n = 0;
        for (Param p : params) {
            n += p.value().length();
        }
        return n;
    }

    /** The layer's full config: class name, name and arguments (regularizers included, as Keras configs). */
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", type());
        m.put("name", name);
        Map<String, Object> args = arguments();
        if (!regularizers.isEmpty()) {
            args = new LinkedHashMap<>(args);
            for (Map.Entry<String, Regularizer> r : regularizers.entrySet()) {
                args.put(r.getKey(), r.getValue().config());
            }
        }
        m.put("config", args);
        return m;
    }

    /**
     * The weight regularizer arguments this layer takes (Keras names), each mapped to the parameter it
     * penalises, e.g. {@code kernel_regularizer → kernel}; default none. Every layer takes
     * {@code activity_regularizer} (a penalty on its output).
     */
    protected Map<String, String> regularizerArguments() {
        return Map.of();
    }

    /**
     * Sets (or with null removes) a regularizer, e.g. {@code regularize("kernel_regularizer", Regularizer.l2(1e-4))};
     * returns this for chaining.
     *
     * @throws IllegalArgumentException naming this layer and the arguments it takes when it has no such argument
     */
    @SuppressWarnings("unchecked")
    public <L extends Layer> L regularize(String argument, Regularizer r) {
        if (!ACTIVITY.equals(argument) && !regularizerArguments().containsKey(argument)) {
            List<String> known = new ArrayList<>(regularizerArguments().keySet());
            known.add(ACTIVITY);
            throw error("takes no argument '" + argument + "'; its regularizer arguments are " + known);
        }
        if (r == null) {
            regularizers.remove(argument);
        } else {
            regularizers.put(argument, r);
        }
        return (L) this;
    }

    /** Sets the regularizers named by the {@code *_regularizer} keys of config arguments (names, maps or Regularizers). */
    public void applyRegularizerArguments(Map<String, Object> args) {
        for (Map.Entry<String, Object> a : args.entrySet()) {
            if (a.getKey().endsWith("_regularizer") && a.getValue() != null) {
                try {
                    regularize(a.getKey(), Regularizer.from(a.getValue()));
                } catch (IllegalArgumentException e) {
                    throw e.getMessage().startsWith(describe()) ? e : error("argument '" + a.getKey() + "': " + e.getMessage());
                }
            }
        }
    }

    /** The regularizer on the output, or null. */
    public Regularizer activityRegularizer() {
        return regularizers.get(ACTIVITY);
    }

    /** The regularizer on the parameter named {@code paramName}, or null. */
    public Regularizer regularizerOf(String paramName) {
        for (Map.Entry<String, String> e : regularizerArguments().entrySet()) {
            if (e.getValue().equals(paramName)) {
                return regularizers.get(e.getKey());
            }
        }
        return null;
    }

    /** Whether any regularizer is set. */
    public boolean isRegularized() {
        return !regularizers.isEmpty();
    }

    private static final String ACTIVITY = "activity_regularizer";

    /** {@code Dense 'income'}: how errors name the layer. */
    @Override
    public String describe() {
        return type() + (name == null ? "" : " '" + name + "'");
    }

    /** An IllegalArgumentException whose message starts with this layer's description. */
    public IllegalArgumentException error(String message) {
        return new IllegalArgumentException(describe() + " " + message);
    }

    /** A shape error naming this layer, the expectation, what was received and an optional hint. */
    public IllegalArgumentException shapeError(String expected, Shape received, String hint) {
        return error("expects " + expected + ", received " + received + (hint == null ? "" : "; " + hint));
    }

    /** Requires an exact rank. */
    protected void requireRank(Shape s, int rank, String hint) {
        if (s.rank() != rank) {
            throw shapeError("input of rank " + rank, s, hint);
        }
    }

    private void checkArity(int n) {
        int a = arity();
        if (a > 0 && n != a) {
            throw error("takes " + a + " input" + (a == 1 ? "" : "s") + ", received " + n);
        }
        if (a < 0 && n < 2) {
            throw error("merges two or more inputs, received " + n);
        }
    }

    private void checkSameFeatureShapes(List<Tensor> first, List<Tensor> now) {
        for (int i = 0; i < first.size(); i++) {
            Shape a = first.get(i).shape();
            Shape b = now.get(i).shape();
            if (!java.util.Arrays.equals(a.featureDims(), b.featureDims())) {
                throw error("is shared and was first called on " + a + ", cannot be called again on " + b);
            }
        }
    }
}
