package dev.hyperforge.engine.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

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

import dev.hyperforge.engine.kernels.FastExp;

/**
 * The exponentials of the recurrent gates: {@code Math.exp} element by element (numerics level V1) against
 * {@link FastExp} (V2), over rows of the widths the gates pass (64: S8's cell tanh; 256: S8's four LSTM gates;
 * 16, 32: S1's), 8 192 rows of gate-like arguments (normal, standard deviation 3) per call, as an LSTM forward of
 * S8's shapes makes about 2 M exponentials.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class ExpBenchmark {
    private static final int ROWS = 8192;
    @Param({"16", "64", "256"})
    int width;
    private double[][] x;
    private double[] out;
    private double[] k;

    /** Gate-like arguments. */
    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(1);
        x = new double[ROWS][width];
        for (double[] row : x) {
            for (int j = 0; j < width; j++) {
                row[j] = rnd.nextGaussian() * 3;
            }
        }
        out = new double[width];
        k = new double[width];
    }

    /** {@code Math.exp} per element (V1). */
    @Benchmark
    public double mathExp() {
        double s = 0;
        for (double[] row : x) {
            for (int j = 0; j < width; j++) {
                out[j] = Math.exp(row[j]);
            }
            s += out[0];
        }
        return s;
    }

    /** {@link FastExp} per row (V2). */
    @Benchmark
    public double fastExp() {
        double s = 0;
        for (double[] row : x) {
            FastExp.exp(row, out, k, width);
            s += out[0];
        }
        return s;
    }
}
