package dev.hyperforge.engine.bench;

import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
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

import dev.hyperforge.engine.Backend;
import dev.hyperforge.engine.kernels.Conv2DOps;
import dev.hyperforge.engine.losses.SparseCategoricalCrossentropy;
import dev.hyperforge.engine.metrics.Metric;
import dev.hyperforge.engine.metrics.Metrics;

/**
 * The paths round 11 changed around S6's convolutions (engine/BENCHMARK.md), each against the one it replaced, in
 * S6's shapes: {@code reluThenPool} / {@code poolThenRelu} (relu over the convolution's output before max pooling,
 * or over the pooled output: {@code ReluHandOff}; the output rewritten from a copy first, as the convolution has just
 * written it); {@code lossOps} / {@code lossJava} (the softmax output's loss, gradient and accuracy as libnd4j's
 * ops, numerics V5, or in Java, V6; 128 × 10).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class S6RestBenchmark {
    @Param({"s6pool1", "s6pool2"})
    String pool;
    private INDArray z0;
    private INDArray z;
    private INDArray pooled;
    private int[] args;
    private INDArray logits;
    private INDArray probs;
    private INDArray ids;
    private final SparseCategoricalCrossentropy loss = new SparseCategoricalCrossentropy();
    private Metric accuracy;
    private double[] zs;
    private double[] ts;
    private double[] ps;
    private double[] grad;

    @Setup
    public void setUp() {
        Backend.init();
        long[] shape = pool.equals("s6pool1") ? new long[] {128, 28, 28, 32} : new long[] {128, 14, 14, 64};
        z0 = BenchData.uniform(1, shape);
        z = z0.dup();
        int[] window = {2, 2};
        pooled = Conv2DOps.outputLike(z, window, window, false, shape[3]);
        args = Conv2DOps.poolArgs(window, window, false);
        logits = BenchData.uniform(2, 128, 10).muli(4);
        probs = Transforms.softmax(logits, true);
        float[] id = new float[128];
        for (int i = 0; i < id.length; i++) {
            id[i] = (i * 7) % 10;
        }
        ids = Nd4j.create(id, new long[] {128, 1}, 'c');
        accuracy = Metrics.of("accuracy", loss);
        zs = new double[1280];
        ts = new double[1280];
        ps = new double[1280];
        grad = new double[1280];
    }

    /** Relu over the convolution's output, then the pool (the engine before round 11). */
    @Benchmark
    public INDArray reluThenPool() {
        z.assign(z0);
        Transforms.relu(z, false);
        Conv2DOps.exec("maxpool2d", new INDArray[] {z}, new INDArray[] {pooled}, args);
        return pooled;
    }

    /** The pool, then relu over the pooled output ({@code ReluHandOff}). */
    @Benchmark
    public INDArray poolThenRelu() {
        z.assign(z0);
        Conv2DOps.exec("maxpool2d", new INDArray[] {z}, new INDArray[] {pooled}, args);
        return Transforms.relu(pooled, false);
    }

    /** The loss, its gradient and the accuracy as libnd4j's ops (numerics V5). */
    @Benchmark
    public double lossOps() {
        double s = loss.perSampleFromLogits(logits, ids).sumNumber().doubleValue();
        INDArray g = loss.gradientFromLogits(logits, ids);
        return s + g.getDouble(0) + accuracy.sum(probs, ids);
    }

    /** The same in Java (numerics V6), the arrays' reads and the gradient's write included. */
    @Benchmark
    public double lossJava() {
        loss.hostTargets(ids, 128, 10, DataType.FLOAT, ts);
        dev.hyperforge.engine.kernels.SmallKernels.read(logits, zs);
        double s = loss.hostSumFromLogits(zs, ts, 128, 10, grad, 1.0);
        dev.hyperforge.engine.kernels.SmallKernels.read(probs, ps);
        return s + Metrics.hostArgMaxHits(accuracy, ps, ts, 128, 10);
    }
}
