package dev.hyperforge.engine.bench;

import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.buffer.DataType;
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

import dev.hyperforge.engine.kernels.AttentionMath;
import dev.hyperforge.engine.kernels.HeadBlocks;

/**
 * S7's query projection handed on into heads: {@code (32·200, 2·32)} plus bias, split into {@code (64, 200, 32)}
 * and scaled by {@code 1/sqrt(32)} (and the key's and value's, unscaled), and the merge back, plain and scaled as the
 * query's gradient is; {@code path=java} is {@link HeadBlocks} (one pass),
 * {@code ops} the libnd4j ops it replaced ({@code addiRowVector}, the permuted assign, {@code muli}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class HeadBlocksBenchmark {
    private static final double SCALE = 1 / Math.sqrt(32);
    @Param({"java", "ops"})
    String path;
    private INDArray proj;
    private INDArray work;
    private INDArray bias;
    private INDArray heads;
    private INDArray merged;

    /** The arrays of S7's shapes. */
    @Setup
    public void setUp() {
        proj = BenchData.uniform(1, 6400, 64);
        work = proj.dup();
        bias = BenchData.uniform(2, 2, 32);
        heads = Nd4j.create(DataType.FLOAT, 64, 200, 32);
        merged = Nd4j.create(DataType.FLOAT, 6400, 64);
    }

    /** Bias, split and scale (the ops add the bias in place, as into the layer's own projection array). */
    @Benchmark
    public INDArray split() {
        if ("java".equals(path)) {
            HeadBlocks.split(proj, bias, SCALE, 32, 200, 2, 32, heads);
            return heads;
        }
        work.addiRowVector(bias.reshape('c', 1, 64));
        return AttentionMath.splitHeads(work, 32, 200, 2, 32, heads).muli(SCALE);
    }

    /** The merge of the heads back into rows. */
    @Benchmark
    public INDArray merge() {
        if ("java".equals(path)) {
            HeadBlocks.merge(heads, 1, 32, 200, 2, 32, merged);
            return merged;
        }
        return AttentionMath.mergeHeads(heads, 32, 200, 2, 32, merged);
    }

    /** The merge of the query's heads' gradient, scaled by {@code 1/sqrt(32)} on the way (the query's backward). */
    @Benchmark
    public INDArray mergeScaled() {
        if ("java".equals(path)) {
            HeadBlocks.merge(heads, SCALE, 32, 200, 2, 32, merged);
            return merged;
        }
        return AttentionMath.mergeHeads(work.assign(heads.reshape('c', 6400, 64)).reshape('c', 64, 200, 32).muli(SCALE), 32, 200, 2, 32, merged);
    }

    /** The key's and value's split: bias, no scale. */
    @Benchmark
    public INDArray splitUnscaled() {
        if ("java".equals(path)) {
            HeadBlocks.split(proj, bias, 1, 32, 200, 2, 32, heads);
            return heads;
        }
        work.addiRowVector(bias.reshape('c', 1, 64));
        return AttentionMath.splitHeads(work, 32, 200, 2, 32, heads);
    }
}
