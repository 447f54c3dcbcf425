package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.hyperforge.engine.layers.Activation;

/**
 * The recurrent kernels' forward passes (four kernel rows per sweep, gates in phases) give bit-identical
 * results to the plainest form of the same maths: one multiply-add at a time, {@code k} ascending, each
 * gate by its formula element by element. That is the summation order recorded runs were made with, so
 * replays stay identical; and inference ({@link RecurrentCell#infer}) gives the same hidden (and LSTM
 * cell) states as the training forward pass. Checked with Keras' default activations (the phased path) and others (the
 * element-wise path), with masked steps, {@code go_backwards}, and a unit count that is not a multiple of four.
 * All of this at numerics level V1 (the plain form uses {@code Math.exp}); at V2 the phased path's exponentials
 * come from {@link FastExp}, so it agrees with the plain form within 1e-12 instead, and its inference still
 * matches its training forward pass bit for bit.
 */
class RecurrentKernelOrderTest {
    private static final int BATCH = 5;
    private static final int STEPS = 7;

    @Test
    void lstmMatchesOneProductAtATime() {
        for (int units : new int[] {6, 8}) {
            for (StepLayout l : layouts()) {
                for (Activation[] p : new Activation[][] {{Activation.TANH, Activation.SIGMOID}, {Activation.RELU, Activation.HARD_SIGMOID}}) {
                    for (Numerics level : Numerics.values()) {
                        Numerics was = Numerics.set(level);
                        RecurrentCell cell;
                        try {
                            cell = RecurrentCell.lstm(l, units, p[0], p[1]);
                        } finally {
                            Numerics.set(was);
                        }
                        double tolerance = level == Numerics.V1 || p[0] != Activation.TANH ? 0.0 : 1e-12;
                        assertSame(cell, units, l, tolerance, (a, r, rb, hs, s1, s2) -> naiveLstm(a, r, hs, s1, s2, l, units, p[0], p[1]));
                    }
                }
            }
        }
    }

    @Test
    void gruMatchesOneProductAtATime() {
        for (int units : new int[] {6, 8}) {
            for (StepLayout l : layouts()) {
                for (Activation[] p : new Activation[][] {{Activation.TANH, Activation.SIGMOID}, {Activation.RELU, Activation.HARD_SIGMOID}}) {
                    for (Numerics level : Numerics.values()) {
                        Numerics was = Numerics.set(level);
                        RecurrentCell cell;
                        try {
                            cell = RecurrentCell.gru(l, units, p[0], p[1]);
                        } finally {
                            Numerics.set(was);
                        }
                        double tolerance = level == Numerics.V1 || p[0] != Activation.TANH ? 0.0 : 1e-12;
                        assertSame(cell, units, l, tolerance, (a, r, rb, hs, s1, s2) -> naiveGru(a, r, rb, hs, s1, l, units, p[0], p[1]));
                    }
                }
            }
        }
    }

    private interface Naive {
        void run(double[] a, double[] r, double[] rb, double[] hs, double[] s1, double[] s2);
    }

    /** Plain; and a mask with holes walked backwards. */
    private static StepLayout[] layouts() {
        double[] mask = new double[BATCH * STEPS];
        java.util.Arrays.fill(mask, 1.0);
        mask[3] = 0.0;
        mask[STEPS + 6] = 0.0;
        mask[4 * STEPS] = 0.0;
        return new StepLayout[] {StepLayout.plain(STEPS), new StepLayout(STEPS, true, mask, false, false)};
    }

    private static void assertSame(RecurrentCell cell, int units, StepLayout l, double tolerance, Naive naive) {
        SplittableRandom rnd = new SplittableRandom(11);
        int g = cell.gates() * units;
        double[] z = values(rnd, BATCH * STEPS * g, 3.0);
        double[] r = values(rnd, units * g, 1.0);
        double[] rb = values(rnd, g, 0.5);
        int n = BATCH * STEPS * units;
        double[][] fast = {z.clone(), new double[n], new double[n], new double[n]};
        double[][] plain = {z.clone(), new double[n], new double[n], new double[n]};
        cell.forward(fast[0], r, cell.gates() == 3 ? rb : null, fast[1], fast[2], fast[3], 0, BATCH);
        naive.run(plain[0], r, rb, plain[1], plain[2], plain[3]);
        String what = cell.getClass().getSimpleName() + " units " + units + " backwards " + l.backwards() + " tolerance " + tolerance;
        for (int i = 0; i <= cell.stepArrays() + 1; i++) {
            if (tolerance == 0.0) {
                assertArrayEquals(plain[i], fast[i], what + ", array " + i);
            } else {
                assertArrayEquals(plain[i], fast[i], tolerance, what + ", array " + i);
                assertFalse(java.util.Arrays.equals(plain[i], fast[i]) && i == 1, what + ": V2 should differ from V1 in some last bits");
            }
        }
        double[][] inferred = {z.clone(), new double[n], cell.inferenceArrays() >= 1 ? new double[n] : null,
            cell.inferenceArrays() >= 2 ? new double[n] : null};
        cell.infer(inferred[0], r, cell.gates() == 3 ? rb : null, inferred[1], inferred[2], inferred[3], 0, BATCH);
        for (int i = 1; i <= cell.inferenceArrays() + 1; i++) {
            assertArrayEquals(fast[i], inferred[i], what + ", inference, array " + i);
        }
    }

