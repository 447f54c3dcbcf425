package dev.hyperforge.engine.bench;

import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.ndarray.INDArray;
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

import dev.hyperforge.engine.kernels.Conv2DOps;
import dev.hyperforge.engine.kernels.MaxPoolGrad;
import dev.hyperforge.engine.kernels.ReluLinks;

/**
 * Max pooling's backward pass in the reference models' shapes, on relu outputs (about half of them zero,
 * so windows tie): {@code java} is {@link MaxPoolGrad} from the saved output, {@code op} libnd4j's
 * {@code maxpool2d_bp}, {@code javaRelu} the Java pass with relu's gradient folded in; with relu's
 * gradient, {@code opThenRelu} is the op followed by relu's gradient on the whole input (the engine's
 * former path) and {@code foldThenOp} relu's gradient of the pooled array followed by the op (the
 * folding of {@link ReluLinks}, the engine's path, S6's pools included since round 10) and {@code foldThenJava}
 * relu's gradient of the pooled array followed by the Java pass (the path of 2 × 2 windows tiling the
 * input, {@link MaxPoolGrad#tiles}, with {@code -Dhf.maxpool.java=true}: S6's pools in round 9, where
 * {@code java} takes the vectorised row pass). Pools: {@code s6pool1} (128 × 28 × 28 × 32, 2 × 2), {@code s6pool2} (128 × 14 × 14 × 64),
 * {@code s2pool1} (64 × 496 × 128, 5), {@code s2pool2} (64 × 91 × 256, 5), {@code s2global} (64 × 10 ×
 * 256, the GlobalMaxPooling1D).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class PoolBenchmark {
    @Param({"s6pool1", "s6pool2", "s2pool1", "s2pool2", "s2global"})
    String pool;
    private INDArray x;
    private INDArray y;
    private INDArray g;
    private INDArray gx;
    private INDArray gFolded;
    private INDArray dz;
    private int[] window;

    /** The relu input, its pooled output and an output gradient. */
    @Setup
    public void setUp() {
        long[] shape = switch (pool) {
            case "s6pool1" -> new long[] {128, 28, 28, 32};
            case "s6pool2" -> new long[] {128, 14, 14, 64};
            case "s2pool1" -> new long[] {64, 1, 496, 128};
            case "s2pool2" -> new long[] {64, 1, 91, 256};
            default -> new long[] {64, 1, 10, 256};
        };
        window = pool.startsWith("s6") ? new int[] {2, 2} : new int[] {1, pool.equals("s2global") ? 10 : 5};
        x = Transforms.relu(BenchData.uniform(1, shape), false);
        y = Conv2DOps.outputLike(x, window, window, false, shape[3]);
        Conv2DOps.exec("maxpool2d", new INDArray[] {x}, new INDArray[] {y}, Conv2DOps.poolArgs(window, window, false));
        g = BenchData.uniform(2, y.shape());
        gx = x.ulike();
        gFolded = g.ulike();
        dz = x.ulike();
    }

    /** The Java pass. */
    @Benchmark
    public INDArray java() {
        MaxPoolGrad.backward(x, y, g, window, window, false, false, gx);
        return gx;
    }

    /** The Java pass with relu's gradient folded in. */
    @Benchmark
    public INDArray javaRelu() {
        MaxPoolGrad.backward(x, y, g, window, window, false, true, gx);
        return gx;
    }

    /** libnd4j's maxpool2d_bp. */
    @Benchmark
    public INDArray op() {
        Conv2DOps.exec("maxpool2d_bp", new INDArray[] {x, g}, new INDArray[] {gx}, Conv2DOps.poolArgs(window, window, false));
        return gx;
    }

    /** The op, then relu's gradient of the whole input (step and product, as {@code Activations}). */
    @Benchmark
    public INDArray opThenRelu() {
        op();
        return ReluLinks.fold(x, gx, dz);
    }

    /** relu's gradient of the pooled array, then the op. */
    @Benchmark
    public INDArray foldThenOp() {
        ReluLinks.fold(y, g, gFolded);
        Conv2DOps.exec("maxpool2d_bp", new INDArray[] {x, gFolded}, new INDArray[] {gx}, Conv2DOps.poolArgs(window, window, false));
        return gx;
    }

    /** relu's gradient of the pooled array, then the Java pass (what MaxPooling2D runs for S6's pools). */
    @Benchmark
    public INDArray foldThenJava() {
        ReluLinks.fold(y, g, gFolded);
        MaxPoolGrad.backward(x, y, gFolded, window, window, false, false, gx);
        return gx;
    }
}
