package dev.hyperforge.engine.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Shared helpers of the 2-D convolution and pooling layers (channels last, NHWC): argument parsing,
 * Keras output-size arithmetic and thin wrappers over the libnd4j native ops.
 *
 * <p>Integer arguments of libnd4j's {@code conv2d}, {@code conv2d_bp}, {@code depthwise_conv2d} and
 * {@code depthwise_conv2d_bp}: {@code kH, kW, sH, sW, pH, pW, dH, dW, isSameMode, dataFormat (1 = NHWC),
 * wFormat (0 = [kH, kW, iC, oC], the Keras layout)}. Those of {@code maxpool2d} and {@code maxpool2d_bp}:
 * {@code kH, kW, sH, sW, pH, pW, dH, dW, isSameMode, extraParam0 (unused for max), dataFormat (1 = NHWC)}.
 * In same mode libnd4j computes the padding itself, placing the odd pixel at the bottom/right like
 * TensorFlow.
 */
public final class Conv2DOps {
    private static final int NHWC = 1;
    private static final int KERAS_WEIGHTS = 0;

    private Conv2DOps() {
    }

    /** Parses {@code "valid"} or {@code "same"} (case-insensitive) into {@code same}. */
    public static boolean parsePadding(String type, String padding) {
        String p = padding == null ? "valid" : padding.trim().toLowerCase(Locale.ROOT);
        return switch (p) {
            case "valid" -> false;
            case "same" -> true;
            default -> throw new IllegalArgumentException(type + ": padding must be \"valid\" or \"same\", received '" + padding + "'");
        };
    }

    /** The Keras padding name. */
    public static String paddingName(boolean same) {
        return same ? "same" : "valid";
    }

    /** Checks a (height, width) pair of positive ints named {@code what}. */
    public static int[] pair(String type, String what, int[] v) {
        if (v == null || v.length != 2 || v[0] <= 0 || v[1] <= 0) {
            throw new IllegalArgumentException(type + ": " + what + " must be a positive int or two positive ints, received "
                    + (v == null ? "null" : java.util.Arrays.toString(v)));
        }
        return v.clone();
    }

    /** A pair as a JSON-friendly list. */
    public static List<Integer> list(int[] v) {
        List<Integer> l = new ArrayList<>();
        for (int x : v) {
            l.add(x);
        }
        return l;
    }

    /** Formats a window Keras style, e.g. {@code (3, 3)}. */
    public static String window(int[] v) {
        return Shape.format(v);
    }

    /** Rejects Keras config fields this engine does not implement (channels_first, dilation). */
    public static void rejectUnsupported(String type, Map<String, Object> args) {
        LayerArgs a = new LayerArgs(type, args);
        String fmt = a.string("data_format", "channels_last");
        if (!"channels_last".equals(fmt)) {
            throw new IllegalArgumentException(type + ": only data_format \"channels_last\" is supported, received '" + fmt + "'");
        }
        int[] dil = a.ints("dilation_rate", 2, new int[] {1, 1});
        for (int d : dil) {
            if (d != 1) {
                throw new IllegalArgumentException(type + ": dilation_rate other than 1 is not supported, received " + args.get("dilation_rate"));
            }
        }
    }

    /**
     * Keras output length of one spatial axis: {@code ceil(in / stride)} for same padding,
     * {@code floor((in - window) / stride) + 1} for valid; unknown stays unknown; 0 or less when the window
     * does not fit (the caller reports it).
     */
    public static int outLength(int in, int window, int stride, boolean same) {
        if (in == Shape.UNKNOWN) {
            return Shape.UNKNOWN;
        }
        if (same) {
            return (in + stride - 1) / stride;
        }
        return in < window ? 0 : (in - window) / stride + 1;
    }

    /** The integer arguments of conv2d / depthwise_conv2d and their _bp ops. */
    public static int[] convArgs(int[] kernel, int[] strides, boolean same) {
        return new int[] {kernel[0], kernel[1], strides[0], strides[1], 0, 0, 1, 1, same ? 1 : 0, NHWC, KERAS_WEIGHTS};
    }

    /** The integer arguments of maxpool2d / maxpool2d_bp. */
    public static int[] poolArgs(int[] pool, int[] strides, boolean same) {
        return new int[] {pool[0], pool[1], strides[0], strides[1], 0, 0, 1, 1, same ? 1 : 0, 0, NHWC};
    }

    /** Output array (N, oH, oW, channels) for an NHWC input. */
    public static INDArray outputLike(INDArray x, int[] window, int[] strides, boolean same, long channels) {
        return Nd4j.createUninitialized(x.dataType(), outputShape(x, window, strides, same, channels));
    }

    /** {@link #outputLike} as the call's reusable array {@code key} ({@link LayerContext#reusable}). */
    public static INDArray outputLike(INDArray x, int[] window, int[] strides, boolean same, long channels, LayerContext ctx, String key) {
        return ctx.reusable(key, x.dataType(), outputShape(x, window, strides, same, channels));
    }

    private static long[] outputShape(INDArray x, int[] window, int[] strides, boolean same, long channels) {
        long oh = outLength((int) x.size(1), window[0], strides[0], same);
        long ow = outLength((int) x.size(2), window[1], strides[1], same);
        return new long[] {x.size(0), oh, ow, channels};
    }

