package dev.hyperforge.engine.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.core.TokenAndPositionEmbedding;
import dev.hyperforge.engine.layers.normalization.LayerNormalization;

/**
 * S7's small layers at its shapes (32 sequences of 200 steps, 32 features): {@code LayerNormalization(1e-6)}
 * forward and forward plus backward (the Java row passes with their row means), and
 * {@code TokenAndPositionEmbedding(20000, 200, 32)} forward on float ids (read in Java). To compare with an earlier
 * build, run the same benchmark with that build's classes first on the class path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class S7LayersBenchmark {
    private LayerNormalization norm;
    private TokenAndPositionEmbedding embedding;
    private INDArray x;
    private INDArray grad;
    private INDArray ids;
    private final Map<String, Object> normStore = new HashMap<>();
    private final Map<String, Object> embeddingStore = new HashMap<>();

    /** Builds the layers and their inputs. */
    @Setup
    public void setUp() {
        norm = BenchData.built(new LayerNormalization(-1, 1e-6, true, true), 32, 200, 32);
        embedding = BenchData.built(new TokenAndPositionEmbedding(20000, 200, 32), 32, 200);
        x = BenchData.uniform(1, 32, 200, 32);
        grad = BenchData.uniform(2, 32, 200, 32);
        ids = Nd4j.createFromArray(BenchData.ids(3, 20000, 32, 200).toIntMatrix()).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
    }

    /** LayerNormalization forward (training mode). */
    @Benchmark
    public INDArray layerNormForward() {
        LayerContext ctx = BenchData.training();
        ctx.reuseBuffers(normStore);
        return norm.forward(List.of(x), ctx);
    }

    /** LayerNormalization forward and backward. */
    @Benchmark
    public List<INDArray> layerNormForwardBackward() {
        LayerContext ctx = BenchData.training();
        ctx.reuseBuffers(normStore);
        norm.forward(List.of(x), ctx);
        norm.params().forEach(p -> p.clearGrad());
        return norm.backward(grad, ctx);
    }

    /** TokenAndPositionEmbedding forward on float ids. */
    @Benchmark
    public INDArray embeddingForward() {
        LayerContext ctx = BenchData.training();
        ctx.reuseBuffers(embeddingStore);
        return embedding.forward(List.of(ids), ctx);
    }
}
