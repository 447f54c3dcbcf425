package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * The LSTM fast path ({@link LstmMath}: GEMMs plus the Java recurrence kernel) against the former
 * op-by-op ND4J implementation ({@link LstmNd4jReference}) on float data big enough to run the kernel on
 * several threads, and thread independence of the kernel.
 */
class LstmFastPathTest {
    private static INDArray random(long seed, double scale, long... shape) {
        return LayerChecks.randomDouble(seed, shape).muli(scale).castTo(DataType.FLOAT);
    }

    @Test
    void forwardAndGradientsEqualTheNd4jReference() {
        int batch = 48;
        int steps = 30;
        int features = 6;
        int units = 16;
        Activation[][] acts = {{Activation.TANH, Activation.SIGMOID}, {Activation.RELU, Activation.SIGMOID}, {Activation.LINEAR, Activation.TANH}};
        for (Activation[] pair : acts) {
            for (boolean seq : new boolean[] {false, true}) {
                INDArray x = random(1, 1.0, batch, steps, features);
                INDArray w = random(2, 0.4, features, 4L * units);
                INDArray r = random(3, 0.3, units, 4L * units);
                INDArray b = random(4, 0.5, 4L * units);
                LstmMath.State fast = LstmMath.forward(x, w, r, b, pair[0], pair[1]);
                LstmNd4jReference.State ref = LstmNd4jReference.forward(x, w, r, b, pair[0], pair[1]);
                String what = pair[0] + "/" + pair[1] + (seq ? " sequences" : " last");
                INDArray out = seq ? fast.hiddenSequence(DataType.FLOAT) : fast.lastHidden(DataType.FLOAT);
                assertClose(seq ? ref.hiddenSequence() : ref.lastHidden(), out, 2e-5, what + " output");
                INDArray g = random(5, 1.0, out.shape());
                LstmMath.Grads gf = LstmMath.backward(fast, g, seq, w, r, pair[0], pair[1], true);
                LstmMath.Grads gr = LstmNd4jReference.backward(ref, g, seq, w, r, pair[0], pair[1]);
                assertClose(gr.input(), gf.input(), 1e-4, what + " input gradient");
                assertClose(gr.kernel(), gf.kernel(), 1e-3, what + " kernel gradient");
                assertClose(gr.recurrentKernel(), gf.recurrentKernel(), 1e-3, what + " recurrent kernel gradient");
                assertClose(gr.bias(), gf.bias(), 1e-3, what + " bias gradient");
            }
        }
    }

    @Test
    void reusedArraysGiveTheFreshResultOnTheNextPass() {
        // later passes over the same call site's arrays (stale values of the earlier ones) must equal a fresh
        // pass, also when batch and steps swap and the arrays keep their length
        int[][] shapes = {{12, 9}, {12, 9}, {9, 12}};
        int units = 5;
        INDArray w = random(2, 0.4, 3, 4L * units);
        INDArray r = random(3, 0.3, units, 4L * units);
        INDArray b = random(4, 0.5, 4L * units);
        java.util.Map<String, Object> store = new java.util.HashMap<>();
        for (boolean seq : new boolean[] {false, true}) {
            for (int pass = 0; pass < shapes.length; pass++) {
                INDArray x = random(10 + pass, 1.0 + pass, shapes[pass][0], shapes[pass][1], 3);
                LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
                ctx.reuseBuffers(store);
                LstmMath.State reused = LstmMath.forward(x, w, r, b, Activation.TANH, Activation.SIGMOID, ctx);
                INDArray out = seq ? reused.hiddenSequence(DataType.FLOAT) : reused.lastHidden(DataType.FLOAT);
                INDArray g = random(20 + pass, 1.0, out.shape());
                LstmMath.Grads gr = LstmMath.backward(reused, g, seq, w, r, Activation.TANH, Activation.SIGMOID, true, ctx, w.ulike(), r.ulike(), b.ulike());
                LstmMath.State fresh = LstmMath.forward(x, w, r, b, Activation.TANH, Activation.SIGMOID);
                LstmMath.Grads gf = LstmMath.backward(fresh, g, seq, w, r, Activation.TANH, Activation.SIGMOID, true);
                String what = (seq ? "sequences" : "last") + ", pass " + pass;
                assertEquals(seq ? fresh.hiddenSequence(DataType.FLOAT) : fresh.lastHidden(DataType.FLOAT), out, what + " output");
                assertEquals(gf.input(), gr.input(), what + " input gradient");
                assertEquals(gf.kernel(), gr.kernel(), what + " kernel gradient");
                assertEquals(gf.recurrentKernel(), gr.recurrentKernel(), what + " recurrent kernel gradient");
                assertEquals(gf.bias(), gr.bias(), what + " bias gradient");
            }
        }
        assertTrue(store.values().stream().anyMatch(v -> v instanceof double[]), "the kernel's Java arrays were kept for reuse");
    }

    @Test
    void kernelResultsDoNotDependOnHowRowsAreSplit() {
        int batch = 9;
        int steps = 7;
        int units = 5;
        SplittableRandom rnd = new SplittableRandom(8);
        double[] z = new double[batch * steps * 4 * units];
        double[] r = new double[units * 4 * units];
        for (int i = 0; i < z.length; i++) {
            z[i] = rnd.nextDouble() * 2 - 1;
        }
        for (int i = 0; i < r.length; i++) {
            r[i] = rnd.nextDouble() - 0.5;
        }
        LstmKernel k = new LstmKernel(steps, units, Activation.TANH, Activation.SIGMOID);
        double[][] whole = run(k, z, r, batch, steps, units, new int[] {0, batch});
        double[][] split = run(k, z, r, batch, steps, units, new int[] {0, 2, 3, 7, batch});
        for (int i = 0; i < whole.length; i++) {
            assertArrayEquals(whole[i], split[i], "array " + i);
        }
    }

    private static double[][] run(LstmKernel k, double[] z, double[] r, int batch, int steps, int units, int[] cuts) {
        double[] a = z.clone();
        int n = batch * steps * units;
        double[] cs = new double[n];
        double[] tc = new double[n];
        double[] hs = new double[n];
        double[] rt = new double[r.length];
        for (int i = 0; i < units; i++) {
            for (int j = 0; j < 4 * units; j++) {
                rt[j * units + i] = r[i * 4 * units + j];
            }
        }
        double[] g = new double[n];
        java.util.Arrays.fill(g, 0.25);
        double[] dz = new double[a.length];
        for (int c = 0; c + 1 < cuts.length; c++) {
            k.forward(a, r, cs, tc, hs, cuts[c], cuts[c + 1]);
        }
        for (int c = 0; c + 1 < cuts.length; c++) {
            k.backward(a, cs, tc, rt, null, g, dz, cuts[c], cuts[c + 1]);
        }
        return new double[][] {a, cs, tc, hs, dz};
    }

    @Test
    void tanhAndSigmoidMatchTheLibrary() {
        for (double v = -30; v <= 30; v += 0.001 * Math.PI) {
            assertEquals(Math.tanh(v), LstmKernel.tanh(v), 1e-15 + 1e-12 * Math.abs(Math.tanh(v)), "tanh " + v);
            assertEquals(1 / (1 + Math.exp(-v)), LstmKernel.sigmoid(v), 1e-15, "sigmoid " + v);
        }
        assertEquals(1e-9, LstmKernel.tanh(1e-9), 1e-24);
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double scale = 0;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol * Math.max(1, scale), what + " element " + i);
        }
    }
}
