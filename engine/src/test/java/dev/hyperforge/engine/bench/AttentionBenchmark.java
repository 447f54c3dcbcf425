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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.hyperforge.engine.kernels.BatchedMatMul;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.attention.AttentionBenchSwitches;
import dev.hyperforge.engine.layers.attention.MultiHeadAttention;

/**
 * S7's self-attention, {@code MultiHeadAttention(num_heads=2, key_dim=32)} on 32 sequences of 200 steps of 32
 * features: forward in inference mode and forward plus backward (training), with the per-head products
 * split over the kernel threads ({@code path=split}, {@link BatchedMatMul}), run in turn ({@code perHead}),
 * or libnd4j's rank-3 product ({@code rank3}, the oldest path), at numerics level 3 (the softmax backward's row
 * dots from the context, the backward entry by entry) or 2 ({@code level}), with the query, key and value
 * projections run at once on the kernel threads or in turn ({@code concurrent}, see
 * {@code layers.attention.ConcurrentProjections}; same bits). The layer reuses its arrays and op contexts across calls
 * as in a model.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class AttentionBenchmark {
    @Param({"split", "perHead", "rank3"})
    String path;
    @Param({"3", "2"})
    String level;
    @Param({"true", "false"})
    String concurrent;
    private dev.hyperforge.engine.kernels.Numerics wasLevel;
    private MultiHeadAttention layer;
    private INDArray x;
    private INDArray grad;
    private boolean was;
    private boolean wasSplit;
    private final Map<String, Object> store = new HashMap<>();

    /** Builds the layer and its input; sets the product path and the numerics level. */
    @Setup
    public void setUp() {
        was = BatchedMatMul.setEnabled(!"rank3".equals(path));
        wasSplit = BatchedMatMul.setSplit("split".equals(path));
        wasLevel = dev.hyperforge.engine.kernels.Numerics.set(dev.hyperforge.engine.kernels.Numerics.of(Integer.parseInt(level)));
        AttentionBenchSwitches.setConcurrentProjections(Boolean.parseBoolean(concurrent));
        layer = BenchData.builtFor(new MultiHeadAttention(2, 32), 2, 32, 200, 32);
        x = BenchData.uniform(1, 32, 200, 32);
        grad = BenchData.uniform(2, 32, 200, 32);
    }

    /** Restores the product path and the numerics level. */
    @TearDown
    public void tearDown() {
        BatchedMatMul.setEnabled(was);
        BatchedMatMul.setSplit(wasSplit);
        dev.hyperforge.engine.kernels.Numerics.set(wasLevel);
        AttentionBenchSwitches.setConcurrentProjections(true);
    }

    /** Forward pass (inference mode). */
    @Benchmark
    public INDArray forward() {
        LayerContext ctx = new LayerContext(false, new java.util.SplittableRandom(0));
        ctx.reuseBuffers(store);
        return layer.forward(List.of(x, x), ctx);
    }

    /**
     * Training forward alone (what backward reads is kept): since round 10b the probabilities overwrite the scores
     * here as in {@link #forward}, so the two should differ by little more than the context's bookkeeping.
     */
    @Benchmark
    public INDArray trainingForward() {
        LayerContext ctx = BenchData.training();
        ctx.reuseBuffers(store);
        return layer.forward(List.of(x, x), ctx);
    }

    /** Forward and backward pass (training). */
    @Benchmark
    public List<INDArray> forwardBackward() {
        LayerContext ctx = BenchData.training();
        ctx.reuseBuffers(store);
        layer.forward(List.of(x, x), ctx);
        layer.params().forEach(p -> p.clearGrad());
        return layer.backward(grad, ctx);
    }
}
