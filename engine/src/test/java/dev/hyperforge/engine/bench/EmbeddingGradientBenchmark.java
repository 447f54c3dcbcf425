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

import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.core.Embedding;
import dev.hyperforge.engine.optimizers.RMSprop;

/**
 * An Embedding's backward pass and RMSprop update in S2's shapes (50000 x 256, 64 x 500 ids) or S1's
 * ({@code shape=s1}: 10000 x 64, 128 x 100 ids): {@code rowWise} keeps the gradient row-wise and updates
 * only the touched rows, {@code dense} forms the dense gradient first (the engine's former path);
 * {@code lookup} is the forward pass on float ids (as the reference models feed them) into the call's
 * reused output array, as in training.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class EmbeddingGradientBenchmark {
    @Param({"s2"})
    String shape;
    private Embedding embedding;
    private LayerContext ctx;
    private INDArray grad;
    private RMSprop rmsprop;
    private LayerContext lookupCtx;
    private INDArray floatIds;

    /** Builds the layer, runs one forward pass and makes the output gradient. */
    @Setup
    public void setUp() {
        boolean s1 = "s1".equals(shape);
        int vocab = s1 ? 10000 : 50000;
        int dim = s1 ? 64 : 256;
        int batch = s1 ? 128 : 64;
        int steps = s1 ? 100 : 500;
        embedding = BenchData.built(new Embedding(vocab, dim), batch, steps);
        ctx = BenchData.training();
        embedding.forward(List.of(BenchData.ids(3, vocab, batch, steps)), ctx);
        grad = BenchData.uniform(4, batch, steps, dim).muli(1e-3);
        rmsprop = new RMSprop(1e-3);
        floatIds = BenchData.ids(3, vocab, batch, steps).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        lookupCtx = BenchData.training();
        lookupCtx.reuseBuffers(new java.util.HashMap<>());
    }

    /** The forward pass: ids read and checked, rows gathered. */
    @Benchmark
    public INDArray lookup() {
        return embedding.forward(List.of(floatIds), lookupCtx);
    }

    /** Backward plus a row-wise RMSprop update. */
    @Benchmark
    public void rowWise() {
        embedding.params().get(0).clearGrad();
        embedding.backward(grad, ctx);
        rmsprop.step(embedding.params());
    }

    /** Backward, the dense gradient, and a dense RMSprop update. */
    @Benchmark
    public void dense() {
        embedding.params().get(0).clearGrad();
        embedding.backward(grad, ctx);
        embedding.params().get(0).grad();
        rmsprop.step(embedding.params());
    }
}
