package dev.hyperforge.engine.layers.convolutional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.Conv1DOps;
import dev.hyperforge.engine.kernels.MatMul;
import dev.hyperforge.engine.layers.ActivatedLayer;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * Depthwise-separable 1D convolution (Keras {@code SeparableConv1D}, channels last): each input channel
 * is convolved with its own {@code depth_multiplier} filters ({@code depthwise_kernel} of shape
 * {@code (kernel_size, in_channels, depth_multiplier)}; output channel {@code c * depth_multiplier + m}),
 * then a pointwise (1-wide) convolution mixes them ({@code pointwise_kernel} of shape
 * {@code (1, in_channels * depth_multiplier, filters)}), then bias and activation. Strides, padding and
 * dilation apply to the depthwise step. Runs on the native {@code depthwise_conv2d(_bp)} ops and a
 * matrix product.
 *
 * <pre>{@code
 * Tensor h = new SeparableConv1D(64, 5, "relu").call(embedded);             // (None, None, 64)
 * Tensor g = new SeparableConv1D(64, 3, 1, "same", 1, 2, Activation.RELU, true).call(h);
 * }</pre>
 */
public final class SeparableConv1D extends Layer implements ActivatedLayer {
    private final int filters;
    private final int kernelSize;
    private final int strides;
    private final boolean same;
    private final int dilation;
    private final int depthMultiplier;
    private final Activation activation;
    private final boolean useBias;
    private Param depthwise;
    private Param pointwise;
    private Param bias;

    /** Stride 1, "valid", depth multiplier 1, with bias. */
    public SeparableConv1D(int filters, int kernelSize, String activation) {
        this(filters, kernelSize, 1, "valid", 1, 1, Activation.parse(activation), true);
    }

    /**
     * @param filters output channels (positive)
     * @param kernelSize depthwise window length (positive)
     * @param strides step of the window (positive; 1 when {@code dilationRate > 1})
     * @param padding "valid" or "same"
     * @param dilationRate spacing of the window's taps (positive)
     * @param depthMultiplier depthwise filters per input channel (positive)
     * @param activation final activation
     * @param useBias whether to add a bias
     */
    public SeparableConv1D(int filters, int kernelSize, int strides, String padding, int dilationRate, int depthMultiplier,
            Activation activation, boolean useBias) {
        String t = "SeparableConv1D";
        this.filters = ConvArgs.positive(t, "filters", filters);
        this.kernelSize = ConvArgs.positive(t, "kernel_size", kernelSize);
        this.strides = ConvArgs.positive(t, "strides", strides);
        this.dilation = ConvArgs.positive(t, "dilation_rate", dilationRate);
        this.depthMultiplier = ConvArgs.positive(t, "depth_multiplier", depthMultiplier);
        if (strides > 1 && dilationRate > 1) {
            throw new IllegalArgumentException(t + ": strides > 1 cannot be combined with dilation_rate > 1, received strides "
                    + strides + " and dilation_rate " + dilationRate);
        }
        this.same = ConvArgs.same(t, padding);
        this.activation = activation;
        this.useBias = useBias;
    }

    @Override
    protected Map<String, String> regularizerArguments() {
        return Map.of("depthwise_regularizer", "depthwise_kernel", "pointwise_regularizer", "pointwise_kernel", "bias_regularizer", "bias");
    }

    @Override
    public String type() {
        return "SeparableConv1D";
    }

    @Override
    public Activation activation() {
        return activation;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        int steps = Conv1DOps.checkWindow(this, in.get(0), "kernel_size " + kernelSize, kernelSize, strides, dilation, same);
        return Shape.of(Shape.UNKNOWN, steps, filters);
    }

    @Override
    protected void buildParams(List<Shape> in, ParamInit init) {
        int ch = in.get(0).dim(-1);
        int mid = ch * depthMultiplier;
        depthwise = addParam("depthwise_kernel",
                init.glorotUniform((long) kernelSize * ch, (long) kernelSize * depthMultiplier, kernelSize, ch, depthMultiplier), true);
        pointwise = addParam("pointwise_kernel", init.glorotUniform(mid, filters, 1, mid, filters), true);
        if (useBias) {
            bias = addParam("bias", init.zeros(filters), true);
        }
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        Conv1DOps.checkSteps(this, x, "kernel_size " + kernelSize, kernelSize, dilation, same);
        INDArray d = Conv1DOps.depthwise(x, depthwise.value(), strides, dilation, same);
        INDArray d2 = d.reshape(d.size(0) * d.size(1), d.size(2));
        INDArray z = MatMul.mm(d2, pointwiseMatrix());
        if (useBias) {
            z.addiRowVector(bias.value());
        }
        z = z.reshape(d.size(0), d.size(1), filters);
        INDArray a = activation.apply(z);
        ctx.save("x", x);
        ctx.save("d2", d2);
        ctx.save("z", z);
        ctx.save("a", a);
        return a;
    }

    private INDArray pointwiseMatrix() {
        INDArray p = pointwise.value();
        return p.reshape(p.size(1), p.size(2));
    }

    @Override
    public INDArray logits(LayerContext ctx) {
        return ctx.get("z");
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        return backwardFromLogits(activation.backward(ctx.get("z"), ctx.get("a"), gradOutput), ctx);
    }

    @Override
    public List<INDArray> backwardFromLogits(INDArray gradLogits, LayerContext ctx) {
        INDArray d2 = ctx.get("d2");
        INDArray g2 = gradLogits.reshape(d2.size(0), filters);
        pointwise.accumulate(MatMul.mm(d2, g2, true, false).reshape(pointwise.value().shape()));
        if (useBias) {
            bias.accumulate(g2.sum(0));
        }
        long[] zShape = gradLogits.shape();
        INDArray gd = MatMul.mm(g2, pointwiseMatrix(), false, true).reshape(zShape[0], zShape[1], d2.size(1));
        INDArray[] g = Conv1DOps.depthwiseBp(ctx.get("x"), depthwise.value(), gd, strides, dilation, same);
        depthwise.accumulate(g[1]);
        return List.of(g[0]);
    }

    /** Rebuilds from {@link #arguments()} (Keras names; ints or one-element lists). */
    public static Layer fromConfig(Map<String, Object> args) {
        ConvArgs a = new ConvArgs("SeparableConv1D", 1, args);
        return new SeparableConv1D(a.filters(), a.single("kernel_size", 0), a.single("strides", 1), a.padding(), a.single("dilation_rate", 1),
                a.args().integer("depth_multiplier", 1), a.activation(), a.useBias());
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
        m.put("depth_multiplier", depthMultiplier);
        m.put("activation", activation.keras());
        m.put("use_bias", useBias);
        return m;
    }
}