    /** The largest column array (elements) {@link #conv2dBpKernelOnly} builds; larger cases take the native op. */
    private static final long MAX_COLUMNS = 64L << 20;
    /**
     * Whether {@link #conv2dBpKernelOnly} replaces libnd4j's {@code conv2d_bp}: no input gradient wanted
     * (a first layer, whose input is the model's: the op cannot skip that gradient), strides 1, float or
     * double, and a column array of at most {@link #MAX_COLUMNS} elements. Measured on the development
     * machine (float, median of 9): S6's first convolution (128 x 28 x 28 x 1 → 32, 3 x 3, same) 9.2 → 5.4
     * ms. With the input gradient the op stays: computed as matrix products over the output gradient's
     * columns S6's second convolution (32 → 64 channels) took 12.7 ms against the op's 7.1.
     */
    public static boolean kernelOnlyBackward(INDArray x, INDArray kernel, int[] strides, boolean inputGradient) {
        if (inputGradient || strides[0] != 1 || strides[1] != 1 || x.dataType() != kernel.dataType()) {
            return false;
        }
        long width = kernel.size(0) * kernel.size(1) * x.size(3);
        long rows = x.size(0) * x.size(1) * x.size(2);
        return Columns.fits(x, rows, width) && rows * width <= MAX_COLUMNS;
    }

    /**
     * The kernel and bias gradients of a strides-1 conv2d (NHWC, Keras kernel {@code (kh, kw, in, out)})
     * as one matrix product: with {@code (ph, pw)} the top/left padding ({@code (k - 1) / 2} for "same",
     * 0 for "valid"), the input's columns {@code X[(b, oh, ow), (i, j, c)] = x[b, oh + i - ph, ow + j - pw, c]}
     * give {@code gradW = Xᵀ · g} directly in the kernel's layout. Writes the kernel and bias gradients into
     * {@code gw} and {@code gb} (every element) and returns them; the columns live in the call's reusable
     * {@code conv_cols}.
     */
    public static INDArray[] conv2dBpKernelOnly(INDArray x, INDArray kernel, INDArray bias, INDArray g, boolean same, LayerContext ctx,
            INDArray gw, INDArray gb) {
        int kh = (int) kernel.size(0);
        int kw = (int) kernel.size(1);
        long in = kernel.size(2);
        long out = kernel.size(3);
        INDArray gc = prepare(g, x.dataType());
        INDArray g2 = gc.reshape('c', gc.size(0) * gc.size(1) * gc.size(2), out);
        INDArray cols = ctx.reusable("conv_cols", x.dataType(), g2.size(0), kh * kw * in);
        Columns.fill(x, cols, new Columns.Layout((int) gc.size(1), (int) gc.size(2), kh, kw, 1, 1, same ? -(kh - 1) / 2 : 0,
                same ? -(kw - 1) / 2 : 0));
        MatMul.mmInto(cols, g2, true, false, gw.reshape('c', kh * kw * in, out));
        if (bias != null) {
            MatMul.columnSumsInto(g2, gb);
        }
        return new INDArray[] {gw, gb};
    }

    /** Runs a libnd4j custom op by name. */
    public static void exec(String op, INDArray[] inputs, INDArray[] outputs, int[] iArgs) {
        Nd4j.exec(DynamicCustomOp.builder(op).addInputs(inputs).addOutputs(outputs).addIntegerArguments(iArgs).build());
    }

    /** The array in the given dtype, contiguous in C order (a no-op when it already is). */
    public static INDArray prepare(INDArray x, DataType dtype) {
        INDArray y = x.dataType() == dtype ? x : x.castTo(dtype);
        return y.ordering() == 'c' ? y : y.dup('c');
    }

    /**
     * Applies the activation in place where it is element-wise (saving a copy of the largest arrays of
     * a CNN); softmax gets a new array.
     */
    public static INDArray activateInPlace(Activation activation, INDArray z) {
        return switch (activation) {
            case LINEAR -> z;
            case RELU -> Transforms.relu(z, false);
            case SIGMOID -> Transforms.sigmoid(z, false);
            case TANH -> Transforms.tanh(z, false);
            case SOFTMAX -> activation.apply(z);
        };
    }

    /**
     * Whether a layer must keep its pre-activation values: only for the activations a loss fuses with
     * (sigmoid, softmax), whose logits the trainer asks for; the others are applied in place.
     */
    public static boolean keepsLogits(Activation activation) {
        return activation == Activation.SIGMOID || activation == Activation.SOFTMAX;
    }

    /** Gradient with respect to the pre-activation, given the activation output {@code a}. */
    public static INDArray activationBackward(Activation activation, INDArray a, INDArray g) {
        return activationBackward(activation, a, g, null);
    }

    /** As {@link #activationBackward(Activation, INDArray, INDArray)}, relu's gradient into the call's reusable {@code act_dz}. */
    public static INDArray activationBackward(Activation activation, INDArray a, INDArray g, LayerContext ctx) {
        if (activation == Activation.RELU) {
            // relu_bp: gradI = g where input > 0, else 0 (a > 0 exactly where z > 0); one native pass.
            INDArray out = ctx == null ? g.ulike() : ctx.reusable("act_dz", g.dataType(), g.shape());
            Nd4j.exec(DynamicCustomOp.builder("relu_bp").addInputs(a, g).addOutputs(out)
                    .addFloatingPointArguments(0.0).build());
            return out;
        }
        return activation.backward(a, g);
    }
}
