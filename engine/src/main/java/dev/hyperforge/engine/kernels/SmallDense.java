package dev.hyperforge.engine.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * A small Dense layer's forward and backward pass in Java ({@link SmallKernels}): {@code a = act(x·W + b)}
 * and its gradients, computed in double over host copies kept per call site, one Java array per matrix
 * row, every product written as row updates ({@code out[i] += s · m[p]} over two whole arrays, which the
 * JIT vectorises; over offset ranges of flat arrays it did not, and the step was about four times slower).
 * The forward pass keeps the host copies of {@code x}, {@code W} (and its transpose) and {@code a} for the
 * backward pass.
 *
 * <pre>{@code
 * SmallDense.Saved s = SmallDense.forward(x, kernel, bias, Activation.RELU, out, null, ctx);
 * SmallDense.backward(s, gradOutput, false, kernelGrad, biasGrad, dx);
 * }</pre>
 */
public final class SmallDense {
    private SmallDense() {
    }

    /** What the forward pass keeps for the backward pass: host copies (one array per row) and the sizes. */
    public record Saved(int rows, int in, int units, Activation activation, double[][] x, double[][] w, double[][] wt, double[][] a) {
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
        double[][] xh = ctx.reusableRows("small_x", rows, in);
        double[][] w = ctx.reusableRows("small_w", in, units);
        double[][] wt = ctx.reusableRows("small_wt", units, in);
        double[][] a = ctx.reusableRows("small_a", rows, units);
        SmallKernels.readRows(x, xh, rows, in);
        SmallKernels.readRows(kernel, w, in, units);
        if (ctx.training()) {
            transpose(w, in, units, wt);
        }
        double[] b = null;
        if (bias != null) {
            b = SmallKernels.scratch(0, units);
            SmallKernels.read(bias, b);
        }
        product(xh, w, b, a, rows, in, units);
        if (logits != null) {
            SmallKernels.writeRows(a, rows, units, logits);
        }
        activate(act, a, rows, units);
        SmallKernels.writeRows(a, rows, units, out);
        return new Saved(rows, in, units, act, xh, w, wt, a);
    }

    /**
     * Inference of one layer on host rows, for a chain of small layers run without the executor:
     * {@code out[i] = act(x[i]·W + b)} for {@code i < rows}, the same arithmetic as {@link #forward}, rounded
     * to float when {@code toFloat} (as {@link #forward} rounds when it writes a float output array).
     *
     * @param w scratch rows for the kernel ({@code in} rows of at least {@code units})
     */
    public static void infer(double[][] x, int rows, INDArray kernel, INDArray bias, Activation act, double[][] w, double[][] out, boolean toFloat) {
        int in = (int) kernel.size(0);
        int units = (int) kernel.size(1);
        SmallKernels.readRows(kernel, w, in, units);
        double[] b = null;
        if (bias != null) {
            b = SmallKernels.scratch(0, units);
            SmallKernels.read(bias, b);
        }
        product(x, w, b, out, rows, in, units);
        activate(act, out, rows, units);
        if (toFloat) {
            for (int i = 0; i < rows; i++) {
                double[] oi = out[i];
                for (int j = 0; j < units; j++) {
                    oi[j] = (float) oi[j];
                }
            }
        }
    }

    /** {@code a[i] = b + Σ_p x[i][p] · w[p]} (b null: zero), summed in order of p. */
    static void product(double[][] x, double[][] w, double[] b, double[][] a, int rows, int in, int units) {
        for (int i = 0; i < rows; i++) {
            double[] ai = a[i];
            double[] xi = x[i];
            if (b != null) {
                System.arraycopy(b, 0, ai, 0, units);
            } else {
                java.util.Arrays.fill(ai, 0, units, 0.0);
            }
            for (int p = 0; p < in; p++) {
                axpy(xi[p], w[p], ai, units);
            }
        }
    }

