package dev.hyperforge.engine.kernels;

import dev.hyperforge.engine.Shape;

/**
 * Keras output-size arithmetic of one spatial axis of a window op (convolution or pooling), shared by
 * the 1-D and 2-D layers and their kernels.
 *
 * <pre>{@code
 * Windows.outLength(28, 3, 1, 1, true);    // 28: "same" keeps ceil(in / stride)
 * Windows.outLength(28, 3, 2, 1, false);   // 13: floor((in - span) / stride) + 1
 * }</pre>
 */
public final class Windows {
    private Windows() {
    }

    /** The span of a dilated window: {@code (window - 1) * dilation + 1}. */
    public static int span(int window, int dilation) {
        return (window - 1) * dilation + 1;
    }

    /** Output length of a symbolic axis: {@link Shape#UNKNOWN} stays unknown; 0 when the window does not fit. */
    public static int outLength(int in, int window, int stride, int dilation, boolean same) {
        if (in == Shape.UNKNOWN) {
            return Shape.UNKNOWN;
        }
        return (int) outLength((long) in, window, stride, dilation, same);
    }

    /**
     * Output length over a known length: {@code ceil(in / stride)} for "same" padding,
     * {@code floor((in - span) / stride) + 1} for "valid", 0 when the window does not fit (the caller
     * reports it).
     */
    public static long outLength(long in, int window, int stride, int dilation, boolean same) {
        if (same) {
            return (in + stride - 1) / stride;
        }
        long span = span(window, dilation);
        return in < span ? 0 : (in - span) / stride + 1;
    }
}