    private static void naiveLstm(double[] a, double[] r, double[] hs, double[] cs, double[] tc, StepLayout l, int u,
                                  Activation act, Activation rec) {
        for (int b = 0; b < BATCH; b++) {
            for (int s = 0; s < STEPS; s++) {
                int row = l.row(b, s);
                int pi = s > 0 ? l.row(b, s - 1) * u : -1;
                if (!l.real(row)) {
                    for (int j = 0; j < u; j++) {
                        cs[row * u + j] = pi >= 0 ? cs[pi + j] : 0.0;
                        hs[row * u + j] = pi >= 0 ? hs[pi + j] : 0.0;
                        tc[row * u + j] = 0.0;
                    }
                    continue;
                }
                double[] z = preActivations(a, row * 4 * u, 4 * u, null, hs, pi, r, u);
                for (int j = 0; j < u; j++) {
                    double i = LstmKernel.apply(rec, z[j]);
                    double f = LstmKernel.apply(rec, z[u + j]);
                    double gg = LstmKernel.apply(act, z[2 * u + j]);
                    double o = LstmKernel.apply(rec, z[3 * u + j]);
                    double[] gates = {i, f, gg, o};
                    for (int k = 0; k < 4; k++) {
                        a[row * 4 * u + k * u + j] = gates[k];
                    }
                    double c = i * gg + (pi >= 0 ? f * cs[pi + j] : 0.0);
                    cs[row * u + j] = c;
                    tc[row * u + j] = LstmKernel.apply(act, c);
                    hs[row * u + j] = o * tc[row * u + j];
                }
            }
        }
    }

    private static void naiveGru(double[] a, double[] r, double[] rb, double[] hs, double[] qh, StepLayout l, int u,
                                 Activation act, Activation rec) {
        for (int b = 0; b < BATCH; b++) {
            for (int s = 0; s < STEPS; s++) {
                int row = l.row(b, s);
                int pi = s > 0 ? l.row(b, s - 1) * u : -1;
                if (!l.real(row)) {
                    for (int j = 0; j < u; j++) {
                        hs[row * u + j] = pi >= 0 ? hs[pi + j] : 0.0;
                    }
                    continue;
                }
                double[] q = preActivations(null, 0, 3 * u, rb, hs, pi, r, u);
                int za = row * 3 * u;
                for (int j = 0; j < u; j++) {
                    double z = LstmKernel.apply(rec, a[za + j] + q[j]);
                    double rr = LstmKernel.apply(rec, a[za + u + j] + q[u + j]);
                    double n = LstmKernel.apply(act, a[za + 2 * u + j] + rr * q[2 * u + j]);
                    double hPrev = pi >= 0 ? hs[pi + j] : 0.0;
                    a[za + j] = z;
                    a[za + u + j] = rr;
                    a[za + 2 * u + j] = n;
                    qh[row * u + j] = q[2 * u + j];
                    hs[row * u + j] = z * hPrev + (1 - z) * n;
                }
            }
        }
    }

    /** {@code start + h_prev·r}, one multiply-add at a time, {@code k} ascending; start from {@code a}, {@code bias} or zeros. */
    private static double[] preActivations(double[] a, int za, int g, double[] bias, double[] hs, int pi, double[] r, int u) {
        double[] z = new double[g];
        for (int j = 0; j < g; j++) {
            z[j] = a != null ? a[za + j] : bias != null ? bias[j] : 0.0;
        }
        for (int k = 0; pi >= 0 && k < u; k++) {
            for (int j = 0; j < g; j++) {
                z[j] += hs[pi + k] * r[k * g + j];
            }
        }
        return z;
    }

    private static double[] values(SplittableRandom rnd, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (rnd.nextDouble() - 0.5) * scale;
        }
        return v;
    }
}
