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
        infer(x, rows, w, b, in, units, act, out, toFloat);
    }

    /**
     * {@link #infer(double[][], int, INDArray, INDArray, Activation, double[][], double[][], boolean)} on weights
     * already on the host ({@code w}: {@code in} rows of {@code units}; {@code b}: the bias or null), as
     * {@link HostWeights} keeps them between calls.
     */
    public static void infer(double[][] x, int rows, double[][] w, double[] b, int in, int units, Activation act, double[][] out, boolean toFloat) {
        product(x, w, b, out, rows, in, units);
        if (toFloat && act == Activation.RELU) {
            SmallKernels.reluRoundToFloat(out, rows, units);
            return;
        }
        activate(act, out, rows, units);
        if (toFloat) {
            SmallKernels.roundToFloat(out, rows, units);
        }
    }

    /**
     * {@code a[i] = b + Σ_p x[i][p] · w[p]} (b null: zero), summed in order of p. With four inputs or more,
     * row by row, four inputs per pass ({@link #acc4}: each output element loaded and stored once for four
     * products, the bias read in the first pass); with fewer, four rows at a time ({@link #axpy4}: each row of
     * {@code w} loaded once for four); as dot products when there is one unit. Every way adds the same
     * products to the same running sum in the same order, so the results are the same bits.
     */
    static void product(double[][] x, double[][] w, double[] b, double[][] a, int rows, int in, int units) {
        if (units == 1 || in < 4) {
            productByRows(x, w, b, a, rows, in, units);
            return;
        }
        for (int i = 0; i < rows; i++) {
            double[] y = a[i];
            double[] xi = x[i];
            if (b != null) {
                acc4(b, xi[0], xi[1], xi[2], xi[3], w[0], w[1], w[2], w[3], y, units);
            } else {
                java.util.Arrays.fill(y, 0, units, 0.0);
                acc4(y, xi[0], xi[1], xi[2], xi[3], w[0], w[1], w[2], w[3], y, units);
            }
            int p = 4;
            for (; p + 4 <= in; p += 4) {
                acc4(y, xi[p], xi[p + 1], xi[p + 2], xi[p + 3], w[p], w[p + 1], w[p + 2], w[p + 3], y, units);
            }
            for (; p < in; p++) {
                axpy(xi[p], w[p], y, units);
            }
        }
    }

    /** {@link #product} four rows at a time (axpy4), or as dot products for one unit. */
    private static void productByRows(double[][] x, double[][] w, double[] b, double[][] a, int rows, int in, int units) {
        for (int i = 0; i < rows; i++) {
            if (b != null) {
                System.arraycopy(b, 0, a[i], 0, units);
            } else {
                java.util.Arrays.fill(a[i], 0, units, 0.0);
            }
        }
        if (units == 1) {
            dots(x, w, a, rows, in);
            return;
        }
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            double[] x0 = x[i];
            double[] x1 = x[i + 1];
            double[] x2 = x[i + 2];
            double[] x3 = x[i + 3];
            for (int p = 0; p < in; p++) {
                axpy4(x0[p], x1[p], x2[p], x3[p], w[p], a[i], a[i + 1], a[i + 2], a[i + 3], units);
            }
        }
        for (; i < rows; i++) {
            double[] xi = x[i];
            for (int p = 0; p < in; p++) {
                axpy(xi[p], w[p], a[i], units);
            }
        }
    }

    /**
     * {@code y[j] = (((s[j] + c0·w0[j]) + c1·w1[j]) + c2·w2[j]) + c3·w3[j]} for {@code j < n}: four steps of a
     * running sum per load and store of it ({@code s} may be {@code y}). Four is what C2 in Java 17 still
     * vectorises with its default unrolling limit (six inputs per pass were left scalar).
     */
    private static void acc4(double[] s, double c0, double c1, double c2, double c3, double[] w0, double[] w1, double[] w2, double[] w3,
            double[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] = s[j] + c0 * w0[j] + c1 * w1[j] + c2 * w2[j] + c3 * w3[j];
        }
    }

    /**
     * {@code a[i][0] += Σ_p x[i][p] · w[p][0]} for a one-unit layer, summed in order of p, four rows at a time:
     * four independent sums keep the adder busy where one row's sum waits on each previous addition.
     */
    private static void dots(double[][] x, double[][] w, double[][] a, int rows, int in) {
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            double[] x0 = x[i];
            double[] x1 = x[i + 1];
            double[] x2 = x[i + 2];
            double[] x3 = x[i + 3];
            double s0 = a[i][0];
            double s1 = a[i + 1][0];
            double s2 = a[i + 2][0];
            double s3 = a[i + 3][0];
            for (int p = 0; p < in; p++) {
                double wp = w[p][0];
                s0 += x0[p] * wp;
                s1 += x1[p] * wp;
                s2 += x2[p] * wp;
                s3 += x3[p] * wp;
            }
            a[i][0] = s0;
            a[i + 1][0] = s1;
            a[i + 2][0] = s2;
            a[i + 3][0] = s3;
        }
        for (; i < rows; i++) {
            double[] xi = x[i];
            double s = a[i][0];
            for (int p = 0; p < in; p++) {
                s += xi[p] * w[p][0];
            }
            a[i][0] = s;
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
            product(g, s.wt(), null, gx, rows, units, in);
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
                rankOne(xi, gi, gw, in, units);
            } else {
                rankOne(gi, xi, gw, units, in);
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

    /** {@code m[r] += u[r] · v} for {@code r < rows}, four rows at a time ({@code v} loaded once for four). */
    private static void rankOne(double[] u, double[] v, double[][] m, int rows, int n) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            axpy4(u[r], u[r + 1], u[r + 2], u[r + 3], v, m[r], m[r + 1], m[r + 2], m[r + 3], n);
        }
        for (; r < rows; r++) {
            axpy(u[r], v, m[r], n);
        }
    }

    /** {@code y_k[0 .. n) += a_k · x[0 .. n)} for four rows {@code y_k} (distinct arrays). */
    private static void axpy4(double a0, double a1, double a2, double a3, double[] x, double[] y0, double[] y1, double[] y2, double[] y3, int n) {
        for (int j = 0; j < n; j++) {
            double xj = x[j];
            y0[j] += a0 * xj;
            y1[j] += a1 * xj;
            y2[j] += a2 * xj;
            y3[j] += a3 * xj;
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
