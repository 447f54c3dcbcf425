package dev.hyperforge.engine.kernels;

/**
 * One thread's GRU cell step ({@code reset_after=True}) with Keras' default activations ({@code tanh},
 * {@code sigmoid}), in phases over whole arrays of width units like {@link LstmGates}: the {@code Math.exp}
 * calls in loops of their own, the rest in loops that each store to one array (vectorised by the JIT). Every
 * value is computed by the same expression, operands and order as the element-at-a-time step of
 * {@link GruKernel}, so the results are bit-identical to it.
 *
 * <p>At numerics level {@link Numerics#V2} the exponentials come from {@link FastExp}: both sigmoid gates' in one
 * pass over 2·units values, the candidate's tanh in another; every other operation is the same as at V1.
 *
 * <pre>{@code
 * GruGates g = new GruGates(units, Numerics.current());
 * g.step(a, za, q, hs, pi);   // a[za ..]: x·W + b (z, r, h blocks); q: h_prev·U + b_rec; hs[pi ..]: h_prev
 * double[] h = g.h;           // and g.z, g.r, g.n, g.qh
 * }</pre>
 */
final class GruGates {
    /** The update and reset gates, the candidate, the recurrent candidate term and the new hidden state. */
    final double[] z;
    final double[] r;
    final double[] n;
    final double[] qh;
    final double[] h;
    private final double[] x;
    private final double[] e;
    private final int u;
    /** V2: the arguments (then values) of the two sigmoid gates' exponentials, and FastExp's scratch; null at V1. */
    private final double[] w;
    private final double[] k;

    GruGates(int units, Numerics level) {
        u = units;
        boolean fast = level.atLeast(Numerics.V2);
        w = fast ? new double[2 * units] : null;
        k = fast ? new double[2 * units] : null;
        z = new double[units];
        r = new double[units];
        n = new double[units];
        qh = new double[units];
        h = new double[units];
        x = new double[units];
        e = new double[units];
    }

    /**
     * One step.
     *
     * @param a the input projections, this row and step's at {@code za} (width 3·units)
     * @param q {@code h_prev·U + b_rec} (width 3·units)
     * @param hs the hidden states, the previous one at {@code pi}; {@code pi < 0} at the first step (zeros)
     */
    void step(double[] a, int za, double[] q, double[] hs, int pi) {
        if (w != null) {
            fastStep(a, za, q, hs, pi);
            return;
        }
        gate(a, za, q, 0, z);
        gate(a, za + u, q, u, r);
        candidateInput(a, za, q);
        LstmGates.tanh(n, n, e);
        update(hs, pi);
    }

    /** {@link #step} at level V2: the same expressions, the exponentials from {@link FastExp}. */
    private void fastStep(double[] a, int za, double[] q, double[] hs, int pi) {
        System.arraycopy(a, za, w, 0, 2 * u);
        for (int j = 0; j < 2 * u; j++) {
            w[j] = -(w[j] + q[j]);
        }
        FastExp.exp(w, w, k, 2 * u);
        for (int j = 0; j < u; j++) {
            z[j] = 1.0 / (1.0 + w[j]);
        }
        for (int j = 0; j < u; j++) {
            r[j] = 1.0 / (1.0 + w[u + j]);
        }
        candidateInput(a, za, q);
        LstmGates.fastTanh(n, n, e, k);
        update(hs, pi);
    }

    /** {@code n = a_n + r·(h_prev·U_n + b_n)}, the candidate's argument before its tanh. */
    private void candidateInput(double[] a, int za, double[] q) {
        System.arraycopy(a, za + 2 * u, n, 0, u);
        System.arraycopy(q, 2 * u, qh, 0, u);
        for (int j = 0; j < u; j++) {
            n[j] = n[j] + r[j] * qh[j];
        }
    }

    /** {@code h = z·h_prev + (1 - z)·n}, with zeros for {@code h_prev} at the first step. */
    private void update(double[] hs, int pi) {
        if (pi >= 0) {
            System.arraycopy(hs, pi, x, 0, u);
        } else {
            java.util.Arrays.fill(x, 0.0);
        }
        for (int j = 0; j < u; j++) {
            h[j] = z[j] * x[j] + (1 - z[j]) * n[j];
        }
    }

    /** {@code out = σ(a[za ..] + q[qa ..])}. */
    private void gate(double[] a, int za, double[] q, int qa, double[] out) {
        System.arraycopy(a, za, out, 0, u);
        System.arraycopy(q, qa, x, 0, u);
        for (int j = 0; j < u; j++) {
            out[j] = out[j] + x[j];
        }
        LstmGates.sigmoid(out, e);
    }
}
