package dev.hyperforge.engine.layers.convolutional;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Plain-loop reference implementations of the Keras/TensorFlow 1D window ops (channels last), used by
 * the known-answer tests. "same" padding follows TensorFlow: total padding
 * {@code max((out - 1) * stride + span - steps, 0)}, the smaller half on the left; max pooling ignores
 * padded positions.
 */
public final class Conv1DReference {
    private Conv1DReference() {
    }

    public static int outLength(int steps, int span, int stride, boolean same) {
        return same ? (steps + stride - 1) / stride : (steps - span) / stride + 1;
    }

    public static int padLeft(int steps, int span, int stride, boolean same) {
        if (!same) {
            return 0;
        }
        int out = outLength(steps, span, stride, true);
        return Math.max((out - 1) * stride + span - steps, 0) / 2;
    }

    /** y[b,o,f] = bias[f] + Σ_{j,c} x[b, o*s + j*d - pad, c] · w[j,c,f]. */
    public static INDArray conv1d(INDArray x, INDArray w, INDArray bias, int stride, int dilation, boolean same) {
        int bs = (int) x.size(0), steps = (int) x.size(1), ch = (int) x.size(2);
        int k = (int) w.size(0), f = (int) w.size(2);
        int span = (k - 1) * dilation + 1;
        int out = outLength(steps, span, stride, same);
        int pad = padLeft(steps, span, stride, same);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, bs, out, f);
        for (int b = 0; b < bs; b++) {
            for (int o = 0; o < out; o++) {
                for (int q = 0; q < f; q++) {
                    double s = bias == null ? 0 : bias.getDouble(q);
                    for (int j = 0; j < k; j++) {
                        int t = o * stride + j * dilation - pad;
                        if (t < 0 || t >= steps) {
                            continue;
                        }
                        for (int c = 0; c < ch; c++) {
                            s += x.getDouble(b, t, c) * w.getDouble(j, c, q);
                        }
                    }
                    y.putScalar(new int[] {b, o, q}, s);
                }
            }
        }
        return y;
    }

    /** y[b,o,c*dm+m] = Σ_j x[b, o*s + j*d - pad, c] · w[j,c,m]. */
    public static INDArray depthwise(INDArray x, INDArray w, int stride, int dilation, boolean same) {
        int bs = (int) x.size(0), steps = (int) x.size(1), ch = (int) x.size(2);
        int k = (int) w.size(0), dm = (int) w.size(2);
        int span = (k - 1) * dilation + 1;
        int out = outLength(steps, span, stride, same);
        int pad = padLeft(steps, span, stride, same);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, bs, out, ch * dm);
        for (int b = 0; b < bs; b++) {
            for (int o = 0; o < out; o++) {
                for (int c = 0; c < ch; c++) {
                    for (int m = 0; m < dm; m++) {
                        double s = 0;
                        for (int j = 0; j < k; j++) {
                            int t = o * stride + j * dilation - pad;
                            if (t >= 0 && t < steps) {
                                s += x.getDouble(b, t, c) * w.getDouble(j, c, m);
                            }
                        }
                        y.putScalar(new int[] {b, o, c * dm + m}, s);
                    }
                }
            }
        }
        return y;
    }

    /** y[b,o,c] = max over the window's in-range steps. */
    public static INDArray maxPool(INDArray x, int pool, int stride, boolean same) {
        int bs = (int) x.size(0), steps = (int) x.size(1), ch = (int) x.size(2);
        int out = outLength(steps, pool, stride, same);
        int pad = padLeft(steps, pool, stride, same);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, bs, out, ch);
        for (int b = 0; b < bs; b++) {
            for (int o = 0; o < out; o++) {
                for (int c = 0; c < ch; c++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < pool; j++) {
                        int t = o * stride + j - pad;
                        if (t >= 0 && t < steps) {
                            m = Math.max(m, x.getDouble(b, t, c));
                        }
                    }
                    y.putScalar(new int[] {b, o, c}, m);
                }
            }
        }
        return y;
    }
}
