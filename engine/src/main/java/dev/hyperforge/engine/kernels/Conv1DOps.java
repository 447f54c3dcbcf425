package dev.hyperforge.engine.kernels;


import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Shared kernels of the 1D convolution and pooling layers: input-shape checks and thin wrappers over
 * the libnd4j native ops (their arguments are parsed by {@code layers.convolutional.ConvArgs}, output
 * lengths computed by {@link Windows}). Arrays are channels last, {@code (batch, steps, channels)}
 * (NWC); 2D ops see them as the NHWC view {@code (batch, 1, steps, channels)}.
 *
 * <p>Integer-argument orders of the libnd4j ops used here (checked against the op sources and by the
 * layers' numerical gradient tests):
 * <ul>
 * <li>{@code conv1d} / {@code conv1d_bp}: kW, sW, pW, dW, paddingMode (0 valid, 1 same), isNWC (1),
 * wFormat (0 = [kW, iC, oC], the Keras layout). Inputs x, w, [b] (bp: x, w, [b], gradOut); bp outputs
 * gradX, gradW, [gradB].</li>
 * <li>{@code maxpool2d} / {@code maxpool2d_bp}: kH, kW, sH, sW, pH, pW, dH, dW, isSameMode, extra (unused
 * for max), isNHWC (1). bp inputs x, gradOut; output gradX (whole gradient to the first arg-max).</li>
 * <li>{@code depthwise_conv2d} / {@code depthwise_conv2d_bp}: kH, kW, sH, sW, pH, pW, dH, dW, isSameMode,
 * isNHWC (1), wFormat (0 = [kH, kW, iC, mC]); output channel {@code c * mC + m} as in TensorFlow.</li>
 * </ul>
 *
 * <pre>{@code
 * INDArray y = Conv1DOps.conv1d(x, kernel, bias, 1, 1, true, ctx);   // stride 1, dilation 1, "same"
 * }</pre>
 */
public final class Conv1DOps {
    private Conv1DOps() {
    }






    /**
     * Checks a {@code (batch, steps, channels)} input shape of a window layer and returns its output
     * length: rank 3, known channels, and (padding "valid") at least as many known steps as the window
     * spans.
     *
     * @param what the window's argument, e.g. {@code kernel_size 5}
     */
    public static int checkWindow(Layer l, Shape s, String what, int window, int stride, int dilation, boolean same) {
        if (s.rank() != 3) {
            throw l.shapeError("input of rank 3 (batch, steps, channels)", s, s.rank() == 2
                    ? "for token ids put an Embedding first; for a flat vector use Reshape to (steps, channels)"
                    : null);
        }
        if (s.dim(2) == Shape.UNKNOWN) {
            throw l.shapeError("a known channel dimension", s, null);
        }
        int steps = s.dim(1);
        if (!same && steps != Shape.UNKNOWN && steps < Windows.span(window, dilation)) {
            throw l.shapeError("at least " + Windows.span(window, dilation) + " steps for its window (" + what
                    + (dilation > 1 ? ", dilation_rate " + dilation : "") + ", padding \"valid\")", s,
                    "the input is too short; use padding \"same\", a smaller window or fewer pooling layers before it");
        }
        return Windows.outLength(steps, window, stride, dilation, same);
    }

    /** Output shape of a global 1D pooling layer: rank 3 in, {@code (None, channels)} out. */
    public static Shape globalOutputShape(Layer l, Shape s, boolean keepdims) {
        if (s.rank() != 3) {
            throw l.shapeError("input of rank 3 (batch, steps, channels)", s, s.rank() == 2
                    ? "this input has no steps axis left to pool (it is already pooled or flat), so remove this layer"
                    : s.rank() == 4 ? "for images (batch, height, width, channels) use the 2D global pooling layers" : null);
        }
        return keepdims ? Shape.of(Shape.UNKNOWN, 1, s.dim(2)) : Shape.of(Shape.UNKNOWN, s.dim(2));
    }

    /** The run-time form of {@link #checkWindow} for inputs whose length was unknown when built. */
    public static void checkSteps(Layer l, INDArray x, String what, int window, int dilation, boolean same) {
        if (!same && x.size(1) < Windows.span(window, dilation)) {
            throw l.error("received a sequence of " + x.size(1) + " steps, shorter than its window (" + what
                    + "), in a batch of shape " + Shape.format(x.shape()) + "; use padding \"same\" or longer sequences");
        }
    }




    /** {@code (batch, steps, ch)} → NHWC view {@code (batch, 1, steps, ch)}. */
    static INDArray nhwc(INDArray x) {
        return x.reshape('c', x.size(0), 1, x.size(1), x.size(2));
    }

    /**
     * conv1d forward, NWC input, Keras kernel {@code (k, in, out)}; {@code bias} may be null. The output
     * is the call's reusable array {@code conv_out} ({@link LayerContext#reusable}).
     */
    public static INDArray conv1d(INDArray x, INDArray kernel, INDArray bias, int stride, int dilation, boolean same, LayerContext ctx) {
        int k = (int) kernel.size(0);
        long ow = Windows.outLength(x.size(1), k, stride, dilation, same);
        INDArray out = ctx.reusable("conv_out", x.dataType(), x.size(0), ow, kernel.size(2));
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv1d")
                .addInputs(bias == null ? new INDArray[] {x, kernel} : new INDArray[] {x, kernel, bias})
                .addOutputs(out)
                .addIntegerArguments(k, stride, 0, dilation, same ? 1 : 0, 1, 0);
        Nd4j.exec(op.build());
        return out;
    }

    /**
     * conv1d backward on libnd4j's {@code conv1d_bp}: {gradX (the call's reusable array {@code conv_dx}),
     * gradKernel, gradBias or null}, the kernel and bias gradients written into {@code gw} and {@code gb}.
     */
    public static INDArray[] conv1dBp(INDArray x, INDArray kernel, INDArray bias, INDArray gradOut, int stride, int dilation, boolean same,
            LayerContext ctx, INDArray gw, INDArray gb) {
        int k = (int) kernel.size(0);
        INDArray gx = ctx.reusable("conv_dx", x.dataType(), x.shape());
        INDArray[] in = bias == null ? new INDArray[] {x, kernel, gradOut} : new INDArray[] {x, kernel, bias, gradOut};
        INDArray[] out = bias == null ? new INDArray[] {gx, gw} : new INDArray[] {gx, gw, gb};
        Nd4j.exec(DynamicCustomOp.builder("conv1d_bp").addInputs(in).addOutputs(out)
                .addIntegerArguments(k, stride, 0, dilation, same ? 1 : 0, 1, 0).build());
        return new INDArray[] {gx, gw, gb};
    }

    /** The largest column array (elements) {@link #conv1dBpGemm} builds; larger cases take the native op. */
    private static final long MAX_COLUMNS = 64L << 20;
    /** Input channels from which the backward pass takes {@link #conv1dBpGemm}; see {@link #gemmBackward}. */
    static final int GEMM_MIN_IN_CHANNELS = 256;
    private static volatile int gemmMinInChannels = GEMM_MIN_IN_CHANNELS;

    /**
     * Whether the backward pass takes {@link #conv1dBpGemm} rather than libnd4j's {@code conv1d_bp}:
     * stride 1, float or double arrays, and either a dilation above 1 (see {@link #columnsForward}) or at
     * least {@link #GEMM_MIN_IN_CHANNELS} input channels with a column array of at most
     * {@link #MAX_COLUMNS} elements (from numerics V5 also at least {@link #GEMM_MIN_ROWS} rows). The matrix
     * products win for wide inputs and lose to the op for narrow ones, hence the channel threshold (the ratios
     * behind it are in engine/BENCHMARK.md, "Kernel path choices"), and for short ones on the AMD host.
     */
    public static boolean gemmBackward(INDArray x, INDArray kernel, int stride, int dilation) {
        if (stride != 1 || !floatOrDouble(x, kernel) || x.length() > Integer.MAX_VALUE) {
            return false;
        }
        long rows = x.size(0) * x.size(1);
        long columns = rows * kernel.size(0) * kernel.size(2);
        return dilation > 1 || (x.size(2) >= gemmMinInChannels && columns <= MAX_COLUMNS
                && (rows >= GEMM_MIN_ROWS || !Numerics.current().atLeast(Numerics.V5)));
    }

    /**
     * From numerics {@link Numerics#V5}, the fewest {@code batch·steps} rows for which an undilated backward pass takes
     * {@link #conv1dBpGemm}: below it the two products are too short to beat {@code conv1d_bp} (S2's last two
     * convolutions, 1 152 and 896 rows; figures in engine/BENCHMARK.md, round 10, branch s2conv).
     */
    static final long GEMM_MIN_ROWS = 2048;

    /**
     * Whether the forward pass takes {@link #conv1dColumns}: dilated float or double convolutions.
     * libnd4j's {@code conv1d} and {@code conv1d_bp} fail for any dilation above 1 in float on the
     * oneDNN build ("could not create a descriptor for a dilated convolution forward propagation
     * primitive"; double and the plain build are fine), so dilated convolutions never use them.
     */
    public static boolean columnsForward(INDArray x, INDArray kernel, int dilation) {
        return dilation > 1 && floatOrDouble(x, kernel) && x.length() <= Integer.MAX_VALUE;
    }

    private static boolean floatOrDouble(INDArray x, INDArray kernel) {
        DataType dt = x.dataType();
        return (dt == DataType.FLOAT || dt == DataType.DOUBLE) && kernel.dataType() == dt;
    }

    /**
     * conv1d forward for stride 1 as one matrix product: columns {@code X[b·outSteps + t, k·in + i] =
     * x[b, t + k·dilation - p, i]} (zero outside the sequence, {@code p} the left padding) times the
     * kernel seen as {@code (k·in, out)}, plus the bias; into the call's reusable {@code conv_out}.
     */
    public static INDArray conv1dColumns(INDArray x, INDArray kernel, INDArray bias, int dilation, boolean same, LayerContext ctx) {
        long batch = x.size(0);
        long in = x.size(2);
        int k = (int) kernel.size(0);
        long out = kernel.size(2);
        long ow = Windows.outLength(x.size(1), k, 1, dilation, same);
        int left = same ? (Windows.span(k, dilation) - 1) / 2 : 0;
        INDArray cols = ctx.reusable("conv_fwd_cols", x.dataType(), batch * ow, k * in);
        fillColumns(HostArrays.contiguous(x), cols, ow, k, dilation, -left);
        INDArray y = ctx.reusable("conv_out", x.dataType(), batch, ow, out);
        INDArray y2 = y.reshape(batch * ow, out);
        MatMul.mmInto(cols, kernel.reshape('c', k * in, out), false, false, y2);
        if (bias != null) {
            y2.addiRowVector(bias);
        }
        return y;
    }

    /** Tests: the input channels from which {@link #gemmBackward} holds (1 = every stride-1 case); 0 restores the default. */
    public static void setGemmMinInChannels(int channels) {
        gemmMinInChannels = channels <= 0 ? GEMM_MIN_IN_CHANNELS : channels;
    }

    /**
     * conv1d backward for stride 1 as two matrix products (oneDNN's matmul), taken instead of libnd4j's
     * {@code conv1d_bp} (oneDNN's backward-data and backward-weights primitives) for wide inputs
     * ({@link #gemmBackward}). With {@code p} the left padding, the output gradient {@code g} is laid out
     * as columns {@code D[b, s, k, :] = g[b, s - k·dilation + p, :]} (zero outside {@code [0, outSteps)}),
     * then
     * <ul>
     * <li>{@code gradX = D · Wₛ} with {@code Wₛ[k·out + o, i] = W[k, i, o]} (a full correlation), and</li>
     * <li>{@code gradW[k, i, o] = (xᵀ · D)[i, k·out + o]},</li>
     * </ul>
     * both over the {@code (batch·steps)} rows at once. Returns {gradX (reusable {@code conv_dx}),
     * gradKernel, gradBias or null}; the columns live in the reusable {@code conv_cols}.
     */
    public static INDArray[] conv1dBpGemm(INDArray x, INDArray kernel, INDArray bias, INDArray gradOut, int dilation, boolean same,
            LayerContext ctx, INDArray gw, INDArray gb) {
        long batch = x.size(0);
        long steps = x.size(1);
        long in = x.size(2);
        int k = (int) kernel.size(0);
        long out = kernel.size(2);
        int left = same ? (Windows.span(k, dilation) - 1) / 2 : 0;
        INDArray g = HostArrays.contiguous(gradOut.dataType() == x.dataType() ? gradOut : gradOut.castTo(x.dataType()));
        INDArray cols = ctx.reusable("conv_cols", x.dataType(), batch * steps, k * out);
        fillColumns(g, cols, steps, k, -dilation, left);
        INDArray gx = ctx.reusable("conv_dx", x.dataType(), x.shape());
        INDArray stacked = ctx.reusable("conv_wstack", x.dataType(), k, out, in).assign(kernel.permute(0, 2, 1));
        MatMul.mmInto(cols, stacked.reshape(k * out, in), false, false, gx.reshape(batch * steps, in));
        INDArray gwCols = ctx.reusable("conv_gw", x.dataType(), in, k * out);
        MatMul.mmInto(x.reshape(batch * steps, in), cols, true, false, gwCols);
        gw.assign(gwCols.reshape(in, k, out).permute(1, 0, 2));
        if (bias != null) {
            MatMul.columnSumsInto(g.reshape(g.size(0) * g.size(1), out), gb);
        }
        return new INDArray[] {gx, gw, gb};
    }

    /**
     * The input gradient alone, as {@link #conv1dBpGemm} computes it (the same columns and product, so the same
     * values), into a new array: what {@link TokenConv#materialize} needs when a per-token backward's input
     * gradient is read after all.
     */
    public static INDArray conv1dGradXGemm(INDArray x, INDArray kernel, INDArray gradOut, boolean same, LayerContext ctx) {
        long batch = x.size(0);
        long steps = x.size(1);
        long in = x.size(2);
        int k = (int) kernel.size(0);
        long out = kernel.size(2);
        INDArray g = HostArrays.contiguous(gradOut.dataType() == x.dataType() ? gradOut : gradOut.castTo(x.dataType()));
        INDArray cols = ctx.reusable("conv_cols", x.dataType(), batch * steps, k * out);
        fillColumns(g, cols, steps, k, -1, same ? (k - 1) / 2 : 0);
        INDArray gx = Nd4j.createUninitialized(x.dataType(), x.shape());
        INDArray stacked = ctx.reusable("conv_wstack", x.dataType(), k, out, in).assign(kernel.permute(0, 2, 1));
        MatMul.mmInto(cols, stacked.reshape(k * out, in), false, false, gx.reshape(batch * steps, in));
        return gx;
    }

    /**
     * Fills a column array from a contiguous {@code (batch, srcSteps, ch)} source: row {@code b·rowSteps + s},
     * block {@code j} is source step {@code s + j·tapStep + shift} of sample {@code b}, or zeros ({@link Columns}).
     */
    private static void fillColumns(INDArray src, INDArray cols, long rowSteps, int k, int tapStep, int shift) {
        Columns.fill(src.reshape('c', src.size(0), 1, src.size(1), src.size(2)), cols, Columns.Layout.of1d((int) rowSteps, k, tapStep, shift));
    }

    /** Max pooling over steps of a {@code (batch, steps, ch)} array, into the call's reusable {@code pool_out}. */
    public static INDArray maxPool(INDArray x, int pool, int stride, boolean same, LayerContext ctx) {
        long ow = Windows.outLength(x.size(1), pool, stride, 1, same);
        INDArray out = ctx.reusable("pool_out", x.dataType(), x.size(0), 1, ow, x.size(2));
        Nd4j.exec(DynamicCustomOp.builder("maxpool2d").addInputs(nhwc(x)).addOutputs(out)
                .addIntegerArguments(poolArgs(pool, stride, same)).build());
        return out.reshape(x.size(0), ow, x.size(2));
    }

    /**
     * Max pooling backward: the gradient of each window goes to its (first) maximum; into the call's
     * reusable {@code pool_dx}. {@code pooled} is the forward pass's output. One window spanning the
     * whole sequence (GlobalMaxPooling1D) takes {@link MaxPoolGrad}, which finds the maxima from
     * {@code pooled}, others libnd4j's {@code maxpool2d_bp}; both give the same values. With
     * {@code foldRelu} ({@code x} a relu output, {@link ReluLinks}) the result is relu's gradient of that
     * and is recorded as folded.
     */
    public static INDArray maxPoolBp(INDArray x, INDArray pooled, INDArray gradOut, int pool, int stride, boolean same, boolean foldRelu,
            LayerContext ctx) {
        INDArray gx = ctx.reusable("pool_dx", x.dataType(), x.size(0), 1, x.size(1), x.size(2));
        INDArray x4 = nhwc(x);
        int[] window = {1, pool};
        int[] strides = {1, stride};
        if (pool == x.size(1) && MaxPoolGrad.applies(x4, window, strides)) {
            MaxPoolGrad.backward(x4, nhwc(pooled), nhwc(gradOut), window, strides, same, foldRelu, gx);
        } else {
            INDArray g = nhwc(gradOut);
            if (foldRelu) {
                g = ReluLinks.fold(HostArrays.contiguous(nhwc(pooled)), g, ctx.reusable("pool_fold", g.dataType(), g.shape()));
            }
            Nd4j.exec(DynamicCustomOp.builder("maxpool2d_bp").addInputs(x4, g).addOutputs(gx)
                    .addIntegerArguments(poolArgs(pool, stride, same)).build());
        }
        INDArray result = gx.reshape(x.shape());
        if (foldRelu) {
            ReluLinks.folded(result, x);
        }
        return result;
    }

    private static int[] poolArgs(int pool, int stride, boolean same) {
        return new int[] {1, pool, 1, stride, 0, 0, 1, 1, same ? 1 : 0, 0, 1};
    }

    /** Depthwise conv of {@code (batch, steps, in)} with kernel {@code (k, in, dm)} → {@code (batch, ow, in*dm)}. */
    public static INDArray depthwise(INDArray x, INDArray kernel, int stride, int dilation, boolean same) {
        int k = (int) kernel.size(0);
        long ow = Windows.outLength(x.size(1), k, stride, dilation, same);
        long oc = kernel.size(1) * kernel.size(2);
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.size(0), 1, ow, oc);
        Nd4j.exec(DynamicCustomOp.builder("depthwise_conv2d").addInputs(nhwc(x), kernel4(kernel)).addOutputs(out)
                .addIntegerArguments(depthwiseArgs(k, stride, dilation, same)).build());
        return out.reshape(x.size(0), ow, oc);
    }

    /** Depthwise conv backward: {gradX, gradKernel}. */
    public static INDArray[] depthwiseBp(INDArray x, INDArray kernel, INDArray gradOut, int stride, int dilation, boolean same) {
        int k = (int) kernel.size(0);
        INDArray gx = Nd4j.createUninitialized(x.dataType(), x.size(0), 1, x.size(1), x.size(2));
        INDArray gw = Nd4j.createUninitialized(kernel.dataType(), 1, kernel.size(0), kernel.size(1), kernel.size(2));
        Nd4j.exec(DynamicCustomOp.builder("depthwise_conv2d_bp").addInputs(nhwc(x), kernel4(kernel), nhwc(gradOut))
                .addOutputs(gx, gw).addIntegerArguments(depthwiseArgs(k, stride, dilation, same)).build());
        return new INDArray[] {gx.reshape(x.shape()), gw.reshape(kernel.shape())};
    }

    private static INDArray kernel4(INDArray kernel) {
        return kernel.reshape('c', 1, kernel.size(0), kernel.size(1), kernel.size(2));
    }

    private static int[] depthwiseArgs(int k, int stride, int dilation, boolean same) {
        return new int[] {1, k, 1, stride, 0, 0, 1, dilation, same ? 1 : 0, 1, 0};
    }
}
