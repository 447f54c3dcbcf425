package dev.hyperforge.engine.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.hyperforge.engine.kernels.Numerics;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.recurrent.Bidirectional;
import dev.hyperforge.engine.layers.recurrent.GRU;
import dev.hyperforge.engine.layers.recurrent.LSTM;

/**
 * S8's two recurrent layers: {@code Bidirectional(LSTM(64, return_sequences=True))} and
 * {@code Bidirectional(GRU(64))}, each on 32 sequences of 200 steps of 128 features; forward in inference mode
 * (forward-only, as the executor's predictions), the training forward pass alone, and forward plus backward
 * (training). The layers reuse their arrays across calls as in a model. {@code numerics}: the engine's numerics level
 * (1: {@code Math.exp} in the gates, 2: {@code FastExp}; 3: the LSTM's recurrence in float; 4: its backward too; 5: the
 * GRU's forward in float, {@code GruFloatBlock}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class RecurrentS8Benchmark {
    @Param({"lstm", "gru"})
    String cell;
    @Param({"5", "4", "2", "1"})
    int numerics;
    private Bidirectional layer;
    private INDArray x;
    private INDArray grad;
    private final Map<String, Object> store = new HashMap<>();

    /** Builds the layer and its input. */
    @Setup
    public void setUp() {
        Numerics.set(Numerics.of(numerics));
        boolean lstm = "lstm".equals(cell);
        layer = BenchData.built(new Bidirectional(lstm ? new LSTM(64, true) : new GRU(64)), 32, 200, 128);
        x = BenchData.uniform(1, 32, 200, 128);
        grad = lstm ? BenchData.uniform(2, 32, 200, 128) : BenchData.uniform(2, 32, 128);
    }

    /** Forward pass (inference mode, forward-only as the executor's predictions). */
    @Benchmark
    public INDArray forward() {
        LayerContext ctx = new LayerContext(false, new java.util.SplittableRandom(0));
        ctx.forwardOnly();
        ctx.reuseBuffers(store);
        return layer.forward(List.of(x), ctx);
    }

    /** Forward pass of a training step alone (keeps the gates and states for backward). */
    @Benchmark
    public INDArray trainingForward() {
        LayerContext ctx = BenchData.training();
        ctx.reuseBuffers(store);
        return layer.forward(List.of(x), ctx);
    }

    /** Forward and backward pass (training). */
    @Benchmark
    public List<INDArray> forwardBackward() {
        LayerContext ctx = BenchData.training();
        ctx.reuseBuffers(store);
        layer.forward(List.of(x), ctx);
        layer.params().forEach(p -> p.clearGrad());
        return layer.backward(grad, ctx);
    }
}
