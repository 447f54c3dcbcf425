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

import dev.hyperforge.engine.layers.convolutional.Conv1D;
import dev.hyperforge.engine.layers.convolutional.Conv2D;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;


/**
 * Convolutions of the reference models, forward and forward plus backward: {@code s2conv1} is S2's first
 * Conv1D (64 x 500 x 256 → 128 filters of width 5, relu; backward as matrix products), {@code s2conv2} its
 * second (64 x 99 x 128 → 256; backward on libnd4j's conv1d_bp), {@code s6conv1} S6's first Conv2D
 * (128 x 28 x 28 x 1 → 32 filters 3 x 3, same, relu) as a model's first layer (no input gradient: kernel
 * gradient from the input's columns), {@code s6conv2} its second (128 x 14 x 14 x 32 → 64, conv2d_bp);
 * {@code s2conv4} and {@code s2conv5} S2's last two (64 x 18 and 64 x 14 steps x 256 → 256: the products at numerics
 * level 4, conv1d_bp from level 5, {@code numerics} picks the level; it changes nothing for the others but s2conv1,
 * whose backward is the per-position products without an embedding before it at every level).
 *
 * <p>{@link #firstLayerGradients} times a first layer's kernel and bias gradients alone
 * ({@code Conv2DOps.conv2dBpKernelOnly}: the input's columns and the products, no relu); only {@code s6conv1} is
 * such a layer ({@code -p conv=s6conv1}). At level 4 two products (the columns' and the output gradient's column
 * sums), from level 5 one over the columns with a column of ones: {@code -p numerics=4,5} compares them in one run.
 *
 * <p>From level 6 the float32 Conv2Ds run on oneDNN 3.x ({@code OneDnnConv2D}: forward with the relu fused, input
 * gradient, kernel and bias gradients; {@code s6conv1}'s kernel-only backward stays on the columns):
 * {@code -p conv=s6conv1,s6conv2 -p numerics=5,6} compares libnd4j's ops with it in one run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class ConvBenchmark {
    @Param({"s2conv1", "s2conv2", "s6conv1", "s6conv2", "s2conv4", "s2conv5"})
    String conv;
    /** The numerics level the calls run at. */
    @Param({"5"})
    int numerics;
    private dev.hyperforge.engine.kernels.Numerics was;
    private Layer layer;
    private INDArray x;
    private INDArray grad;
    private boolean firstLayer;
    /** Arrays the layer reuses across calls, kept as the executor keeps them per graph node. */
    private final java.util.Map<String, Object> buffers = new java.util.HashMap<>();

    /** Builds the layer and its input and output gradient. */
    @Setup
    public void setUp() {
        was = dev.hyperforge.engine.kernels.Numerics.set(dev.hyperforge.engine.kernels.Numerics.of(numerics));
        switch (conv) {
            case "s2conv4", "s2conv5" -> {
                int steps = conv.equals("s2conv4") ? 18 : 14;
                layer = BenchData.built(new Conv1D(256, 5, "relu"), 64, steps, 256);
                x = BenchData.uniform(1, 64, steps, 256);
                grad = BenchData.uniform(2, 64, steps - 4, 256);
            }
            case "s2conv1" -> {
                layer = BenchData.built(new Conv1D(128, 5, "relu"), 64, 500, 256);
                x = BenchData.uniform(1, 64, 500, 256);
                grad = BenchData.uniform(2, 64, 496, 128);
            }
            case "s2conv2" -> {
                layer = BenchData.built(new Conv1D(256, 5, "relu"), 64, 99, 128);
                x = BenchData.uniform(1, 64, 99, 128);
                grad = BenchData.uniform(2, 64, 95, 256);
            }
            case "s6conv1" -> {
                layer = BenchData.built(Conv2D.fromConfig(java.util.Map.of("filters", 32, "kernel_size", 3, "padding", "same",
                        "activation", "relu")), 128, 28, 28, 1);
                x = BenchData.uniform(1, 128, 28, 28, 1);
                grad = BenchData.uniform(2, 128, 28, 28, 32);
                firstLayer = true;
            }
            default -> {
                layer = BenchData.built(Conv2D.fromConfig(java.util.Map.of("filters", 64, "kernel_size", 3, "padding", "same",
                        "activation", "relu")), 128, 14, 14, 32);
                x = BenchData.uniform(1, 128, 14, 14, 32);
                grad = BenchData.uniform(2, 128, 14, 14, 64);
            }
        }
    }

    /** Restores the numerics level the fork started with. */
    @org.openjdk.jmh.annotations.TearDown
    public void tearDown() {
        dev.hyperforge.engine.kernels.Numerics.set(was);
    }

    /**
     * A first layer's kernel and bias gradients from the input and the output gradient ({@code s6conv1}; the other
     * convolutions return null at once, their backward is not this path).
     */
    @Benchmark
    public INDArray[] firstLayerGradients() {
        if (!firstLayer) {
            return null;
        }
        LayerContext ctx = BenchData.training();
        ctx.reuseBuffers(buffers);
        INDArray w = layer.params().get(0).value();
        INDArray b = layer.params().get(1).value();
        if (gw == null) {
            gw = w.ulike();
            gb = b.ulike();
        }
        return dev.hyperforge.engine.kernels.Conv2DOps.conv2dBpKernelOnly(x, w, b, grad, true, ctx, gw, gb);
    }

    private INDArray gw;
    private INDArray gb;

    /** Forward pass (inference mode). */
    @Benchmark
    public INDArray forward() {
        LayerContext ctx = new LayerContext(false, null);
        ctx.reuseBuffers(buffers);
        return layer.forward(List.of(x), ctx);
    }

    /** Forward and backward pass (gradients of the input, kernel and bias). */
    @Benchmark
    public List<INDArray> forwardBackward() {
        LayerContext ctx = BenchData.training();
        ctx.reuseBuffers(buffers);
        if (firstLayer) {
            ctx.setInputGradients(new boolean[] {false});   // as the executor tells a model's first layer
        }
        layer.forward(List.of(x), ctx);
        layer.params().forEach(p -> p.clearGrad());
        return layer.backward(grad, ctx);
    }
}
