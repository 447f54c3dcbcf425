package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Embedding;
import dev.hyperforge.engine.layers.recurrent.LSTM;
import dev.hyperforge.engine.optimizers.SGD;

/**
 * Metrics of an output that keeps the time axis honour its mask as in Keras 3 (the mask is the metric's
 * sample weight): the values are the means over the unmasked steps, so padded and unpadded batches agree.
 * Model: Embedding(10, 3, mask_zero) → LSTM(4, return_sequences) → Dense per step; real sequences of 4 and
 * 2 ids, padded to 6 with garbage targets at the padded steps.
 */
class MaskedMetricsTest {
    private static final int[][] PADDED = {{5, 3, 7, 2, 0, 0}, {1, 9, 0, 0, 0, 0}};
    private static final int[][][] REAL = {{{5, 3, 7, 2}}, {{1, 9}}};

    private static Model model(int units, String activation) {
        Tensor ids = Input.ints("ids", Shape.UNKNOWN);
        Tensor h = new LSTM(4, true).call(new Embedding(10, 3, true).call(ids));
        return new Model("m", List.of(ids), List.of(new Dense(units, activation).named("y").call(h)), 7L);
    }

    /** Each real sequence's per-step prediction, predicted without padding. */
    private static INDArray[] unpadded(Model m) {
        return new INDArray[] {m.predict(Nd4j.createFromArray(REAL[0])).get("y"), m.predict(Nd4j.createFromArray(REAL[1])).get("y")};
    }

    @Test
    void accuracyIsTheMeanOverTheUnmaskedSteps() {
        Model m = model(3, "softmax");
        m.compile(new SGD(0.1), "categorical_crossentropy", "accuracy");
        INDArray[] real = unpadded(m);
        // targets: the predicted class at even steps, another class at odd steps; padded steps all "hits"
        double[][] y = new double[2][6];
        double hits = 0;
        double loss = 0;
        for (int b = 0; b < 2; b++) {
            long steps = real[b].size(1);
            for (int t = 0; t < 6; t++) {
                int argMax = t < steps ? real[b].get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(t)).argMax().getInt(0) : 0;
                y[b][t] = t < steps && t % 2 == 1 ? (argMax + 1) % 3 : argMax;
                if (t < steps) {
                    hits += t % 2 == 0 ? 1 : 0;
                    loss -= Math.log(real[b].getDouble(0, t, (int) y[b][t]));
                }
            }
        }
        assertEquals(3.0 / 6, hits / 6, 0);
        INDArray x = Nd4j.createFromArray(PADDED);
        INDArray yy = oneHot(y);
        Map<String, Double> whole = m.evaluate(x, yy);
        assertEquals(0.5, whole.get("accuracy"), 1e-9);
        assertEquals(loss / 6, whole.get("loss"), 1e-5);
        // one sequence per batch: still the mean over all 6 unmasked steps (4 + 2), not of the batch means
        assertEquals(0.5, m.evaluate(x, yy, 1).get("accuracy"), 1e-9);
        // unpadded: the first sequence alone, its 4 steps
        INDArray y0 = oneHot(new double[][] {java.util.Arrays.copyOf(y[0], 4)});
        assertEquals(2.0 / 4, m.evaluate(Nd4j.createFromArray(REAL[0]), y0).get("accuracy"), 1e-9);
    }

    /** Class ids (batch, steps) as one-hot targets (batch, steps, 3). */
    private static INDArray oneHot(double[][] ids) {
        INDArray t = Nd4j.zeros(ids.length, ids[0].length, 3);
        for (int b = 0; b < ids.length; b++) {
            for (int s = 0; s < ids[b].length; s++) {
                t.putScalar(new long[] {b, s, (long) ids[b][s]}, 1.0);
            }
        }
        return t;
    }

    @Test
    void maeInEvaluateAndFitAreTheUnmaskedMeansWeighedBySampleWeight() {
        Model m = model(2, "linear");
        m.compile(new SGD(1e-12), "mse", "mae");   // a step that changes nothing measurable
        INDArray[] real = unpadded(m);
        double[][][] y = new double[2][6][2];
        double[] w = {2, 0.5};
        double abs = 0;
        double weights = 0;
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 6; t++) {
                for (int k = 0; k < 2; k++) {
                    y[b][t][k] = t < real[b].size(1) ? 0.3 * k - 0.2 * t + b : 1e3;   // far off at padded steps
                    if (t < real[b].size(1)) {
                        double d = real[b].getDouble(0, t, k) - y[b][t][k];
                        abs += w[b] * Math.abs(d) / 2;
                    }
                }
                weights += t < real[b].size(1) ? w[b] : 0;
            }
        }
        INDArray x = Nd4j.createFromArray(PADDED);
        INDArray yy = Nd4j.create(y);
        assertEquals(unweightedMae(real, y), m.evaluate(x, yy).get("mae"), 1e-5);
        History h = m.fit(x, yy, FitOptions.builder().epochs(1).batchSize(2).sampleWeight(w).build());
        assertEquals(abs / weights, h.get("mae").get(0), 1e-5);
    }

    private static double unweightedMae(INDArray[] real, double[][][] y) {
        double sum = 0;
        int n = 0;
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < real[b].size(1); t++) {
                for (int k = 0; k < 2; k++) {
                    sum += Math.abs(real[b].getDouble(0, t, k) - y[b][t][k]);
                    n++;
                }
            }
        }
        return sum / n;
    }
}
