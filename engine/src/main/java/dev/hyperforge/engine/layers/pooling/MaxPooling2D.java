package dev.hyperforge.engine.layers.pooling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.convolutional.ConvArgs;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.Activations;
import dev.hyperforge.engine.kernels.Conv2DOps;
import dev.hyperforge.engine.kernels.MaxPoolGrad;
import dev.hyperforge.engine.kernels.ReluLinks;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * 2-D max pooling over channels-last images {@code (batch, height, width, channels)}: the maximum of
 * each {@code pool_size} window, moved by {@code strides} (default: the pool size). With {@code "same"}
 * padding the output is {@code ceil(in / stride)} and padded pixels never win (Keras semantics). Runs
 * libnd4j's {@code maxpool2d} and {@code maxpool2d_bp} (with {@code -Dhf.maxpool.java=true}, float 2 × 2
 * windows tiling the input take {@code MaxPoolGrad}'s Java pass instead, the same bits: faster on the Intel
 * host of round 9, about 1.7 times slower than the op on the AMD EPYC host of round 10, where the pass is
 * bound by memory traffic; engine/BENCHMARK.md); after a relu layer the backward pass folds in
 * relu's gradient ({@code ReluLinks}: relu's gradient of the pooled array, a quarter of the relu output's
 * size for 2 × 2 windows). After a relu {@code Conv2D} that feeds only this call, the convolution leaves its relu
 * to this layer, which applies it to the pooled output ({@code ReluHandOff}: a quarter of the size for 2 × 2
 * windows, the same bits).
 *
 * <pre>{@code
 * Tensor p = new MaxPooling2D(2).call(conv);                     // (None, 28, 28, 32) -> (None, 14, 14, 32)
 * Tensor q = new MaxPooling2D(new int[] {3, 3}, new int[] {2, 2}, "same").call(p);
 * }</pre>
 */
public final class MaxPooling2D extends Layer {
    /** Whether float 2 × 2 windows tiling the input take {@code MaxPoolGrad}'s Java pass ({@code -Dhf.maxpool.java=true}). */
    private static final boolean JAVA_TILES = Boolean.getBoolean("hf.maxpool.java");
    private final int[] poolSize;
    private final int[] strides;
    private final boolean same;

    /**
     * @param poolSize window (ph, pw)
     * @param strides step (sh, sw); null means the pool size
     * @param padding "valid" or "same"
     */
    public MaxPooling2D(int[] poolSize, int[] strides, String padding) {
        this.poolSize = ConvArgs.positive("MaxPooling2D", "pool_size", poolSize, 2);
        this.strides = ConvArgs.positive("MaxPooling2D", "strides", strides == null ? poolSize : strides, 2);
        this.same = ConvArgs.same("MaxPooling2D", padding);
    }

    /** Square window and stride {@code pool}, valid padding. */
    public MaxPooling2D(int pool) {
        this(new int[] {pool, pool}, null, "valid");
    }

    /** 2 x 2 window, stride 2, valid padding (the Keras defaults). */
    public MaxPooling2D() {
        this(2);
    }

    @Override
    public String type() {
        return "MaxPooling2D";
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        requireRank(s, 4, s.rank() == 3 ? "use MaxPooling1D for sequences (batch, steps, channels)" : null);
        return Conv2DOps.windowOutput(this, s, "pool window", poolSize, strides, same, -1,
                "use a smaller pool_size, padding=\"same\", or remove a pooling layer before it");
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = Conv2DOps.prepare(inputs.get(0), inputs.get(0).dataType());
        INDArray out = Conv2DOps.outputLike(x, poolSize, strides, same, x.size(3), ctx, "pool_out");
        Conv2DOps.exec("maxpool2d", new INDArray[] {x}, new INDArray[] {out}, Conv2DOps.poolArgs(poolSize, strides, same));
        boolean relu = ctx.takesRelu();
        if (relu) {
            out = Activations.activate(Activation.RELU, out, ctx);    // in place: relu(max(z)) = max(relu(z))
        }
        ctx.save("x", x);
        ctx.save("y", out);
        ctx.setExtra(apart() && (relu || x == inputs.get(0) && ReluLinks.isReluOutput(x)));
        return out;
    }

    /** Overlapping windows add gradients up: relu's gradient is not folded there. */
    private boolean apart() {
        return strides[0] >= poolSize[0] && strides[1] >= poolSize[1];
    }

    /**
     * Takes the relu of a convolution before it ({@code ReluHandOff}) when the windows do not overlap (the
     * backward pass folds relu's gradient, {@link ReluLinks}) and the op runs the backward pass (the Java pass
     * of {@code -Dhf.maxpool.java=true} finds each window's maximum from the pooled values).
     */
    @Override
    public boolean takesRelu() {
        return apart() && !JAVA_TILES;
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        INDArray x = ctx.get("x");
        INDArray g = Conv2DOps.prepare(gradOutput, x.dataType());
        boolean fold = ctx.<Boolean>extra();
        if (fold) {
            g = ReluLinks.fold(ctx.get("y"), g, ctx.reusable("pool_fold", g.dataType(), g.shape()));
        }
        INDArray gx = ctx.reusable("pool_dx", x.dataType(), x.shape());
        if (JAVA_TILES && MaxPoolGrad.tiles(x, poolSize, strides, same)) {
            MaxPoolGrad.backward(x, ctx.get("y"), g, poolSize, strides, same, false, gx);
        } else {
            Conv2DOps.exec("maxpool2d_bp", new INDArray[] {x, g}, new INDArray[] {gx}, Conv2DOps.poolArgs(poolSize, strides, same));
        }
        if (fold) {
            ReluLinks.folded(gx, x);
        }
        return List.of(gx);
    }

    /** Rebuilds from {@link #arguments()} (Keras config names; {@code strides} null means the pool size). */
    public static Layer fromConfig(Map<String, Object> args) {
        ConvArgs a = new ConvArgs("MaxPooling2D", 2, args);
        a.requireUnitDilation();
        int[] pool = a.window("pool_size", new int[] {2, 2});
        return new MaxPooling2D(pool, a.window("strides", pool), a.padding());
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pool_size", ConvArgs.list(poolSize));
        m.put("strides", ConvArgs.list(strides));
        m.put("padding", ConvArgs.paddingName(same));
        return m;
    }
}
