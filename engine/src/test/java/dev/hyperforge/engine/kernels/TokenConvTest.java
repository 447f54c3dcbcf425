package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Backend;
import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.convolutional.Conv1D;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Embedding;
import dev.hyperforge.engine.layers.merging.Concatenate;
import dev.hyperforge.engine.layers.pooling.GlobalMaxPooling1D;
import dev.hyperforge.engine.layers.pooling.MaxPooling1D;
import dev.hyperforge.engine.optimizers.SGD;

/**
 * The per-token backward of an embedding-fed {@code Conv1D} ({@link TokenConv}, numerics V4): the same gradients as
 * the per-position path of V3 (to rounding), and as finite differences of the loss; an embedding output that also
 * feeds another layer gets the full input gradient.
 */
class TokenConvTest {
    @Test
    void groupsNumberIdsByFirstPositionAndListTheirPositionsInOrder() {
        Groups g = Groups.of(new int[] {7, 3, 7, 0, 3, 7}, 10);
        assertEquals(3, g.count());
        assertArrayEquals(new int[] {7, 3, 0}, g.ids());
        int[] positions = new int[6];
        for (int q = 0; q < 6; q++) {
            positions[q] = g.position(q);
        }
        assertArrayEquals(new int[] {0, 2, 5, 1, 4, 3}, positions);
        assertEquals(0, g.start(0));
        assertEquals(3, g.start(1));
        assertEquals(5, g.start(2));
        assertEquals(6, g.start(3));
    }

    private static INDArray ids(long seed, int rows, int steps, int vocab, DataType dt) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[rows * steps];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(vocab);
        }
        return Nd4j.create(v, new long[] {rows, steps}, 'c').castTo(dt);
    }

    private static INDArray targets(long seed, int rows, DataType dt) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[rows];
        for (int i = 0; i < rows; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return Nd4j.create(v, new long[] {rows, 1}, 'c').castTo(dt);
    }

    /** Embedding → Conv1D (relu) → [MaxPooling1D → Conv1D] → GlobalMaxPooling1D → Dense(1); {@code fanOut} also pools the embedding. */
    private static Supplier<Model> model(DType dtype, boolean same, boolean fanOut) {
        return () -> {
            Tensor posts = Input.create("posts", dtype, 12);
            Tensor e = new Embedding(20, 6).call(posts);
            Tensor h = new Conv1D(5, 3, 1, same ? "same" : "valid", 1, dev.hyperforge.engine.layers.Activation.parse("tanh"), true).call(e);
            h = new GlobalMaxPooling1D().call(new Conv1D(4, 2, "relu").call(new MaxPooling1D(2).call(h)));
            if (fanOut) {
                h = new Concatenate().call(h, new GlobalMaxPooling1D().call(e));
            }
            Model m = new Model("text", List.of(posts), List.of(new Dense(1).call(h)), 5L);
            return m.compile(new SGD(1.0), "mse");
        };
    }

    /** Each weight's gradient: one plain SGD step of rate 1 at {@code level} (weights before minus after). */
    private static List<double[]> gradients(Numerics level, Supplier<Model> build, INDArray x, INDArray y) {
        Numerics was = Numerics.set(level);
        try {
            Model m = build.get();
            List<double[]> before = new ArrayList<>();
            for (INDArray w : m.getWeights()) {
                before.add(w.castTo(DataType.DOUBLE).data().asDouble());
            }
            m.trainOnBatch(x, y);
            List<double[]> g = new ArrayList<>();
            List<INDArray> after = m.getWeights();
            for (int i = 0; i < after.size(); i++) {
                double[] a = after.get(i).castTo(DataType.DOUBLE).data().asDouble();
                double[] d = before.get(i).clone();
                for (int j = 0; j < d.length; j++) {
                    d[j] -= a[j];
                }
                g.add(d);
            }
            return g;
        } finally {
            Numerics.set(was);
        }
    }

    private static void assertClose(List<double[]> expected, List<double[]> actual, double tol, String what) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            for (int j = 0; j < expected.get(i).length; j++) {
                double e = expected.get(i)[j];
                double a = actual.get(i)[j];
                assertTrue(Math.abs(e - a) <= tol * Math.max(1, Math.abs(e)), what + ": weight " + i + "[" + j + "] " + e + " against " + a);
            }
        }
    }

    @Test
    void doubleGradientsMatchThePerPositionPathAndFiniteDifferences() {
        Backend.init();
        for (boolean same : new boolean[] {false, true}) {
            Supplier<Model> build = model(DType.FLOAT64, same, false);
            INDArray x = ids(1, 7, 12, 20, DataType.DOUBLE);
            INDArray y = targets(2, 7, DataType.DOUBLE);
            long before = TokenConv.taken;
            List<double[]> v4 = gradients(Numerics.V4, build, x, y);
            assertTrue(TokenConv.taken > before, "the per-token path ran");
            long mid = TokenConv.taken;
            List<double[]> v3 = gradients(Numerics.V3, build, x, y);
            assertEquals(mid, TokenConv.taken, "V3 keeps the per-position path");
            assertClose(v3, v4, 1e-12, "same " + same);
            Model m = build.get();
            List<INDArray> w = m.getWeights();
            for (int p = 0; p < 2; p++) {                        // the embedding table, then the first kernel
                for (int j = 0; j < w.get(p).length(); j += 7) {
                    double h = 1e-6;
                    double[] plus = w.get(p).dup().data().asDouble();
                    double base = plus[j];
                    plus[j] = base + h;
                    double lp = lossWith(m, w, p, plus, x, y);
                    plus[j] = base - h;
                    double lm = lossWith(m, w, p, plus, x, y);
                    double numeric = (lp - lm) / (2 * h);
                    assertEquals(numeric, v4.get(p)[j], 1e-6 * Math.max(1, Math.abs(numeric)), "weight " + p + "[" + j + "]");
                }
            }
        }
    }

    private static double lossWith(Model m, List<INDArray> w, int p, double[] values, INDArray x, INDArray y) {
        List<INDArray> changed = new ArrayList<>(w);
        changed.set(p, Nd4j.create(values, w.get(p).shape(), 'c'));
        m.setWeights(changed);
        double loss = m.evaluate(x, y).get("loss");
        m.setWeights(w);
        return loss;
    }

    @Test
    void floatGradientsAgreeWithThePerPositionPathToRounding() {
        Backend.init();
        for (boolean fanOut : new boolean[] {false, true}) {
            Supplier<Model> build = model(DType.INT32, false, fanOut);
            INDArray x = ids(3, 16, 12, 20, DataType.FLOAT);
            INDArray y = targets(4, 16, DataType.FLOAT);
            long before = TokenConv.taken;
            List<double[]> v4 = gradients(Numerics.V4, build, x, y);
            assertTrue(TokenConv.taken > before, "the per-token path ran");
            assertClose(gradients(Numerics.V3, build, x, y), v4, 2e-5, "fan-out " + fanOut);
        }
    }
}
