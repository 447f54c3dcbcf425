package dev.hyperforge.engine.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

class LSTMTest {
    @Test
    void contractLastState() {
        LSTM l = new LSTM(3).named("enc");
        List<INDArray> x = List.of(LayerChecks.randomDouble(1, 2, 4, 3));
        LayerChecks.buildDouble(l, x, 11);
        randomizeBias(l);
        LayerChecks.assertOutputShape(l, x);
        LayerChecks.assertConfigRoundTrip(l);
        LayerChecks.assertGradients(l, x, new boolean[] {true}, true);
    }

    @Test
    void contractSequences() {
        LSTM l = new LSTM(3, true).named("seq");
        List<INDArray> x = List.of(LayerChecks.randomDouble(2, 2, 5, 2));
        LayerChecks.buildDouble(l, x, 12);
        randomizeBias(l);
        LayerChecks.assertOutputShape(l, x);
        LayerChecks.assertConfigRoundTrip(l);
        LayerChecks.assertGradients(l, x, new boolean[] {true}, true);
    }

    @Test
    void batchOfOneAndSingleStep() {
        for (int steps : new int[] {1, 3}) {
            LSTM l = new LSTM(2, steps == 3);
            List<INDArray> x = List.of(LayerChecks.randomDouble(4, 1, steps, 3));
            LayerChecks.buildDouble(l, x, 14);
            LayerChecks.assertOutputShape(l, x);
            LayerChecks.assertGradients(l, x, new boolean[] {true}, false);
        }
    }

