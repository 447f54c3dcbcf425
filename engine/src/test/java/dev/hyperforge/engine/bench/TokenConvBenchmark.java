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
import dev.hyperforge.engine.layers.convolutional.Conv1D;
import dev.hyperforge.engine.layers.core.Embedding;

/**
 * S2's embedding and first convolution, forward and backward (Embedding(50000, 256) → Conv1D(128, 5, relu) on
 * 64 × 500 ids): at numerics level 3 (the per-position backward) and 4 (over the batch's distinct tokens,
 * {@code TokenConv}), with uniform ids (the benchmark's: about 74 % of the 32 000 positions hold distinct tokens) or
 * skewed ones ({@code 50000·u⁴}, u uniform: tokens repeat as in text). The embedding's gradient ends as row
 * gradients (the optimizer step is not timed).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class TokenConvBenchmark {
    @Param({"3", "4"})
    int level;
    @Param({"uniform", "skewed"})
    String ids;
    private Embedding embedding;
    private Conv1D conv;
    private INDArray x;
    private INDArray grad;
    private final java.util.Map<String, Object> embBuffers = new java.util.HashMap<>();
    private final java.util.Map<String, Object> convBuffers = new java.util.HashMap<>();

    /** Builds both layers, the ids and the output gradient. */
    @Setup
    public void setUp() {
        embedding = BenchData.built(new Embedding(50000, 256), 64, 500);
        conv = BenchData.built(new Conv1D(128, 5, "relu"), 64, 500, 256);
        SplittableRandom r = new SplittableRandom(4);
        float[] v = new float[64 * 500];
        for (int i = 0; i < v.length; i++) {
            v[i] = "uniform".equals(ids) ? r.nextInt(50000) : (int) (50000 * Math.pow(r.nextDouble(), 4));
        }
        x = Nd4j.create(v, new long[] {64, 500}, 'c');
        grad = BenchData.uniform(2, 64, 496, 128);
        Numerics.set(Numerics.of(level));
    }

    /** Embedding and convolution forward, then both backward. */
    @Benchmark
    public List<INDArray> forwardBackward() {
        LayerContext e = BenchData.training();
        e.reuseBuffers(embBuffers);
        LayerContext c = BenchData.training();
        c.reuseBuffers(convBuffers);
        INDArray h = embedding.forward(List.of(x), e);
        conv.forward(List.of(h), c);
        embedding.params().forEach(p -> p.clearGrad());
        conv.params().forEach(p -> p.clearGrad());
        return embedding.backward(conv.backward(grad, c).get(0), e);
    }
}
