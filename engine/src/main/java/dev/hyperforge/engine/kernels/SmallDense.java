package dev.hyperforge.engine.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * A small Dense layer's forward and backward pass in Java ({@link SmallKernels}): {@code a = act(x·W + b)}
 * and its gradients, computed in double over host copies kept per call site, every product written as
 * row updates ({@code out[i, :] += s · m[p, :]}) that the JIT vectorises. The forward pass keeps the host
 * copies of {@code x}, {@code W} (and its transpose) and {@code a} for the backward pass.
 *
 * <pre>{@code
 * SmallDense.Saved s = SmallDense.forward(x, kernel, bias, Activation.RELU, out, null, ctx);
 * SmallDense.backward(s, gradOutput, false, kernelGrad, biasGrad, dx);
 * }</pre>
 */
public final class SmallDense {
    private SmallDense() {
    }

    /** What the forward pass keeps for the backward pass: host copies and the sizes. */
    public record Saved(int rows, int in, int units, Activation activation, double[] x, double[] w, double[] wt, double[] a) {
    }

    /** Whether the Java path computes this activation (the others take the op path). */
    public static boolean supports(Activation act) {
        return switch (act) {
            case LINEAR, RELU, TANH, SIGMOID, SOFTMAX -> true;
            default -> false;
        };
    }

    /**
     * Forward pass: writes {@code act(x·W + b)} into {@code out} and, when {@code logits} is not null,
     * {@code x·W + b} into it.
     *
     * @param bias the bias, or null for none
     */
    public static Saved forward(INDArray x, INDArray kernel, INDArray bias, Activation act, INDArray out, INDArray logits, LayerContext ctx) {
        int rows = (int) x.size(0);
        int in = (int) x.size(1);
        int units = (int) kernel.size(1);
        double[] xh = ctx.reusableDoubles("small_x", rows * in);
        double[] w = ctx.reusableDoubles("small_w", in * units);
        double[] wt = ctx.reusableDoubles("small_wt", in * units);
        double[] a = ctx.reusableDoubles("small_a", rows * units);
        SmallKernels.read(x, xh);
        SmallKernels.read(kernel, w);
        if (ctx.training()) {
            transpose(w, in, units, wt);
        }
        if (bias != null) {
            double[] b = SmallKernels.scratch(0, units);
            SmallKernels.read(bias, b);
            for (int i = 0; i < rows; i++) {
                System.arraycopy(b, 0, a, i * units, units);
            }
        } else {
            java.util.Arrays.fill(a, 0, rows * units, 0.0);
        }
        for (int i = 0; i < rows; i++) {
            for (int p = 0; p < in; p++) {
                axpy(xh[i * in + p], w, p * units, a, i * units, units);
            }
        }
        if (logits != null) {
            SmallKernels.write(a, logits);
        }
        activate(act, a, rows, units);
        SmallKernels.write(a, out);
        return new Saved(rows, in, units, act, xh, w, wt, a);
    }

    /**
     * Backward pass from the gradient of the output ({@code fromLogits} false) or of the pre-activation
     * (true): writes the kernel gradient, the bias gradient (when {@code biasGrad} is not null) and the
     * input gradient (when {@code dx} is not null).
     */
    public static void backward(Saved s, INDArray grad, boolean fromLogits, INDArray kernelGrad, INDArray biasGrad, INDArray dx) {
        int rows = s.rows();
        int in = s.in();
        int units = s.units();
        double[] g = SmallKernels.scratch(1, rows * units);
        SmallKernels.read(grad, g);
        if (!fromLogits) {
            activationBackward(s.activation(), s.a(), g, rows, units);
        }
        double[] gw = SmallKernels.scratch(2, in * units);
        java.util.Arrays.fill(gw, 0, in * units, 0.0);
        for (int i = 0; i < rows; i++) {
            for (int p = 0; p < in; p++) {
                axpy(s.x()[i * in + p], g, i * units, gw, p * units, units);
            }
        }
        SmallKernels.write(gw, kernelGrad);
        if (biasGrad != null) {
            double[] gb = SmallKernels.scratch(3, units);
            java.util.Arrays.fill(gb, 0, units, 0.0);
            for (int i = 0; i < rows; i++) {
                axpy(1.0, g, i * units, gb, 0, units);
            }
            SmallKernels.write(gb, biasGrad);
        }
        if (dx != null) {
            double[] gx = SmallKernels.scratch(2, rows * in);
            java.util.Arrays.fill(gx, 0, rows * in, 0.0);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < units; j++) {
                    axpy(g[i * units + j], s.wt(), j * in, gx, i * in, in);
                }
            }
            SmallKernels.write(gx, dx);
        }
    }

    /** {@code y[yAt .. yAt+n) += alpha · x[xAt .. xAt+n)}. */
    private static void axpy(double alpha, double[] x, int xAt, double[] y, int yAt, int n) {
        for (int j = 0; j < n; j++) {
            y[yAt + j] += alpha * x[xAt + j];
        }
    }

    private static void transpose(double[] m, int rows, int cols, double[] out) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = m[r * cols + c];
            }
        }
    }

    /** Applies the activation to the {@code rows x units} values in place. */
    static void activate(Activation act, double[] z, int rows, int units) {
        int n = rows * units;
        switch (act) {
            case LINEAR -> { }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    z[i] = z[i] > 0 ? z[i] : 0.0;
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    z[i] = Math.tanh(z[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    z[i] = 1.0 / (1.0 + Math.exp(-z[i]));
                }
            }
            case SOFTMAX -> softmaxRows(z, rows, units);
        }
    }

    private static void softmaxRows(double[] z, int rows, int units) {
        for (int i = 0; i < rows; i++) {
            int at = i * units;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < units; j++) {
                max = Math.max(max, z[at + j]);
            }
            double sum = 0;
            for (int j = 0; j < units; j++) {
                z[at + j] = Math.exp(z[at + j] - max);
                sum += z[at + j];
            }
            for (int j = 0; j < units; j++) {
                z[at + j] /= sum;
            }
        }
    }

    /** Turns the output gradient {@code g} into the pre-activation gradient in place, given the output {@code a}. */
    static void activationBackward(Activation act, double[] a, double[] g, int rows, int units) {
        int n = rows * units;
        switch (act) {
            case LINEAR -> { }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    g[i] = a[i] > 0 ? g[i] : 0.0;
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    g[i] *= 1 - a[i] * a[i];
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    g[i] *= a[i] * (1 - a[i]);
                }
            }
            case SOFTMAX -> {
                for (int i = 0; i < rows; i++) {
                    int at = i * units;
                    double dot = 0;
                    for (int j = 0; j < units; j++) {
                        dot += g[at + j] * a[at + j];
                    }
                    for (int j = 0; j < units; j++) {
                        g[at + j] = a[at + j] * (g[at + j] - dot);
                    }
                }
            }
        }
    }
}
