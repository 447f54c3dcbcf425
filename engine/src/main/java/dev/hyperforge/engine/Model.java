package dev.hyperforge.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.kernels.SmallKernels;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;
import dev.hyperforge.engine.layers.core.InputLayer;
import dev.hyperforge.engine.losses.Loss;
import dev.hyperforge.engine.optimizers.Optimizer;

/**
 * A functional model: a graph of layer calls from named inputs to named outputs.
 *
 * <pre>{@code
 * Tensor text = Input.ints("text", Shape.UNKNOWN);
 * Tensor question = Input.ints("question", Shape.UNKNOWN);
 * Tensor t = new LSTM(32).call(new Embedding(10000, 64).call(text));
 * Tensor q = new LSTM(16).call(new Embedding(10000, 32).call(question));
 * Tensor answer = new Dense(500, "softmax").named("answer").call(new Concatenate().call(t, q));
 * Model model = new Model(List.of(text, question), List.of(answer));
 * model.compile(new RMSprop(1e-3), "categorical_crossentropy", null, List.of("accuracy"));
 * History h = model.fit(Map.of("text", xt, "question", xq), y,
 *     FitOptions.builder().epochs(10).batchSize(128).validationSplit(0.2).build());
 * }</pre>
 */
public class Model {
    private final String name;
    private final Graph graph;
    private final Executor executor;
    private final DataType dtype;
    private Compiled compiled;
    private Trainer trainer;
    private volatile boolean stopRequested;
    private long batchSeed;
    private SmallPredict smallPredict;
    private boolean smallPredictChecked;

    /** A model from its inputs and outputs, weights initialised with seed 0. */
    public Model(List<Tensor> inputs, List<Tensor> outputs) {
        this("model", inputs, outputs, 0L);
    }

    /** A single-input, single-output model. */
    public Model(Tensor input, Tensor output) {
        this("model", List.of(input), List.of(output), 0L);
    }

    /**
     * @param name the model's name (shown by summary)
     * @param inputs inputs created by {@link Input}
     * @param outputs tensors computed from the inputs; their layers' names are the output names
     * @param seed seed of the initial weights
     */
    public Model(String name, List<Tensor> inputs, List<Tensor> outputs, long seed) {
        Backend.init();
        this.name = name;
        this.graph = new Graph(inputs, outputs);
        this.dtype = computeType(inputs);
        this.executor = new Executor(graph, dtype);
        build(seed);
    }

    private static DataType computeType(List<Tensor> inputs) {
        for (Tensor t : inputs) {
            if (t.dtype() == DType.FLOAT64) {
                return DataType.DOUBLE;
            }
        }
        return DataType.FLOAT;
    }

    private void build(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        for (Layer l : graph.layers()) {
            if (l instanceof InputLayer) {
                continue;
            }
            SplittableRandom r = root.split();
            if (!l.isBuilt()) {
                List<Shape> shapes = new ArrayList<>();
                l.nodes().get(0).inputs().forEach(t -> shapes.add(t.shape()));
                l.build(shapes, new ParamInit(r, dtype));
            }
        }
    }

    /**
     * Re-draws every weight from {@code seed} (the same seed gives bit-identical weights) and resets the
     * optimizer's state.
     */
    public void initializeWeights(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        for (Layer l : graph.layers()) {
            if (l instanceof InputLayer) {
                continue;
            }
            l.reinitialize(new ParamInit(root.split(), dtype));
        }
        if (compiled != null) {
            compiled = new Compiled(Optimizer.fromConfig(compiled.optimizer.config()), compiled.losses, weightsList(),
                    compiled.metricSpec, graph.outputNames());
            trainer = new Trainer(this, graph, executor, compiled);
        }
    }

    private List<Double> weightsList() {
        List<Double> w = new ArrayList<>();
        for (double d : compiled.weights) {
            w.add(d);
        }
        return w;
    }

    /** The model's name. */
    public String name() {
        return name;
    }

    /** Input names in order. */
    public List<String> inputNames() {
        return graph.inputNames();
    }

    /** Output names in order. */
    public List<String> outputNames() {
        return graph.outputNames();
    }

    /** The model's inputs. */
    public List<Tensor> inputs() {
        return graph.inputs();
    }

    /** The model's outputs. */
    public List<Tensor> outputs() {
        return graph.outputs();
    }

    /** Distinct layers, inputs first, in order of use. */
    public List<Layer> layers() {
        return graph.layers();
    }

    /** Layer calls in execution order (inputs excluded). */
    public List<Node> nodes() {
        return graph.nodes();
    }

    /** A layer by name. */
    public Layer getLayer(String layerName) {
        return graph.layer(layerName);
    }

    /** The compute data type (float32, or float64 when an input is float64). */
    public DataType dataType() {
        return dtype;
    }

    /** Total number of parameters. */
    public long countParams() {
        long n = 0;
        for (Layer l : graph.layers()) {
            n += l.paramCount();
        }
        return n;
    }

