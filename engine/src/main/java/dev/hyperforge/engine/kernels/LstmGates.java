package dev.hyperforge.engine.kernels;

/**
 * One thread's LSTM cell step with Keras' default activations ({@code tanh}, {@code sigmoid}), in phases over
 * whole arrays of width units: first every {@code Math.exp} of a gate (scalar calls), then the divisions and
 * the state update in loops that each store to one array and read whole arrays, which the JIT vectorises.
 * Every value is computed by the same expression as {@link LstmKernel#apply} with the same operands in the
 * same order, so the results are bit-identical to the element-at-a-time cell.
 *
 * <p>At numerics level {@link Numerics#V2} the exponentials come from {@link FastExp} instead, all four gates' in
 * one pass over the 4·units pre-activations and the cell's tanh in another; every other operation is the same,
 * so V2's values agree with V1's to about one double ulp per exponential.
 *
 * <pre>{@code
 * LstmGates g = new LstmGates(units, Numerics.current());
 * g.step(z, cs, pi);          // z: the 4·units pre-activations; cs[pi ..]: the previous cell state (pi < 0: none)
 * double[] h = g.h;           // and g.i, g.f, g.g, g.o, g.c, g.t (tanh of c)
 * }</pre>
 */
final class LstmGates {
    /** The activated gates of the last {@link #step}. */
    final double[] i;
    final double[] f;
    final double[] g;
    final double[] o;
    /** The cell state, its tanh and the hidden state of the last {@link #step}. */
    final double[] c;
    final double[] t;
    final double[] h;
    private final double[] e;
    private final int u;
    /** V2: the arguments (then values) of the exponentials of all four gates, and FastExp's scratch; null at V1. */
    private final double[] w;
    private final double[] k;

    LstmGates(int units, Numerics level) {
        u = units;
        boolean fast = level.atLeast(Numerics.V2);
        w = fast ? new double[4 * units] : null;
        k = fast ? new double[4 * units] : null;
        i = new double[units];
        f = new double[units];
        g = new double[units];
        o = new double[units];
        c = new double[units];
        t = new double[units];
        h = new double[units];
        e = new double[units];
    }

    /**
     * One step from the pre-activations {@code z} (i, f, c, o blocks of width units).
     *
     * @param cs the cell states, the previous one at {@code pi}; {@code pi < 0} at the first step
     */
    void step(double[] z, double[] cs, int pi) {
        if (w != null) {
            fastStep(z, cs, pi);
            return;
        }
        System.arraycopy(z, 0, i, 0, u);
        System.arraycopy(z, u, f, 0, u);
        System.arraycopy(z, 2 * u, t, 0, u);
        System.arraycopy(z, 3 * u, o, 0, u);
        sigmoid(i, e);
        sigmoid(f, e);
        sigmoid(o, e);
        tanh(t, g, e);
        cell(cs, pi);
        tanh(c, t, e);
        for (int j = 0; j < u; j++) {
            h[j] = o[j] * t[j];
        }
    }

    /** {@link #step} at level V2: the same expressions, the exponentials from {@link FastExp}. */
    private void fastStep(double[] z, double[] cs, int pi) {
        for (int j = 0; j < 4 * u; j++) {
            w[j] = -z[j];
        }
        for (int j = 2 * u; j < 3 * u; j++) {
            w[j] = -2 * Math.abs(z[j]);
        }
        FastExp.exp(w, w, k, 4 * u);
        for (int j = 0; j < u; j++) {
            i[j] = 1.0 / (1.0 + w[j]);
        }
        for (int j = 0; j < u; j++) {
            f[j] = 1.0 / (1.0 + w[u + j]);
        }
        for (int j = 0; j < u; j++) {
            o[j] = 1.0 / (1.0 + w[3 * u + j]);
        }
        for (int j = 0; j < u; j++) {
            g[j] = LstmKernel.tanhOf(z[2 * u + j], w[2 * u + j]);
        }
        cell(cs, pi);
        fastTanh(c, t, e, k);
        for (int j = 0; j < u; j++) {
            h[j] = o[j] * t[j];
        }
    }

    /** {@code c = i·g + f·c_prev} (or {@code i·g + 0} at the first step), at both levels; uses {@code t} as scratch. */
    private void cell(double[] cs, int pi) {
        if (pi >= 0) {
            System.arraycopy(cs, pi, t, 0, u);
            for (int j = 0; j < u; j++) {
                c[j] = i[j] * g[j] + f[j] * t[j];
            }
        } else {
            for (int j = 0; j < u; j++) {
                c[j] = i[j] * g[j] + 0.0;
            }
        }
    }

    /** {@link #tanh} with the exponentials from {@link FastExp}; {@code e} and {@code k} are scratch of v's length. */
    static void fastTanh(double[] v, double[] out, double[] e, double[] k) {
        for (int j = 0; j < v.length; j++) {
            e[j] = -2 * Math.abs(v[j]);
        }
        FastExp.exp(e, e, k, v.length);
        for (int j = 0; j < v.length; j++) {
            out[j] = LstmKernel.tanhOf(v[j], e[j]);
        }
    }

    /** {@code v = 1 / (1 + exp(-v))} in place, as {@link LstmKernel#sigmoid}; {@code e} is scratch of the same length. */
    static void sigmoid(double[] v, double[] e) {
        for (int j = 0; j < v.length; j++) {
            e[j] = Math.exp(-v[j]);
        }
        for (int j = 0; j < v.length; j++) {
            v[j] = 1.0 / (1.0 + e[j]);
        }
    }

    /** {@code out = tanh(v)} as {@link LstmKernel#tanh} ({@code out} may be {@code v}); {@code e} is scratch. */
    static void tanh(double[] v, double[] out, double[] e) {
        for (int j = 0; j < v.length; j++) {
            e[j] = Math.exp(-2 * Math.abs(v[j]));
        }
        for (int j = 0; j < v.length; j++) {
            out[j] = LstmKernel.tanhOf(v[j], e[j]);
        }
    }
}
