package dev.hyperforge.engine.kernels;


import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Shared kernels of the 2-D convolution and pooling layers (channels last, NHWC): output arrays, the
 * native ops' integer arguments and thin wrappers over them. Their arguments are parsed by
 * {@code layers.convolutional.ConvArgs}, output lengths computed by {@link Windows}.
 *
 * <p>Integer arguments of libnd4j's {@code conv2d}, {@code conv2d_bp}, {@code depthwise_conv2d} and
 * {@code depthwise_conv2d_bp}: {@code kH, kW, sH, sW, pH, pW, dH, dW, isSameMode, dataFormat (1 = NHWC),
 * wFormat (0 = [kH, kW, iC, oC], the Keras layout)}. Those of {@code maxpool2d} and {@code maxpool2d_bp}:
 * {@code kH, kW, sH, sW, pH, pW, dH, dW, isSameMode, extraParam0 (unused for max), dataFormat (1 = NHWC)}.
 * In same mode libnd4j computes the padding itself, placing the odd pixel at the bottom/right like
 * TensorFlow.
 *
 * <pre>{@code
 * INDArray z = Conv2DOps.outputLike(x, kernelSize, strides, same, filters, ctx, "conv_out");
 * Conv2DOps.exec("conv2d", new INDArray[] {x, w, b}, new INDArray[] {z}, Conv2DOps.convArgs(kernelSize, strides, same));
 * }</pre>
 */
public final class Conv2DOps {
    private static final int NHWC = 1;
    private static final int KERAS_WEIGHTS = 0;

    private Conv2DOps() {
    }








    /**
     * The output shape of a 2-D window layer (convolution or pooling) on a rank-4 {@code (batch, height,
     * width, channels)} input the layer has checked: Keras output lengths ({@link Windows}), with errors
     * naming the layer when the window does not fit.
     *
     * @param what the window, e.g. {@code kernel} or {@code pool window}
     * @param filters output channels, or -1 to keep the input's
     * @param hint what to do when the window does not fit
     */
    public static Shape windowOutput(Layer l, Shape s, String what, int[] window, int[] strides, boolean same, int filters, String hint) {
        if (filters > 0 && s.dim(3) == Shape.UNKNOWN) {
            throw l.shapeError("a known channel dimension", s, null);
        }
        int oh = Windows.outLength(s.dim(1), window[0], strides[0], 1, same);
        int ow = Windows.outLength(s.dim(2), window[1], strides[1], 1, same);
        if (oh == 0 || ow == 0) {
            throw l.shapeError("input at least as large as its " + what + " " + Shape.format(window), s, hint);
        }
        return Shape.of(s.dim(0), oh, ow, filters > 0 ? filters : s.dim(3));
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
        long oh = Windows.outLength(x.size(1), window[0], strides[0], 1, same);
        long ow = Windows.outLength(x.size(2), window[1], strides[1], 1, same);
        return new long[] {x.size(0), oh, ow, channels};
    }

    /** The largest column array (elements) {@link #conv2dBpKernelOnly} builds; larger cases take the native op. */
    private static final long MAX_COLUMNS = 64L << 20;
    /**
     * Whether {@link #conv2dBpKernelOnly} replaces libnd4j's {@code conv2d_bp}: no input gradient wanted
     * (a first layer, whose input is the model's: the op cannot skip that gradient), strides 1, float or
     * double, and a column array of at most {@link #MAX_COLUMNS} elements. One matrix product over the
     * input's columns beats the op when only the kernel gradient is wanted; with the input gradient the
     * op stays, as the extra product over the output gradient's columns costs more than it saves (the
     * timings are in engine/BENCHMARK.md, "Kernel path choices").
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
     *
     * <p>Up to numerics level {@link Numerics#V4} the bias gradient is a second product, the column sums of
     * {@code g}. From {@link Numerics#V5} (read once per call) the columns carry a last column of ones and the one
     * product {@code [X, 1]ᵀ · g} gives both: its last row is the bias gradient, the same sums in another order
     * (the last float bits differ from V4's). For S6's first layer, {@code (10 × 100 352) · (100 352 × 32)}
     * instead of a 9-row product and the column sums: about 0.3 ms less per step (engine/BENCHMARK.md,
     * "Round 10b").
     */
    public static INDArray[] conv2dBpKernelOnly(INDArray x, INDArray kernel, INDArray bias, INDArray g, boolean same, LayerContext ctx,
            INDArray gw, INDArray gb) {
        int kh = (int) kernel.size(0);
        int kw = (int) kernel.size(1);
        long in = kernel.size(2);
        long out = kernel.size(3);
        INDArray gc = prepare(g, x.dataType());
        INDArray g2 = gc.reshape('c', gc.size(0) * gc.size(1) * gc.size(2), out);
        boolean oneProduct = bias != null && Numerics.current().atLeast(Numerics.V5);
        long width = kh * kw * in;
        INDArray cols = ctx.reusable(oneProduct ? "conv_cols1" : "conv_cols", x.dataType(), g2.size(0), width + (oneProduct ? 1 : 0));
        Columns.fill(x, cols, new Columns.Layout((int) gc.size(1), (int) gc.size(2), kh, kw, 1, 1, same ? -(kh - 1) / 2 : 0,
                same ? -(kw - 1) / 2 : 0), oneProduct);
        if (oneProduct) {
            INDArray both = ctx.reusable("conv_wb", x.dataType(), width + 1, out);
            MatMul.mmInto(cols, g2, true, false, both);
            gw.reshape('c', width, out).assign(both.get(NDArrayIndex.interval(0, width), NDArrayIndex.all()));
            gb.assign(both.getRow(width).reshape(gb.shape()));
            return new INDArray[] {gw, gb};
        }
        MatMul.mmInto(cols, g2, true, false, gw.reshape('c', width, out));
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
}