    /**
     * Configures training.
     *
     * @param optimizer the optimizer
     * @param loss a loss name or {@link Loss} for every output, a List in output order, or a Map by output name
     * @param lossWeights null (all 1), a number, a List in output order or a Map by output name
     * @param metrics null, a List of names for every output, or a Map from output name to name or List
     * @return this
     */
    public Model compile(Optimizer optimizer, Object loss, Object lossWeights, Object metrics) {
        this.compiled = new Compiled(optimizer, loss, lossWeights, metrics, graph.outputNames());
        this.trainer = new Trainer(this, graph, executor, compiled);
        return this;
    }

    /** Configures training with one loss for all outputs and optional metric names. */
    public Model compile(Optimizer optimizer, Object loss, String... metrics) {
        return compile(optimizer, loss, null, metrics.length == 0 ? null : List.of(metrics));
    }

    /** The optimizer set by compile. */
    public Optimizer optimizer() {
        requireCompiled("optimizer");
        return compiled.optimizer;
    }

    /** The loss of each output, in output order. */
    public List<Loss> losses() {
        requireCompiled("losses");
        return compiled.losses;
    }

    /** Loss weights in output order. */
    public double[] lossWeights() {
        requireCompiled("lossWeights");
        return compiled.weights.clone();
    }

    /**
     * Trains the model.
     *
     * @param x an array, a list in input order, or a map by input name
     * @param y an array, a list in output order, or a map by output name
     */
    public History fit(Object x, Object y, FitOptions options) {
        requireCompiled("fit");
        List<INDArray> xs = DataAdapter.order(x, graph.inputNames(), "input");
        List<INDArray> ys = DataAdapter.order(y, graph.outputNames(), "output");
        checkData(xs, ys);
        stopRequested = false;
        return trainer.fit(xs, ys, options);
    }

    /**
     * One optimisation step on a single batch (Keras's {@code train_on_batch}); returns its losses and
     * metrics. Shapes are checked like {@code fit}.
     */
    public Map<String, Double> trainOnBatch(Object x, Object y) {
        requireCompiled("trainOnBatch");
        List<INDArray> xs = DataAdapter.order(x, graph.inputNames(), "input");
        List<INDArray> ys = DataAdapter.order(y, graph.outputNames(), "output");
        checkData(xs, ys);
        return trainer.trainOnBatch(xs, ys, batchSeed++);
    }

    /** Loss and metrics on data, in inference mode. */
    public Map<String, Double> evaluate(Object x, Object y, int batchSize) {
        requireCompiled("evaluate");
        List<INDArray> xs = DataAdapter.order(x, graph.inputNames(), "input");
        List<INDArray> ys = DataAdapter.order(y, graph.outputNames(), "output");
        checkData(xs, ys);
        return trainer.evaluate(xs, ys, batchSize, "");
    }

    /** Loss and metrics with batches of 256. */
    public Map<String, Double> evaluate(Object x, Object y) {
        return evaluate(x, y, 256);
    }

    /** Predictions by output name, in inference mode. */
    public Map<String, INDArray> predict(Object x, int batchSize) {
        List<INDArray> xs = DataAdapter.order(x, graph.inputNames(), "input");
        DataAdapter.checkInputs(xs, graph);
        long n = DataAdapter.samples(xs, graph.inputNames(), null, null);
        INDArray small = smallPredict(xs, batchSize);
        if (small != null) {
            return new LinkedHashMap<>(Map.of(graph.outputNames().get(0), small));
        }
        List<List<INDArray>> parts = new ArrayList<>();
        graph.outputs().forEach(o -> parts.add(new ArrayList<>()));
        for (long from = 0; from < n; from += batchSize) {
            Executor.Pass pass = executor.forward(DataAdapter.range(xs, from, Math.min(n, from + batchSize)), false, 0L);
            for (int i = 0; i < graph.outputs().size(); i++) {
                parts.get(i).add(pass.value(graph.outputs().get(i)));
            }
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            List<INDArray> p = parts.get(i);
            out.put(graph.outputNames().get(i), p.size() == 1 ? p.get(0) : Nd4j.concat(0, p.toArray(new INDArray[0])));
        }
        return out;
    }

    /**
     * The prediction of a small chain of Dense layers without the executor ({@link SmallPredict}); null where
     * it does not apply, and under {@code -Dhf.profile=true}, whose per-layer times come from the executor.
     */
    private INDArray smallPredict(List<INDArray> xs, int batchSize) {
        if (!smallPredictChecked) {
            smallPredict = SmallPredict.of(graph, dtype);
            smallPredictChecked = true;
        }
        return smallPredict == null || !SmallKernels.enabled() || Profiler.ON ? null : smallPredict.predict(xs.get(0), batchSize);
    }

    /** Predictions with batches of 256. */
    public Map<String, INDArray> predict(Object x) {
        return predict(x, 256);
    }

