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

import dev.hyperforge.engine.layers.Conv1D;
import dev.hyperforge.engine.layers.Conv2D;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Convolutions of the reference models, forward and forward plus backward: {@code s2conv1} is S2's first
 * Conv1D (64 x 500 x 256 → 128 filters of width 5, relu), {@code s6conv2} S6's second Conv2D
 * (128 x 14 x 14 x 32 → 64 filters 3 x 3, same, relu).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class ConvBenchmark {
    @Param({"s2conv1", "s6conv2"})
    String conv;
    private Layer layer;
    private INDArray x;
    private INDArray grad;

    /** Builds the layer and its input and output gradient. */
    @Setup
    public void setUp() {
        if ("s2conv1".equals(conv)) {
            layer = BenchData.built(new Conv1D(128, 5, "relu"), 64, 500, 256);
            x = BenchData.uniform(1, 64, 500, 256);
            grad = BenchData.uniform(2, 64, 496, 128);
        } else {
            layer = BenchData.built(Conv2D.fromConfig(java.util.Map.of("filters", 64, "kernel_size", 3, "padding", "same",
                    "activation", "relu")), 128, 14, 14, 32);
            x = BenchData.uniform(1, 128, 14, 14, 32);
            grad = BenchData.uniform(2, 128, 14, 14, 64);
        }
    }

    /** Forward pass (inference mode). */
    @Benchmark
    public INDArray forward() {
        return layer.forward(List.of(x), new LayerContext(false, null));
    }

    /** Forward and backward pass (gradients of the input, kernel and bias). */
    @Benchmark
    public List<INDArray> forwardBackward() {
        LayerContext ctx = BenchData.training();
        layer.forward(List.of(x), ctx);
        layer.params().forEach(p -> p.clearGrad());
        return layer.backward(grad, ctx);
    }
}
