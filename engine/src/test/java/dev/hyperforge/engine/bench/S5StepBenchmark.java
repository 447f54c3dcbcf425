package dev.hyperforge.engine.bench;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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

import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.kernels.Numerics;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.optimizers.RMSprop;

/**
 * S5's whole training step (512 × 10 000 multi-hot rows, 1 % ones → Dense(16, relu) → Dense(16, relu) →
 * Dense(1, sigmoid), binary cross-entropy, accuracy, RMSprop) at numerics level 5 (the fused loss as libnd4j ops) and
 * 6 (loss, gradient, accuracy and the first layer's bias gradient in Java), and a prediction. Long warm-up: the step
 * calls into much of ND4J's Java side, which C2 is still compiling after several seconds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "-Xmn16m", "-XX:+UseParallelGC"})
public class S5StepBenchmark {
    @Param({"5", "6"})
    int level;
    private Model model;
    private INDArray x;
    private INDArray y;

    /** Builds the model and one batch. */
    @Setup
    public void setUp() {
        Numerics.set(Numerics.of(level));
        Tensor in = Input.of("x", 10000);
        Tensor h = new Dense(16, "relu").call(in);
        h = new Dense(16, "relu").call(h);
        Tensor out = new Dense(1, "sigmoid").named("y").call(h);
        model = new Model("s5", List.of(in), List.of(out), 0L);
        model.compile(new RMSprop(1e-3), "binary_crossentropy", "accuracy");
        SplittableRandom r = new SplittableRandom(8);
        float[] v = new float[512 * 10000];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() < 0.01 ? 1f : 0f;
        }
        x = Nd4j.create(v, new long[] {512, 10000}, 'c');
        float[] t = new float[512];
        for (int i = 0; i < t.length; i++) {
            t[i] = r.nextBoolean() ? 1f : 0f;
        }
        y = Nd4j.create(t, new long[] {512, 1}, 'c').castTo(DataType.FLOAT);
    }

    /** One training step. */
    @Benchmark
    public Map<String, Double> trainStep() {
        return model.trainOnBatch(x, y);
    }

    /** One prediction of the batch. */
    @Benchmark
    public Map<String, INDArray> predict() {
        return model.predict(x, 512);
    }
}