    @Test
    void contractOtherActivationsWithoutBias() {
        LSTM l = new LSTM(2, true, Activation.LINEAR, Activation.SIGMOID, false, false);
        List<INDArray> x = List.of(LayerChecks.randomDouble(3, 3, 3, 2));
        LayerChecks.buildDouble(l, x, 13);
        LayerChecks.assertConfigRoundTrip(l);
        LayerChecks.assertGradients(l, x, new boolean[] {true}, false);
        assertEquals(2, l.params().size());
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new LSTM(4).call(t), DType.FLOAT32, 0, 5, 3);
    }

    @Test
    void knownAnswerAgainstScalarReference() {
        int d = 2;
        int u = 2;
        double[][] w = {{0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8}, {0.05, 0.15, -0.25, 0.35, 0.45, -0.55, 0.65, 0.75}};
        double[][] r = {{0.2, 0.1, -0.3, 0.05, 0.4, -0.1, 0.3, 0.2}, {-0.2, 0.3, 0.1, -0.4, 0.2, 0.25, -0.15, 0.1}};
        double[] b = {0.01, -0.02, 1.0, 0.9, 0.03, -0.04, 0.05, 0.06};
        double[][][] x = {{{1, -1}, {0.5, 2}, {-1.5, 0.25}}, {{0, 0.3}, {-0.7, 0.1}, {0.9, -0.2}}};
        double[][][] ref = reference(x, w, r, b, u);
        for (boolean seq : new boolean[] {false, true}) {
            for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                LSTM l = new LSTM(u, seq);
                l.build(List.of(Shape.batchOf(Shape.UNKNOWN, d)), new ParamInit(new SplittableRandom(0), dt));
                l.params().get(0).value().assign(Nd4j.create(w));
                l.params().get(1).value().assign(Nd4j.create(r));
                l.params().get(2).value().assign(Nd4j.create(b));
                INDArray out = l.forward(List.of(Nd4j.create(x).castTo(dt)), new LayerContext(false, new SplittableRandom(0)));
                assertEquals(dt, out.dataType());
                if (seq) {
                    assertArrayEquals(new long[] {2, 3, u}, out.shape());
                    for (int bi = 0; bi < 2; bi++) {
                        for (int t = 0; t < 3; t++) {
                            for (int k = 0; k < u; k++) {
                                assertEquals(ref[bi][t][k], out.getDouble(bi, t, k), 1e-5, "seq b" + bi + " t" + t + " " + dt);
                            }
                        }
                    }
                } else {
                    assertArrayEquals(new long[] {2, u}, out.shape());
                    for (int bi = 0; bi < 2; bi++) {
                        for (int k = 0; k < u; k++) {
                            assertEquals(ref[bi][2][k], out.getDouble(bi, k), 1e-5, "last b" + bi + " " + dt);
                        }
                    }
                }
            }
        }
    }

    /** The LSTM equations, one scalar at a time; returns every hidden state [batch][step][unit]. */
    private static double[][][] reference(double[][][] x, double[][] w, double[][] r, double[] b, int u) {
        double[][][] hs = new double[x.length][x[0].length][u];
        for (int bi = 0; bi < x.length; bi++) {
            double[] h = new double[u];
            double[] c = new double[u];
            for (int t = 0; t < x[bi].length; t++) {
                double[] z = new double[4 * u];
                for (int j = 0; j < 4 * u; j++) {
                    z[j] = b[j];
                    for (int k = 0; k < x[bi][t].length; k++) {
                        z[j] += x[bi][t][k] * w[k][j];
                    }
                    for (int k = 0; k < u; k++) {
                        z[j] += h[k] * r[k][j];
                    }
                }
                double[] hNew = new double[u];
                for (int j = 0; j < u; j++) {
                    double i = sigmoid(z[j]);
                    double f = sigmoid(z[u + j]);
                    double g = Math.tanh(z[2 * u + j]);
                    double o = sigmoid(z[3 * u + j]);
                    c[j] = f * c[j] + i * g;
                    hNew[j] = o * Math.tanh(c[j]);
                }
                h = hNew;
                hs[bi][t] = h.clone();
            }
        }
        return hs;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    @Test
    void kerasInitialisation() {
        LSTM l = new LSTM(4);
        l.build(List.of(Shape.batchOf(Shape.UNKNOWN, 3)), new ParamInit(new SplittableRandom(5), DataType.DOUBLE));
        assertEquals(List.of("kernel", "recurrent_kernel", "bias"), l.params().stream().map(Param::name).toList());
        assertArrayEquals(new long[] {3, 16}, l.params().get(0).value().shape());
        INDArray rk = l.params().get(1).value();
        assertArrayEquals(new long[] {4, 16}, rk.shape());
        // orthogonal: the 4 rows are orthonormal
        assertTrue(rk.mmul(rk.transpose()).equalsWithEps(Nd4j.eye(4).castTo(DataType.DOUBLE), 1e-9));
        INDArray bias = l.params().get(2).value();
        for (int j = 0; j < 16; j++) {
            assertEquals(j >= 4 && j < 8 ? 1.0 : 0.0, bias.getDouble(j), 0.0, "bias " + j);
        }
        assertEquals(3 * 16 + 4 * 16 + 16, l.paramCount());
    }

    @Test
    void sequenceLengthComesFromTheInput() {
        LSTM l = new LSTM(3, true);
        assertEquals("(None, None, 3)", l.outputShape(List.of(Shape.batchOf(Shape.UNKNOWN, 2))).toString());
        l.build(List.of(Shape.batchOf(Shape.UNKNOWN, 2)), new ParamInit(new SplittableRandom(1), DataType.DOUBLE));
        for (int steps : new int[] {1, 4, 7}) {
            INDArray out = l.forward(List.of(LayerChecks.randomDouble(steps, 2, steps, 2)), new LayerContext(false, new SplittableRandom(0)));
            assertArrayEquals(new long[] {2, steps, 3}, out.shape());
        }
    }

    @Test
    void rejectsRank2InputWithHint() {
        var e = assertThrows(IllegalArgumentException.class, () -> new LSTM(8).named("enc").outputShape(List.of(Shape.batchOf(32))));
        assertTrue(e.getMessage().startsWith("LSTM 'enc' expects input of rank 3 (batch, steps, features), received (None, 32); "), e.getMessage());
        assertTrue(e.getMessage().contains("Embedding"), e.getMessage());
    }

    @Test
    void rejectsUnknownFeatureDimension() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LSTM(8).named("enc").outputShape(List.of(Shape.of(Shape.UNKNOWN, 5, Shape.UNKNOWN))));
        assertTrue(e.getMessage().startsWith("LSTM 'enc' expects a known feature (last) dimension, received (None, 5, None)"), e.getMessage());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new LSTM(0));
        assertThrows(IllegalArgumentException.class, () -> new LSTM(2, false, Activation.SOFTMAX, Activation.SIGMOID, true, true));
    }

    /** Non-trivial bias so the gradient check exercises every gate away from zero. */
    private static void randomizeBias(LSTM l) {
        Param b = l.params().get(2);
        b.value().assign(LayerChecks.randomDouble(21, b.value().shape()).mul(0.5));
    }
}
