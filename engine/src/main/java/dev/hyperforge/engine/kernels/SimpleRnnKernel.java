package dev.hyperforge.engine.kernels;

import dev.hyperforge.engine.layers.Activation;

/**
 * The fully connected recurrence {@code h = act(x·W + b + h_prev·U)} (Keras' {@code SimpleRNN}) on Java
 * arrays. Backward: {@code dpre = dh ⊙ act'(h)}, {@code dh_prev = dpre·Uᵀ}. Masked steps carry the state
 * and get zero gradients.
 */
final class SimpleRnnKernel implements RecurrentCell {
    private final StepLayout layout;
    private final int units;
    private final Activation act;

    SimpleRnnKernel(StepLayout layout, int units, Activation act) {
        this.layout = layout;
        this.units = units;
        this.act = act;
    }

    @Override
    public int gates() {
        return 1;
    }

    @Override
    public int units() {
        return units;
    }

    @Override
    public StepLayout layout() {
        return layout;
    }

    /** Nothing beyond the hidden states is kept per step. */
    @Override
    public int stepArrays() {
        return 0;
    }

    @Override
    public void forward(double[] a, double[] r, double[] rb, double[] hs, double[] s1, double[] s2, int b0, int b1) {
        int u = units;
        double[][] rows = RecurrentCell.rows(r, u, u);
        double[] z = new double[u];
        StepLayout l = layout;
        for (int b = b0; b < b1; b++) {
            for (int s = 0; s < l.steps(); s++) {
                int row = l.row(b, s);
                int hi = row * u;
                int pi = s > 0 ? l.row(b, s - 1) * u : -1;
                if (!l.real(row)) {
                    for (int j = 0; j < u; j++) {
                        hs[hi + j] = pi >= 0 ? hs[pi + j] : 0.0;
                    }
                    continue;
                }
                System.arraycopy(a, hi, z, 0, u);
                if (pi >= 0) {
                    RecurrentCell.addProduct(z, hs, pi, rows);
                    System.arraycopy(z, 0, a, hi, u);
                }
                for (int j = 0; j < u; j++) {
                    hs[hi + j] = LstmKernel.apply(act, a[hi + j]);
                }
            }
        }
    }

    @Override
    public void backward(double[] a, double[] hs, double[] s1, double[] s2, double[] rt, double[] dhInit, double[] dcInit,
                         double[] gradSeq, double[] dzx, double[] dzr, int b0, int b1) {
        int u = units;
        double[] dh = new double[u];
        double[][] rtRows = RecurrentCell.rows(rt, u, u);
        StepLayout l = layout;
        for (int b = b0; b < b1; b++) {
            RecurrentCell.startRow(dhInit, dh, b, u);
            for (int s = l.steps() - 1; s >= 0; s--) {
                int row = l.row(b, s);
                int hi = row * u;
                RecurrentCell.addOutputGradient(gradSeq, dh, l, b, s, u);
                if (!l.real(row)) {
                    java.util.Arrays.fill(dzx, hi, hi + u, 0.0);
                    continue;
                }
                for (int j = 0; j < u; j++) {
                    dzx[hi + j] = dh[j] * LstmKernel.derivative(act, hs[hi + j]);
                }
                if (s > 0) {
                    RecurrentCell.times(dzx, hi, rtRows, dh);
                    RecurrentCell.flushTiny(dh);
                }
            }
        }
    }
}