    void checkData(List<INDArray> xs, List<INDArray> ys) {
        DataAdapter.checkInputs(xs, graph);
        DataAdapter.samples(xs, graph.inputNames(), ys, graph.outputNames());
        for (int i = 0; i < ys.size(); i++) {
            Tensor out = graph.outputs().get(i);
            Loss loss = compiled.losses.get(i);
            if (!loss.acceptsTargets(out.shape(), ys.get(i).shape())) {
                throw new IllegalArgumentException("output '" + graph.outputNames().get(i) + "' (" + Graph.layerOf(out).describe() + ", loss "
                        + loss.name() + ") expects targets of shape " + loss.expectedTargetShape(out.shape()) + ", received "
                        + Shape.format(ys.get(i).shape()) + targetHint(loss, out.shape(), ys.get(i).shape()));
            }
        }
    }

    private static String targetHint(Loss loss, Shape out, long[] got) {
        if (out.rank() > got.length && out.rank() >= 3) {
            return "; the output keeps a steps/spatial axis from the layers before it: did you mean a global pooling layer"
                    + " (GlobalMaxPooling1D) or Flatten before the output layer?";
        }
        if (got.length == 1 && out.rank() == 2 && out.dim(1) == 1) {
            return "; reshape the targets to (n, 1)";
        }
        if (loss.name().startsWith("categorical") && got.length == 2 && got[1] == 1 && out.dim(-1) > 1) {
            return "; targets look like class ids: one-hot encode them or use sparse_categorical_crossentropy";
        }
        if (got.length == 2 && out.rank() == 2 && out.dim(1) == 1 && got[1] > 1) {
            return "; the output has one unit but the targets have " + got[1] + " columns: did you one-hot encode"
                    + " (to_categorical) the targets of a regression or binary output?";
        }
        if (loss.name().startsWith("categorical") && got.length == 2 && out.rank() == 2 && got[1] > 1 && got[1] != out.dim(1)) {
            return "; the targets have " + got[1] + " classes but the output has " + out.dim(1)
                    + " units: give the output one unit per class, or one-hot encode with that many classes";
        }
        return "";
    }

    /** Asks a running {@code fit} to stop after the current epoch (used by EarlyStopping). */
    public void stopTraining() {
        stopRequested = true;
    }

    /** Whether a stop was requested. */
    public boolean stopRequested() {
        return stopRequested;
    }

    /** Copies of all weights (trainable and not), layer by layer. */
    public List<INDArray> getWeights() {
        List<INDArray> w = new ArrayList<>();
        for (Layer l : graph.layers()) {
            for (Param p : l.params()) {
                w.add(p.value().dup());
            }
        }
        return w;
    }

    /** Overwrites all weights (same order and shapes as {@link #getWeights()}). */
    public void setWeights(List<INDArray> weights) {
        List<Param> ps = new ArrayList<>();
        graph.layers().forEach(l -> ps.addAll(l.params()));
        if (ps.size() != weights.size()) {
            throw new IllegalArgumentException("setWeights expects " + ps.size() + " arrays, received " + weights.size());
        }
        for (int i = 0; i < ps.size(); i++) {
            Param p = ps.get(i);
            INDArray w = weights.get(i);
            if (!java.util.Arrays.equals(p.value().shape(), w.shape())) {
                throw new IllegalArgumentException("weight " + i + " (" + p.name() + ") expects shape " + Shape.format(p.value().shape())
                        + ", received " + Shape.format(w.shape()));
            }
            p.value().assign(w);
        }
    }

    /** The Keras-style summary table. */
    public String summary() {
        return Summary.of(this);
    }

    /** The architecture (and compile settings, if compiled) as a JSON-friendly map. */
    public Map<String, Object> toConfig() {
        return ModelIO.config(this);
    }

    /** The architecture as JSON. */
    public String toJson() {
        return ModelIO.toJson(this);
    }

    /** Rebuilds a model from {@link #toJson()} (fresh weights from {@code seed}). */
    public static Model fromJson(String json, long seed) {
        return ModelIO.fromJson(json, seed);
    }

    /** Saves architecture, weights and optimizer state to a zip file. */
    public void save(Path path) throws IOException {
        ModelIO.save(this, path);
    }

    /** Loads a model saved with {@link #save}. */
    public static Model load(Path path) throws IOException {
        return ModelIO.load(path);
    }

    /** Gradients of the batch-mean total loss left in each parameter (for gradient checks); returns the loss. */
    double computeGradients(Object x, Object y, long seed) {
        requireCompiled("computeGradients");
        return trainer.gradients(DataAdapter.order(x, graph.inputNames(), "input"), DataAdapter.order(y, graph.outputNames(), "output"), seed);
    }

    /** Like {@link #computeGradients(Object, Object, long)} with one weight per row (as sample_weight). */
    double computeGradients(Object x, Object y, INDArray weights, long seed) {
        requireCompiled("computeGradients");
        return trainer.gradients(DataAdapter.order(x, graph.inputNames(), "input"), DataAdapter.order(y, graph.outputNames(), "output"), weights, seed);
    }

    boolean isCompiled() {
        return compiled != null;
    }

    Compiled compiled() {
        return compiled;
    }

    private void requireCompiled(String what) {
        if (compiled == null) {
            throw new IllegalStateException(what + " needs a compiled model: call compile(optimizer, loss, ...) first");
        }
    }
}
