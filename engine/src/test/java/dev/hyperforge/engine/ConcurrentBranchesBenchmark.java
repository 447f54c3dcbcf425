package dev.hyperforge.engine;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Embedding;
import dev.hyperforge.engine.layers.merging.Concatenate;
import dev.hyperforge.engine.layers.recurrent.LSTM;
import dev.hyperforge.engine.optimizers.RMSprop;

/**
 * S1 (two inputs, each an Embedding and an LSTM, concatenated into Dense(500, softmax); batch 128, 100 steps)
 * with its two branches run one after the other ({@code branches=off}) or at once where the executor's plan
 * says so ({@code auto}, {@link Branches}): a training step and a prediction of one batch. In the
 * {@code dev.hyperforge.engine} package because the switch is package-private.
 *
 * <pre>
 * java -cp engine/target/test-classes:engine/target/classes:$(cat engine/target/jmh.classpath) \
 *      org.openjdk.jmh.Main ConcurrentBranches -bm sample
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "-Xmn16m", "-XX:+UseParallelGC"})
public class ConcurrentBranchesBenchmark {
    /** {@code off}, or {@code auto}: training and inference passes planned. */
    @Param({"off", "auto"})
    String branches;
    private Model model;
    private Map<String, INDArray> x;
    private Map<String, INDArray> y;

    /** Builds S1 and its batch, sets the switch and lets the plan be made (the first passes are timed). */
    @Setup
    public void setUp() {
        Branches.setMode("off".equals(branches) ? Branches.Mode.OFF : Branches.Mode.AUTO);
        Tensor text = Input.ints("text", Shape.UNKNOWN);
        Tensor question = Input.ints("question", Shape.UNKNOWN);
        Tensor t = new LSTM(32).call(new Embedding(10000, 64).call(text));
        Tensor q = new LSTM(16).call(new Embedding(10000, 32).call(question));
        Tensor answer = new Dense(500, "softmax").named("answer").call(new Concatenate().call(t, q));
        model = new Model("s1", List.of(text, question), List.of(answer), 0L);
        model.compile(new RMSprop(1e-3), "sparse_categorical_crossentropy", "accuracy");
        x = Map.of("text", ids(1, 10000, 128, 100), "question", ids(2, 10000, 128, 100));
        y = Map.of("answer", ids(3, 500, 128, 1));
        for (int i = 0; i <= Branches.MEASURED + 1; i++) {
            model.trainOnBatch(x, y);
            model.predict(x, 128);
        }
    }

    private static INDArray ids(long seed, int vocab, int rows, int cols) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] v = new int[rows][cols];
        for (int[] row : v) {
            for (int k = 0; k < cols; k++) {
                row[k] = r.nextInt(vocab);
            }
        }
        return Nd4j.createFromArray(v);
    }

    /** Restores the default. */
    @TearDown(Level.Trial)
    public void tearDown() {
        Branches.setMode(Branches.parse(System.getProperty("hf.concurrentBranches", "false")));
    }

    /** One training step (forward, backward, RMSprop update). */
    @Benchmark
    public Map<String, Double> trainStep() {
        return model.trainOnBatch(x, y);
    }

    /** One prediction of the batch. */
    @Benchmark
    public Map<String, INDArray> predict() {
        return model.predict(x, 128);
    }
}
