package dev.hyperforge.engine.layers.convolutional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.Activations;
import dev.hyperforge.engine.kernels.Conv2DOps;
import dev.hyperforge.engine.kernels.MatMul;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * Depthwise separable 2-D convolution (Keras {@code SeparableConv2D}): a depthwise convolution applies
 * {@code depth_multiplier} spatial filters to each input channel separately (output channel
 * {@code c * depth_multiplier + m}, as in TensorFlow), then a pointwise 1 x 1 convolution mixes the
 * channels into {@code filters}; then bias and activation. Weights, in Keras order and layout:
 * {@code depthwise_kernel (kh, kw, in_ch, depth_multiplier)}, {@code pointwise_kernel
 * (1, 1, in_ch * depth_multiplier, filters)}, {@code bias (filters)}. The depthwise part runs libnd4j's
 * {@code depthwise_conv2d(_bp)}; the pointwise part is a matrix product.
 *
 * <pre>{@code
 * Tensor h = new SeparableConv2D(64, 3, "same", "relu").call(img);
 * Tensor k = new SeparableConv2D(32, new int[] {3, 3}, new int[] {1, 1}, "valid", 2, Activation.RELU, true).call(h);
 * }</pre>
 */
public final class SeparableConv2D extends Layer {
    private final int filters;
    private final int[] kernelSize;
    private final int[] strides;
    private final boolean same;
    private final int depthMultiplier;
    private final Activation activation;
    private final boolean useBias;
    private Param depthwise;
    private Param pointwise;
    private Param bias;

    /**
     * @param filters output channels (positive)
     * @param kernelSize (kh, kw) of the depthwise filters
     * @param strides (sh, sw) of the depthwise convolution
     * @param padding "valid" or "same"
     * @param depthMultiplier depthwise filters per input channel (positive)
     * @param activation final activation
     * @param useBias whether to add a bias
     */
    public SeparableConv2D(int filters, int[] kernelSize, int[] strides, String padding, int depthMultiplier,
            Activation activation, boolean useBias) {
        if (filters <= 0 || depthMultiplier <= 0) {
            throw new IllegalArgumentException("SeparableConv2D: filters and depth_multiplier must be positive, received "
                    + filters + " and " + depthMultiplier);
        }
        this.filters = filters;
        this.kernelSize = ConvArgs.positive("SeparableConv2D", "kernel_size", kernelSize, 2);
        this.strides = ConvArgs.positive("SeparableConv2D", "strides", strides, 2);
        this.same = ConvArgs.same("SeparableConv2D", padding);
        this.depthMultiplier = depthMultiplier;
        this.activation = activation == null ? Activation.LINEAR : activation;
        this.useBias = useBias;
    }

    /** Square kernel, stride 1, depth multiplier 1, with bias. */
    public SeparableConv2D(int filters, int kernelSize, String padding, String activation) {
        this(filters, new int[] {kernelSize, kernelSize}, new int[] {1, 1}, padding, 1, Activation.parse(activation), true);
    }

    @Override
    protected Map<String, String> regularizerArguments() {
        return Map.of("depthwise_regularizer", "depthwise_kernel", "pointwise_regularizer", "pointwise_kernel", "bias_regularizer", "bias");
    }

    @Override
    public String type() {
        return "SeparableConv2D";
    }

    /** The final activation. */
    public Activation activation() {
        return activation;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        requireRank(s, 4, s.rank() == 3 ? "use SeparableConv1D or Conv1D for sequences, or add a channels axis" : null);
        return Conv2DOps.windowOutput(this, s, "kernel", kernelSize, strides, same, filters, "use padding=\"same\" or a smaller kernel_size");
    }

    @Override
    protected void buildParams(List<Shape> in, ParamInit init) {
        int inCh = in.get(0).dim(3);
        long area = (long) kernelSize[0] * kernelSize[1];
        int mid = inCh * depthMultiplier;
        // Keras fans of a (kh, kw, in, out) kernel: in * kh * kw and out * kh * kw.
        depthwise = addParam("depthwise_kernel", init.glorotUniform(area * inCh, area * depthMultiplier,
                kernelSize[0], kernelSize[1], inCh, depthMultiplier), true);
        pointwise = addParam("pointwise_kernel", init.glorotUniform(mid, filters, 1, 1, mid, filters), true);
        if (useBias) {
            bias = addParam("bias", init.zeros(filters), true);
        }
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray dw = depthwise.value();
        INDArray x = Conv2DOps.prepare(inputs.get(0), dw.dataType());
        long mid = x.size(3) * depthMultiplier;
        INDArray d = Conv2DOps.outputLike(x, kernelSize, strides, same, mid);
        Conv2DOps.exec("depthwise_conv2d", new INDArray[] {x, dw}, new INDArray[] {d}, Conv2DOps.convArgs(kernelSize, strides, same));
        INDArray d2 = d.reshape('c', d.length() / mid, mid);
        INDArray z2 = MatMul.mm(d2, pointwise.value().reshape('c', mid, filters));
        if (useBias) {
            z2.addiRowVector(bias.value());
        }
        INDArray a = Activations.activate(activation, z2.reshape('c', d.size(0), d.size(1), d.size(2), filters), ctx);
        ctx.save("x", x);
        ctx.save("d", d);
        ctx.save("a", a);
        return a;
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        INDArray x = ctx.get("x");
        INDArray d = ctx.get("d");
        INDArray dw = depthwise.value();
        long mid = d.size(3);
        INDArray gz = Conv2DOps.prepare(Activations.backward(activation, ctx.get("a"), gradOutput, ctx), dw.dataType());
        INDArray gz2 = gz.reshape('c', gz.length() / filters, filters);
        INDArray d2 = d.reshape('c', d.length() / mid, mid);
        INDArray pw2 = pointwise.value().reshape('c', mid, filters);
        pointwise.accumulate(MatMul.mm(d2, gz2, true, false).reshape('c', 1, 1, mid, filters));
        if (useBias) {
            bias.accumulate(gz2.sum(0));
        }
        INDArray gd = MatMul.mm(gz2, pw2, false, true).reshape('c', d.shape());
        INDArray gx = x.ulike();
        INDArray gdw = depthwise.gradTarget();
        Conv2DOps.exec("depthwise_conv2d_bp", new INDArray[] {x, dw, gd}, new INDArray[] {gx, gdw},
                Conv2DOps.convArgs(kernelSize, strides, same));
        depthwise.finishGrad(gdw);
        return List.of(gx);
    }

    /** Rebuilds from {@link #arguments()} (Keras config names). */
    public static Layer fromConfig(Map<String, Object> args) {
        ConvArgs a = new ConvArgs("SeparableConv2D", 2, args);
        a.requireUnitDilation();
        return new SeparableConv2D(a.filters(), a.window("kernel_size", null), a.window("strides", new int[] {1, 1}), a.padding(),
                a.args().integer("depth_multiplier", 1), a.activation(), a.useBias());
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filters", filters);
        m.put("kernel_size", ConvArgs.list(kernelSize));
        m.put("strides", ConvArgs.list(strides));
        m.put("padding", ConvArgs.paddingName(same));
        m.put("depth_multiplier", depthMultiplier);
        m.put("activation", activation.keras());
        m.put("use_bias", useBias);
        return m;
    }
}
