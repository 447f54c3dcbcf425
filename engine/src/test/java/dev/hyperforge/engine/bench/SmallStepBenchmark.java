package dev.hyperforge.engine.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.kernels.FreshArrays;
import dev.hyperforge.engine.kernels.HostWeights;
import dev.hyperforge.engine.kernels.SmallDense;
import dev.hyperforge.engine.kernels.SmallKernels;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.optimizers.RMSprop;

/**
 * The small-model path against the op path ({@code path} java or ops, {@link SmallKernels}): a Dense
 * relu layer {@code width → width} at {@code rows} rows, forward and backward with reused arrays as in a
 * model, the RMSprop update of its weights ({@code width² + width} elements), and a whole training step
 * and prediction of S9 (13 → 64 → 64 → 1, MSE, RMSprop, batch 16), with its parts (the kept host weights,
 * a prediction after a weight change, the output array). The size limits are lifted while
 * measuring, so the java rows show where the Java path stops paying.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class SmallStepBenchmark {
    @Param({"java", "ops"})
    String path;
    @Param({"16", "128"})
    int rows;
    @Param({"32", "64", "128", "256"})
    int width;
    private Dense dense;
    private INDArray x;
    private INDArray grad;
    private final Map<String, Object> store = new HashMap<>();
    private final RMSprop rmsprop = new RMSprop(1e-3);

    /** Builds the layer and its arrays; picks the path. */
    @Setup
    public void setUp() {
        SmallKernels.setEnabled("java".equals(path));
        SmallKernels.setLimits(Long.MAX_VALUE, Long.MAX_VALUE);
        dense = BenchData.built(new Dense(width, "relu"), rows, width);
        x = BenchData.uniform(1, rows, width);
        grad = BenchData.uniform(2, rows, width);
    }

    /** Restores the defaults. */
    @TearDown(Level.Trial)
    public void tearDown() {
        SmallKernels.setEnabled(true);
        SmallKernels.setLimits(SmallKernels.MAX_DENSE_WORK, SmallKernels.MAX_UPDATE_LENGTH);
    }

    /** Dense forward and backward (gradients of the input, kernel and bias). */
    @Benchmark
    public List<INDArray> denseForwardBackward() {
        LayerContext ctx = BenchData.training();
        ctx.reuseBuffers(store);
        dense.forward(List.of(x), ctx);
        dense.params().forEach(p -> p.clearGrad());
        return dense.backward(grad, ctx);
    }

    /** One RMSprop update of the layer's kernel and bias (gradients from one backward pass in setup). */
    @Benchmark
    public void rmspropUpdate() {
        if (dense.params().get(0).grad() == null) {
            denseForwardBackward();
        }
        rmsprop.step(dense.params());
    }

    /** A whole S9 step and prediction ({@code rows} and {@code width} do not apply: run with {@code -p rows=16 -p width=64}). */
    @State(Scope.Thread)
    public static class S9 {
        @Param({"java", "ops"})
        String path;
        Model model;
        INDArray x;
        INDArray y;
        Dense[] layers;
        double[][] rowsA;
        double[][] rowsB;
        double[][] kernelRows;
        HostWeights kept;
        HostWeights[] keptLayers;
        FreshArrays outputs = new FreshArrays();
        float flip = 1e-7f;

        /** Builds S9 and its batch. */
        @Setup
        public void setUp() {
            SmallKernels.setEnabled("java".equals(path));
            layers = new Dense[] {new Dense(64, "relu"), new Dense(64, "relu"), new Dense(1)};
            Tensor in = Input.of("x", 13);
            Tensor h = layers[0].call(in);
            h = layers[1].call(h);
            Tensor out = layers[2].named("y").call(h);
            model = new Model("s9", List.of(in), List.of(out), 0L);
            model.compile(new RMSprop(1e-3), "mse");
            x = BenchData.uniform(3, 16, 13);
            y = BenchData.uniform(4, 16, 1);
            rowsA = new double[16][64];
            rowsB = new double[16][64];
            kernelRows = new double[64][64];
            SmallKernels.readRows(x, rowsA, 16, 13);
            kept = new HostWeights();
            keptLayers = new HostWeights[6];
            for (int i = 0; i < keptLayers.length; i++) {
                keptLayers[i] = new HostWeights();
            }
        }

        /** Restores the default. */
        @TearDown(Level.Trial)
        public void tearDown() {
            SmallKernels.setEnabled(true);
        }
    }

    /** S9: one training step. */
    @Benchmark
    public Map<String, Double> s9TrainStep(S9 s) {
        return s.model.trainOnBatch(s.x, s.y);
    }

    /** S9: one prediction of 16 rows. */
    @Benchmark
    public Map<String, INDArray> s9Predict(S9 s) {
        return s.model.predict(s.x, 16);
    }

    /** S9 prediction, its parts: the three layers' arithmetic on host rows, weights read from their arrays as a prediction does. */
    @Benchmark
    public double[][] s9PredictLayers(S9 s) {
        double[][] a = s.rowsA;
        double[][] b = s.rowsB;
        SmallKernels.readRows(s.x, a, 16, 13);
        for (Dense d : s.layers) {
            SmallDense.infer(a, 16, d.params().get(0).value(), d.params().get(1).value(), d.activation(), s.kernelRows, b, true);
            double[][] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    /** S9 prediction, its parts: reading the 64 x 64 kernel (float) into host rows of double. */
    @Benchmark
    public double[][] s9ReadKernel(S9 s) {
        SmallKernels.readRows(s.layers[1].params().get(0).value(), s.kernelRows, 64, 64);
        return s.kernelRows;
    }

    /** S9 prediction after a change of one kernel element each call (the kept host weights are widened again every time). */
    @Benchmark
    public Map<String, INDArray> s9PredictChangedWeights(S9 s) {
        INDArray k = s.layers[1].params().get(0).value();
        s.flip = -s.flip;
        k.data().put(0, k.data().getFloat(0) + s.flip);
        return s.model.predict(s.x, 16);
    }

    /** S9 prediction, its parts: the 64 x 64 kernel's kept host rows when it did not change (bits copied and compared, not widened). */
    @Benchmark
    public double[][] s9KeptKernel(S9 s) {
        return s.kept.rows(s.layers[1].params().get(0).value(), 64, 64);
    }

    /** S9 prediction, its parts: allocating the 16 x 1 output array. */
    @Benchmark
    public INDArray s9OutputArray(S9 s) {
        return Nd4j.createUninitialized(DataType.FLOAT, 16, 1);
    }

    /** S9 prediction, its parts: the 16 x 1 output array with the shape information kept ({@link FreshArrays}). */
    @Benchmark
    public INDArray s9FreshOutput(S9 s) {
        return s.outputs.create(DataType.FLOAT, 16, 1);
    }

    /** S9 prediction, its parts: the three layers on kept host weights (bit checks, products, relu and rounding), as a prediction runs them. */
    @Benchmark
    public double[][] s9PredictKeptLayers(S9 s) {
        double[][] a = s.rowsA;
        double[][] b = s.rowsB;
        SmallKernels.readRows(s.x, a, 16, 13);
        for (int k = 0; k < 3; k++) {
            Dense d = s.layers[k];
            INDArray kernel = d.params().get(0).value();
            int in = (int) kernel.size(0);
            int units = (int) kernel.size(1);
            double[][] w = s.keptLayers[2 * k].rows(kernel, in, units);
            double[] bias = s.keptLayers[2 * k + 1].vector(d.params().get(1).value(), units);
            SmallDense.infer(a, 16, w, bias, in, units, d.activation(), b, true);
            double[][] t = a;
            a = b;
            b = t;
        }
        return a;
    }
}
