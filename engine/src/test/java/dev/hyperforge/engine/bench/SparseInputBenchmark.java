package dev.hyperforge.engine.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
import dev.hyperforge.engine.layers.core.Dense;

/**
 * S5's first layer, Dense(16, relu) on 512 × 10 000 multi-hot rows (each entry 1 with probability {@code density}),
 * forward then backward without the input gradient (a model's first layer), at numerics level 4 (the dense
 * products) and 5 (the products over the input's nonzeros, {@code SparseInput}); {@code forward} times a
 * prediction's forward pass alone (forward-only passes keep the dense product unless {@code -Dhf.sparseInput=all}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class SparseInputBenchmark {
    @Param({"4", "5", "6"})
    int level;
    @Param({"0.005", "0.01", "0.015"})
    double density;
    private Dense dense;
    private INDArray x;
    private INDArray grad;
    private final java.util.Map<String, Object> buffers = new java.util.HashMap<>();

    /** Builds the layer, the input and the output gradient. */
    @Setup
    public void setUp() {
        dense = BenchData.built(new Dense(16, "relu"), 512, 10000);
        SplittableRandom r = new SplittableRandom(8);
        float[] v = new float[512 * 10000];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() < density ? 1f : 0f;
        }
        x = Nd4j.create(v, new long[] {512, 10000}, 'c');
        grad = BenchData.uniform(2, 512, 16);
        Numerics.set(Numerics.of(level));
    }

    /** Forward and backward (kernel and bias gradients), as a training step runs the first layer. */
    @Benchmark
    public List<INDArray> forwardBackward() {
        LayerContext c = BenchData.training();
        c.reuseBuffers(buffers);
        c.setInputGradients(new boolean[] {false});
        dense.forward(List.of(x), c);
        dense.params().forEach(p -> p.clearGrad());
        return dense.backward(grad, c);
    }

    /** A forward-only pass (prediction). */
    @Benchmark
    public INDArray forward() {
        LayerContext c = BenchData.training();
        c.reuseBuffers(buffers);
        c.forwardOnly();
        return dense.forward(List.of(x), c);
    }
}
