package dev.hyperforge.engine.layers.convolutional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.Activations;
import dev.hyperforge.engine.kernels.Conv2DOps;
import dev.hyperforge.engine.kernels.Numerics;
import dev.hyperforge.engine.kernels.OneDnnConv2D;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * 2-D convolution over channels-last images: input {@code (batch, height, width, channels)}, kernel
 * {@code (kh, kw, in_channels, filters)}, output {@code activation(conv(x, kernel) + bias)} of shape
 * {@code (batch, out_h, out_w, filters)}. Padding {@code "valid"} or {@code "same"} (TensorFlow's: output
 * {@code ceil(in / stride)}, odd padding pixel at the bottom/right). Runs libnd4j's {@code conv2d} and
 * {@code conv2d_bp}; from numerics level V6 a float32 layer runs on oneDNN 3.x ({@link OneDnnConv2D}), its
 * kernel-only backward (a model's first layer) staying on the input's columns.
 *
 * <pre>{@code
 * Tensor img = Input.of("image", 28, 28, 1);
 * Tensor h = new Conv2D(32, 3, "same", "relu").call(img);            // (None, 28, 28, 32), 320 params
 * Tensor v = new Conv2D(8, new int[] {3, 5}, new int[] {2, 2}, "valid", Activation.LINEAR, true).call(h);
 * }</pre>
 */
public final class Conv2D extends Layer {
    private final int filters;
    private final int[] kernelSize;
    private final int[] strides;
    private final boolean same;
    private final Activation activation;
    private final boolean useBias;
    private Param kernel;
    private Param bias;

    /**
     * @param filters number of output channels (positive)
     * @param kernelSize (kh, kw)
     * @param strides (sh, sw)
     * @param padding "valid" or "same"
     * @param activation final activation
     * @param useBias whether to add a bias
     */
    public Conv2D(int filters, int[] kernelSize, int[] strides, String padding, Activation activation, boolean useBias) {
        if (filters <= 0) {
            throw new IllegalArgumentException("Conv2D: filters must be positive, received " + filters);
        }
        this.filters = filters;
        this.kernelSize = ConvArgs.positive("Conv2D", "kernel_size", kernelSize, 2);
        this.strides = ConvArgs.positive("Conv2D", "strides", strides, 2);
        this.same = ConvArgs.same("Conv2D", padding);
        this.activation = activation == null ? Activation.LINEAR : activation;
        this.useBias = useBias;
    }

    /** A square-kernel, stride-1 convolution with bias, e.g. {@code new Conv2D(32, 3, "same", "relu")}. */
    public Conv2D(int filters, int kernelSize, String padding, String activation) {
        this(filters, new int[] {kernelSize, kernelSize}, new int[] {1, 1}, padding, Activation.parse(activation), true);
    }

    /** A linear, valid, stride-1 convolution with a square kernel. */
    public Conv2D(int filters, int kernelSize) {
        this(filters, kernelSize, "valid", "linear");
    }

    @Override
    protected Map<String, String> regularizerArguments() {
        return Map.of("kernel_regularizer", "kernel", "bias_regularizer", "bias");
    }

    @Override
    public String type() {
        return "Conv2D";
    }

    /** Number of output channels. */
    public int filters() {
        return filters;
    }

    /** The final activation. */
    public Activation activation() {
        return activation;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        requireRank(s, 4, s.rank() == 3
                ? "an image needs a channels axis, e.g. Input.of(\"image\", " + s.dim(1) + ", " + s.dim(2) + ", 1)"
                : "Conv2D takes (batch, height, width, channels); use Conv1D for sequences");
        return Conv2DOps.windowOutput(this, s, "kernel", kernelSize, strides, same, filters, "use padding=\"same\" or a smaller kernel_size");
    }

    @Override
    protected void buildParams(List<Shape> in, ParamInit init) {
        int inCh = in.get(0).dim(3);
        int area = kernelSize[0] * kernelSize[1];
        kernel = addParam("kernel", init.glorotUniform((long) area * inCh, (long) area * filters,
                kernelSize[0], kernelSize[1], inCh, filters), true);
        if (useBias) {
            bias = addParam("bias", init.zeros(filters), true);
        }
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray w = kernel.value();
        INDArray x = Conv2DOps.prepare(inputs.get(0), w.dataType());
        INDArray z = Conv2DOps.outputLike(x, kernelSize, strides, same, filters, ctx, "conv_out");
        OneDnnConv2D onednn = oneDnn(x, w, ctx);
        INDArray a;
        if (onednn != null) {   // a relu is fused into the forward pass (a pooling that takes it over applies it again: the same values)
            onednn.forward(x, w, useBias ? bias.value() : null, z);
            a = activation == Activation.RELU ? Activations.appliedInPlace(activation, z) : Activations.activate(activation, z, ctx);
        } else {
            INDArray[] ins = useBias ? new INDArray[] {x, w, bias.value()} : new INDArray[] {x, w};
            Conv2DOps.exec("conv2d", ins, new INDArray[] {z}, Conv2DOps.convArgs(kernelSize, strides, same));
            a = ctx.leavesRelu() ? z : Activations.activate(activation, z, ctx);   // relu's step over z > 0 is the same in backward
        }
        ctx.save("x", x);
        ctx.save("a", a);
        return a;
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        INDArray x = ctx.get("x");
        INDArray w = kernel.value();
        INDArray gz = Conv2DOps.prepare(Activations.backward(activation, ctx.get("a"), gradOutput, ctx), w.dataType());
        if (Conv2DOps.kernelOnlyBackward(x, w, strides, ctx.needsInputGradient(0))) {
            INDArray gw = kernel.gradTarget();
            INDArray gb = useBias ? bias.gradTarget() : null;
            Conv2DOps.conv2dBpKernelOnly(x, w, useBias ? bias.value() : null, gz, same, ctx, gw, gb);
            kernel.finishGrad(gw);
            if (useBias) {
                bias.finishGrad(gb);
            }
            return java.util.Arrays.asList((INDArray) null);
        }
        INDArray gx = ctx.reusable("conv_dx", x.dataType(), x.shape());
        INDArray gw = kernel.gradTarget();
        OneDnnConv2D onednn = oneDnn(x, w, ctx);
        if (onednn != null && OneDnnConv2D.supports(gz, w)) {
            INDArray gb = useBias ? bias.gradTarget() : null;
            onednn.backwardData(gz, w, gx);
            onednn.backwardWeights(x, gz, gw, gb);
            kernel.finishGrad(gw);
            if (useBias) {
                bias.finishGrad(gb);
            }
            return List.of(gx);
        }
        int[] args = Conv2DOps.convArgs(kernelSize, strides, same);
        if (useBias) {
            INDArray gb = bias.gradTarget();
            Conv2DOps.exec("conv2d_bp", new INDArray[] {x, w, bias.value(), gz}, new INDArray[] {gx, gw, gb}, args);
            bias.finishGrad(gb);
        } else {
            Conv2DOps.exec("conv2d_bp", new INDArray[] {x, w, gz}, new INDArray[] {gx, gw}, args);
        }
        kernel.finishGrad(gw);
        return List.of(gx);
    }

    /** A relu convolution leaves its relu to a max pooling after it ({@code ReluHandOff}). */
    @Override
    public boolean leavesRelu() {
        return activation == Activation.RELU;
    }

    /**
     * The call site's oneDNN 3.x plan for this input when the level in force has it ({@link Numerics#V6}) and the
     * arrays suit it ({@link OneDnnConv2D#supports}: float32, dense in C order); else null (libnd4j's ops). A relu is fused
     * into its forward pass.
     */
    private OneDnnConv2D oneDnn(INDArray x, INDArray w, LayerContext ctx) {
        if (!Numerics.current().atLeast(Numerics.V6) || !OneDnnConv2D.supports(x, w)) {
            return null;
        }
        return ctx.keep("onednn_conv2d", OneDnnConv2D.Site::new).plan(x.shape(), w.shape(), strides, same, useBias, activation == Activation.RELU);
    }

    /** Rebuilds from {@link #arguments()} (Keras config names). */
    public static Layer fromConfig(Map<String, Object> args) {
        ConvArgs a = new ConvArgs("Conv2D", 2, args);
        a.requireUnitDilation();
        return new Conv2D(a.filters(), a.window("kernel_size", null), a.window("strides", new int[] {1, 1}), a.padding(), a.activation(),
                a.useBias());
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filters", filters);
        m.put("kernel_size", ConvArgs.list(kernelSize));
        m.put("strides", ConvArgs.list(strides));
        m.put("padding", ConvArgs.paddingName(same));
        m.put("activation", activation.keras());
        m.put("use_bias", useBias);
        return m;
    }
}