    /**
     * Backward pass from the gradient of the output ({@code fromLogits} false) or of the pre-activation
     * (true): writes the kernel gradient, the bias gradient (when {@code biasGrad} is not null) and the
     * input gradient (when {@code dx} is not null). Every element is summed in order of the batch row
     * (kernel, bias) or of the unit (input), whichever way round the loops run.
     */
    public static void backward(Saved s, INDArray grad, boolean fromLogits, INDArray kernelGrad, INDArray biasGrad, INDArray dx) {
        int rows = s.rows();
        int in = s.in();
        int units = s.units();
        double[][] g = SmallKernels.scratchRows(0, rows, units);
        SmallKernels.readRows(grad, g, rows, units);
        if (!fromLogits) {
            activationBackward(s.activation(), s.a(), g, rows, units);
        }
        kernelGradient(s.x(), g, rows, in, units, kernelGrad);
        if (biasGrad != null) {
            double[] gb = SmallKernels.scratch(3, units);
            java.util.Arrays.fill(gb, 0, units, 0.0);
            for (int i = 0; i < rows; i++) {
                axpy(1.0, g[i], gb, units);
            }
            SmallKernels.write(gb, biasGrad);
        }
        if (dx != null) {
            double[][] gx = SmallKernels.scratchRows(1, rows, in);
            for (int i = 0; i < rows; i++) {
                double[] gxi = gx[i];
                double[] gi = g[i];
                java.util.Arrays.fill(gxi, 0, in, 0.0);
                for (int j = 0; j < units; j++) {
                    axpy(gi[j], s.wt()[j], gxi, in);
                }
            }
            SmallKernels.writeRows(gx, rows, in, dx);
        }
    }

    /**
     * {@code gw[p][j] = Σ_i x[i][p] · g[i][j]}: inner loops along the units when there are at least as many
     * units as inputs, else along the inputs into the transpose (the same sums in the same order).
     */
    private static void kernelGradient(double[][] x, double[][] g, int rows, int in, int units, INDArray kernelGrad) {
        boolean alongUnits = units >= in;
        double[][] gw = alongUnits ? SmallKernels.scratchRows(1, in, units) : SmallKernels.scratchRows(1, units, in);
        int outer = alongUnits ? in : units;
        int inner = alongUnits ? units : in;
        for (int r = 0; r < outer; r++) {
            java.util.Arrays.fill(gw[r], 0, inner, 0.0);
        }
        for (int i = 0; i < rows; i++) {
            double[] xi = x[i];
            double[] gi = g[i];
            if (alongUnits) {
                for (int p = 0; p < in; p++) {
                    axpy(xi[p], gi, gw[p], units);
                }
            } else {
                for (int j = 0; j < units; j++) {
                    axpy(gi[j], xi, gw[j], in);
                }
            }
        }
        if (alongUnits) {
            SmallKernels.writeRows(gw, in, units, kernelGrad);
        } else {
            double[][] t = SmallKernels.scratchRows(2, in, units);
            transpose(gw, units, in, t);
            SmallKernels.writeRows(t, in, units, kernelGrad);
        }
    }

    /** {@code y[0 .. n) += alpha · x[0 .. n)}: two whole arrays from index 0, the form the JIT vectorises. */
    private static void axpy(double alpha, double[] x, double[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += alpha * x[j];
        }
    }

    private static void transpose(double[][] m, int rows, int cols, double[][] out) {
        for (int r = 0; r < rows; r++) {
            double[] mr = m[r];
            for (int c = 0; c < cols; c++) {
                out[c][r] = mr[c];
            }
        }
    }

    /** Applies the activation to the {@code rows x units} values in place. */
    static void activate(Activation act, double[][] z, int rows, int units) {
        for (int i = 0; i < rows; i++) {
            activateRow(act, z[i], units);
        }
    }

    private static void activateRow(Activation act, double[] z, int n) {
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
            case SOFTMAX -> softmax(z, n);
        }
    }

    private static void softmax(double[] z, int units) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < units; j++) {
            max = Math.max(max, z[j]);
        }
        double sum = 0;
        for (int j = 0; j < units; j++) {
            z[j] = Math.exp(z[j] - max);
            sum += z[j];
        }
        for (int j = 0; j < units; j++) {
            z[j] /= sum;
        }
    }

    /** Turns the output gradient {@code g} into the pre-activation gradient in place, given the output {@code a}. */
    static void activationBackward(Activation act, double[][] a, double[][] g, int rows, int units) {
        for (int i = 0; i < rows; i++) {
            activationBackwardRow(act, a[i], g[i], units);
        }
    }

    private static void activationBackwardRow(Activation act, double[] a, double[] g, int n) {
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
                double dot = 0;
                for (int j = 0; j < n; j++) {
                    dot += g[j] * a[j];
                }
                for (int j = 0; j < n; j++) {
                    g[j] = a[j] * (g[j] - dot);
                }
            }
        }
    }
}
