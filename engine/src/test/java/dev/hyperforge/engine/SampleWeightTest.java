package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.optimizers.SGD;

/** class_weight and sample_weight in fit, with Keras' weighting of losses (Σw·l / n) and metrics (Σw·m / Σw). */
class SampleWeightTest {
    private static Model classifier(long seed) {
        Tensor x = Input.create("x", DType.FLOAT64, 3);
        Model m = new Model("c", List.of(x), List.of(new Dense(3, "softmax").named("y").call(new Dense(4, "tanh").call(x))), seed);
        m.compile(new SGD(0.1), "sparse_categorical_crossentropy", "accuracy");
        return m;
    }

    private static INDArray ids(long seed, int n) {
        return LayerChecks.randomIds(seed, 3, n, 1).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    }

    @Test
    void classWeightsMapSparseBinaryAndOneHotTargetsToTheirClass() {
        Map<Integer, Double> cw = Map.of(0, 0.5, 2, 3.0);
        assertArrayEquals(new double[] {3, 0.5, 1, 3}, SampleWeights.fromClasses(cw, Nd4j.createFromArray(2.0, 0.0, 1.0, 2.0).reshape(4, 1)), 0);
        INDArray oneHot = Nd4j.createFromArray(new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}});
        assertArrayEquals(new double[] {3, 0.5, 1}, SampleWeights.fromClasses(cw, oneHot), 0);
        assertArrayEquals(new double[] {0.5, 1}, SampleWeights.fromClasses(cw, Nd4j.createFromArray(0.1, 0.9)), 0);
    }

    @Test
    void weightedLossIsTheWeightedSumOverTheBatchSizeAndItsGradientIsExact() {
        Model m = classifier(1);
        INDArray x = LayerChecks.randomDouble(1, 6, 3);
        INDArray y = ids(2, 6);
        INDArray w = Nd4j.createFromArray(1.0, 0.0, 2.0, 0.5, 3.0, 1.0);
        INDArray p = m.predict(x).get("y");
        double expected = 0;
        for (int i = 0; i < 6; i++) {
            expected += w.getDouble(i) * -Math.log(p.getDouble(i, y.getInt(i, 0)));
        }
        assertEquals(expected / 6, m.computeGradients(x, y, w, 0L), 1e-12);
        for (dev.hyperforge.engine.layers.Layer l : m.layers()) {
            for (Param par : l.params()) {
                INDArray analytic = par.grad().dup();
                for (long i = 0; i < par.value().length(); i++) {
                    double orig = par.value().getDouble(i);
                    par.value().putScalar(i, orig + 1e-6);
                    double up = m.computeGradients(x, y, w, 0L);
                    par.value().putScalar(i, orig - 1e-6);
                    double down = m.computeGradients(x, y, w, 0L);
                    par.value().putScalar(i, orig);
                    double numeric = (up - down) / 2e-6;
                    if (Math.abs(numeric - analytic.getDouble(i)) > 1e-7) {
                        fail(l.describe() + " " + par.name() + " " + i + ": analytic " + analytic.getDouble(i) + " vs numeric " + numeric);
                    }
                }
                m.computeGradients(x, y, w, 0L);
            }
        }
    }

    @Test
    void classWeightTrainsExactlyAsTheEquivalentSampleWeights() {
        INDArray x = LayerChecks.randomDouble(3, 40, 3);
        INDArray y = ids(4, 40);
        Map<Integer, Double> cw = Map.of(0, 2.0, 1, 0.5);
        double[] sw = SampleWeights.fromClasses(cw, y);
        Model a = classifier(5);
        Model b = classifier(5);
        History ha = a.fit(x, y, FitOptions.builder().epochs(3).batchSize(8).seed(9).classWeight(cw).build());
        History hb = b.fit(x, y, FitOptions.builder().epochs(3).batchSize(8).seed(9).sampleWeight(sw).build());
        assertEquals(ha.values(), hb.values());
        for (int i = 0; i < a.getWeights().size(); i++) {
            assertEquals(0, a.getWeights().get(i).sub(b.getWeights().get(i)).norm2Number().doubleValue(), 0);
        }
        Model c = classifier(5);
        c.fit(x, y, FitOptions.builder().epochs(3).batchSize(8).seed(9).build());
        org.junit.jupiter.api.Assertions.assertNotEquals(0, a.getWeights().get(0).sub(c.getWeights().get(0)).norm2Number().doubleValue());
    }

    @Test
    void metricsAreWeightedMeansAndLossesWeightedSumsOverTheSampleCount() {
        Model m = classifier(6);
        INDArray x = LayerChecks.randomDouble(7, 10, 3);
        INDArray y = ids(8, 10);
        double[] w = {1, 2, 0, 0, 1, 3, 1, 0.5, 2, 1};
        INDArray p = m.predict(x).get("y");
        double hits = 0;
        double wsum = 0;
        double loss = 0;
        for (int i = 0; i < 10; i++) {
            hits += w[i] * (p.getRow(i).argMax().getInt(0) == y.getInt(i, 0) ? 1 : 0);
            wsum += w[i];
            loss += w[i] * -Math.log(p.getDouble(i, y.getInt(i, 0)));
        }
        m.compile(new SGD(1e-12), "sparse_categorical_crossentropy", "accuracy");   // a step that changes nothing measurable
        History h = m.fit(x, y, FitOptions.builder().epochs(1).batchSize(10).sampleWeight(w).build());
        assertEquals(hits / wsum, h.get("accuracy").get(0), 1e-12);
        assertEquals(loss / 10, h.get("loss").get(0), 1e-9);
    }

    @Test
    void misuseIsRefusedAsKerasDoes() {
        assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().classWeight(Map.of(0, 1.0)).sampleWeight(new double[] {1}).build());
        assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().sampleWeight(new double[] {1, -1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> classifier(1).fit(LayerChecks.randomDouble(1, 4, 3), ids(1, 4),
                FitOptions.builder().sampleWeight(new double[] {1, 2, 3}).build()));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("sample_weight has 3 values but the data has 4 rows"), e.getMessage());
    }
}
