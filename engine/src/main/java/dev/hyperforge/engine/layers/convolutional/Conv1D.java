package dev.hyperforge.engine.layers.convolutional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.Activations;
import dev.hyperforge.engine.kernels.Conv1DOps;
import dev.hyperforge.engine.kernels.TokenConv;
import dev.hyperforge.engine.layers.ActivatedLayer;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * 1D convolution over the steps of a {@code (batch, steps, channels)} sequence (Keras {@code Conv1D},
 * channels last): {@code activation(conv(x, kernel) + bias)} with kernel {@code (kernel_size, in_channels,
 * filters)}. The sequence length may be unknown ({@code None}); the output length is then unknown too.
 * Runs on the native libnd4j {@code conv1d} op forward; backward on {@code conv1d_bp}, or for stride 1 and
 * wide inputs as two matrix products ({@code Conv1DOps.gemmBackward}), whichever suits the shape; from numerics
 * level 4, directly after an {@code Embedding}, over the batch's distinct tokens ({@code TokenConv}).
 * Dilated convolutions run as matrix products both ways (the native ops fail for them in float on the
 * oneDNN build).
 *
 * <pre>{@code
 * Tensor ids = Input.ints("posts", Shape.UNKNOWN);
 * Tensor h = new Conv1D(128, 5, "relu").call(new Embedding(50000, 256).call(ids)); // (None, None, 128)
 * Tensor g = new Conv1D(64, 3, 2, "same", 1, Activation.LINEAR, true).call(h);    // strided, same padding
 * }</pre>
 */
public final class Conv1D extends Layer implements ActivatedLayer {
    private final int filters;
    private final int kernelSize;
    private final int strides;
    private final boolean same;
    private final int dilation;
    private final Activation activation;
    private final boolean useBias;
    private Param kernel;
    private Param bias;

    /** A stride-1, "valid", biased convolution with the given activation. */
    public Conv1D(int filters, int kernelSize, String activation) {
        this(filters, kernelSize, 1, "valid", 1, Activation.parse(activation), true);
    }

    /** A linear stride-1, "valid" convolution with bias. */
    public Conv1D(int filters, int kernelSize) {
        this(filters, kernelSize, "linear");
    }

    /**
     * @param filters output channels (positive)
     * @param kernelSize window length (positive)
     * @param strides step of the window (positive; must be 1 when {@code dilationRate > 1}, as in Keras)
     * @param padding "valid" (no padding) or "same" (output length ceil(steps / strides))
     * @param dilationRate spacing of the window's taps (positive)
     * @param activation final activation
     * @param useBias whether to add a bias
     */
    public Conv1D(int filters, int kernelSize, int strides, String padding, int dilationRate, Activation activation, boolean useBias) {
        this.filters = ConvArgs.positive("Conv1D", "filters", filters);
        this.kernelSize = ConvArgs.positive("Conv1D", "kernel_size", kernelSize);
        this.strides = ConvArgs.positive("Conv1D", "strides", strides);
        this.dilation = ConvArgs.positive("Conv1D", "dilation_rate", dilationRate);
        if (strides > 1 && dilationRate > 1) {
            throw new IllegalArgumentException("Conv1D: strides > 1 cannot be combined with dilation_rate > 1, received strides "
                    + strides + " and dilation_rate " + dilationRate);
        }
        this.same = ConvArgs.same("Conv1D", padding);
        this.activation = activation;
        this.useBias = useBias;
    }

    @Override
    protected Map<String, String> regularizerArguments() {
        return Map.of("kernel_regularizer", "kernel", "bias_regularizer", "bias");
    }

    @Override
    public String type() {
        return "Conv1D";
    }

    /** Output channels. */
    public int filters() {
        return filters;
    }

    @Override
    public Activation activation() {
        return activation;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        int steps = Conv1DOps.checkWindow(this, s, "kernel_size " + kernelSize, kernelSize, strides, dilation, same);
        return Shape.of(Shape.UNKNOWN, steps, filters);
    }

    @Override
    protected void buildParams(List<Shape> in, ParamInit init) {
        int channels = in.get(0).dim(-1);
        kernel = addParam("kernel", init.glorotUniform((long) kernelSize * channels, (long) kernelSize * filters, kernelSize, channels, filters), true);
        if (useBias) {
            bias = addParam("bias", init.zeros(filters), true);
        }
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        Conv1DOps.checkSteps(this, x, "kernel_size " + kernelSize, kernelSize, dilation, same);
        INDArray b = useBias ? bias.value() : null;
        INDArray z = Conv1DOps.columnsForward(x, kernel.value(), dilation)
                ? Conv1DOps.conv1dColumns(x, kernel.value(), b, dilation, same, ctx)
                : Conv1DOps.conv1d(x, kernel.value(), b, strides, dilation, same, ctx);
        INDArray a = Activations.forward(activation, z, ctx);
        ctx.save("x", x);
        ctx.save("a", a);
        return a;
    }

    @Override
    public INDArray logits(LayerContext ctx) {
        return Activations.logits(describe(), activation, ctx);
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        return backwardFromLogits(Activations.backward(activation, ctx.get("a"), gradOutput, ctx), ctx);
    }

    @Override
    public List<INDArray> backwardFromLogits(INDArray gradLogits, LayerContext ctx) {
        INDArray x = ctx.get("x");
        INDArray b = useBias ? bias.value() : null;
        INDArray gw = kernel.gradTarget();
        INDArray gb = useBias ? bias.gradTarget() : null;
        TokenConv.Tokens tokens = TokenConv.tokensOf(x);
        if (TokenConv.applies(tokens, x, kernel.value(), strides, dilation)) {
            INDArray w = kernel.value();
            INDArray gx = TokenConv.backward(tokens, x, w, gradLogits, same, ctx, gw, gb,
                    () -> Conv1DOps.conv1dGradXGemm(x, w, gradLogits, same, ctx));
            kernel.finishGrad(gw);
            if (useBias) {
                bias.finishGrad(gb);
            }
            return List.of(gx);
        }
        INDArray[] g = Conv1DOps.gemmBackward(x, kernel.value(), strides, dilation)
                ? Conv1DOps.conv1dBpGemm(x, kernel.value(), b, gradLogits, dilation, same, ctx, gw, gb)
                : Conv1DOps.conv1dBp(x, kernel.value(), b, gradLogits, strides, dilation, same, ctx, gw, gb);
        kernel.finishGrad(gw);
        if (useBias) {
            bias.finishGrad(gb);
        }
        return List.of(g[0]);
    }

    /** Rebuilds from {@link #arguments()} (Keras names; ints or one-element lists). */
    public static Layer fromConfig(Map<String, Object> args) {
        ConvArgs a = new ConvArgs("Conv1D", 1, args);
        return new Conv1D(a.filters(), a.single("kernel_size", 0), a.single("strides", 1), a.padding(), a.single("dilation_rate", 1),
                a.activation(), a.useBias());
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filters", filters);
        m.put("kernel_size", ConvArgs.list(kernelSize));
        m.put("strides", ConvArgs.list(strides));
        m.put("padding", same ? "same" : "valid");
        m.put("data_format", "channels_last");
        m.put("dilation_rate", ConvArgs.list(dilation));
        m.put("activation", activation.keras());
        m.put("use_bias", useBias);
        return m;
    }
}
