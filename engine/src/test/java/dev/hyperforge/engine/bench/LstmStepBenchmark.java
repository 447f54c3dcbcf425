package dev.hyperforge.engine.bench;

import java.util.List;
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

import dev.hyperforge.engine.layers.recurrent.LSTM;
import dev.hyperforge.engine.layers.LayerContext;


/**
 * The LSTM of S1's text branch: 128 sequences of 100 steps, 64 features, 32 units (and the question
 * branch's 32 → 16 with {@code units=16}); forward alone and forward plus backward (gradients of the
 * input and the three weights). {@code numerics}: the engine's numerics level (2: the double recurrence with
 * FastExp gates, row blocks in lockstep; 3: the float32 recurrence of {@code LstmFloatBlock}; 4: also the float32
 * backward of {@code LstmFloatBackBlock}, which {@code forwardBackward} times).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class LstmStepBenchmark {
    @Param({"32"})
    int units;
    @Param({"2", "3", "4"})
    int numerics;
    private LSTM lstm;
    private INDArray x;
    private INDArray grad;

    /** Builds the layer and its input. */
    @Setup
    public void setUp() {
        dev.hyperforge.engine.kernels.Numerics.set(dev.hyperforge.engine.kernels.Numerics.of(numerics));
        int features = units == 16 ? 32 : 64;
        lstm = BenchData.built(new LSTM(units), 128, 100, features);
        x = BenchData.uniform(1, 128, 100, features);
        grad = BenchData.uniform(2, 128, units);
    }

    /** Forward pass (inference mode). */
    @Benchmark
    public INDArray forward() {
        LayerContext ctx = new LayerContext(false, null);
        ctx.forwardOnly();
        return lstm.forward(List.of(x), ctx);
    }

    /** Forward and backward pass (training). */
    @Benchmark
    public List<INDArray> forwardBackward() {
        LayerContext ctx = BenchData.training();
        lstm.forward(List.of(x), ctx);
        lstm.params().forEach(p -> p.clearGrad());
        return lstm.backward(grad, ctx);
    }
}
