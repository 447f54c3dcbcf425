package dev.hyperforge.engine.bench;

import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.RmsPropUpdater;
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

import dev.hyperforge.engine.kernels.RmsPropFloat;

/**
 * RMSprop's update of S5's 10 000 × 16 float kernel: libnd4j's {@code rms_prop_updater} op and the weights'
 * subtraction (the path before round 11) against {@link RmsPropFloat} (the same bits in Java).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class RmsPropBenchmark {
    private INDArray w;
    private INDArray s;
    private INDArray g;
    private INDArray gCopy;
    private final RmsPropFloat kernel = new RmsPropFloat();

    /** The weights, state and gradient. */
    @Setup
    public void setUp() {
        w = BenchData.uniform(1, 10000, 16);
        s = BenchData.uniform(2, 10000, 16).muli(0.01);
        g = BenchData.uniform(3, 10000, 16).muli(0.01);
        gCopy = g.dup();
    }

    /** The op and the subtraction (the op overwrites the gradient with the update, so it works on a copy). */
    @Benchmark
    public INDArray op() {
        gCopy.assign(g);
        Nd4j.exec(new RmsPropUpdater(gCopy, s, 1e-3, 0.9, 1e-7));
        return w.subi(gCopy);
    }

    /** The Java form (the gradient is only read; the copy is kept for the same work as {@link #op}). */
    @Benchmark
    public INDArray java() {
        gCopy.assign(g);
        kernel.update(w, gCopy, s, 1e-3, 0.9, 1e-7);
        return w;
    }
}
