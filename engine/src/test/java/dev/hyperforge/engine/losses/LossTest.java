package dev.hyperforge.engine.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import dev.hyperforge.engine.Backend;
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.optimizers.SGD;

class LossTest {
    static {
        Backend.init();
    }

    private static double mean(INDArray perSample) {
        return perSample.meanNumber().doubleValue();
    }

    @Test
    void knownAnswers() {
        INDArray p = Nd4j.create(new double[][] {{0.2, 0.8}, {0.6, 0.4}});
        INDArray y = Nd4j.create(new double[][] {{0, 1}, {0, 1}});
        assertEquals(((0.04 + 0.04) / 2 + (0.36 + 0.36) / 2) / 2, mean(new MeanSquaredError().perSample(p, y)), 1e-12);
        assertEquals((0.2 + 0.6) / 2, mean(new MeanAbsoluteError().perSample(p, y)), 1e-12);
        assertEquals((-Math.log(0.8) - Math.log(0.4)) / 2, mean(new CategoricalCrossentropy().perSample(p, y)), 1e-7);
        INDArray ids = Nd4j.create(new double[][] {{1}, {1}});
        assertEquals((-Math.log(0.8) - Math.log(0.4)) / 2, mean(new SparseCategoricalCrossentropy().perSample(p, ids)), 1e-7);
        INDArray pb = Nd4j.create(new double[][] {{0.9}, {0.3}});
        INDArray yb = Nd4j.create(new double[][] {{1}, {0}});
        assertEquals((-Math.log(0.9) - Math.log(0.7)) / 2, mean(new BinaryCrossentropy().perSample(pb, yb)), 1e-7);
    }

    /** Softmax cross-entropy from logits, value and gradient, against the formulas log Σe^z − z_t and (softmax − y) / n. */
    @Test
    void softmaxCrossEntropyFromLogitsKnownAnswer() {
        double[][] z = {{2.1, 5.8, 0.0}, {1.0, -1.0, 0.5}};
        int[] target = {1, 0};
        INDArray y = Nd4j.create(new double[][] {{0, 1, 0}, {1, 0, 0}});
        CategoricalCrossentropy cce = new CategoricalCrossentropy();
        INDArray perSample = cce.perSampleFromLogits(Nd4j.create(z), y);
        INDArray grad = cce.gradientFromLogits(Nd4j.create(z), y);
        for (int i = 0; i < 2; i++) {
            double sum = Math.exp(z[i][0]) + Math.exp(z[i][1]) + Math.exp(z[i][2]);
            assertEquals(Math.log(sum) - z[i][target[i]], perSample.getDouble(i), 1e-5, "loss of sample " + i);
            for (int k = 0; k < 3; k++) {
                double expected = (Math.exp(z[i][k]) / sum - (k == target[i] ? 1 : 0)) / 2;
                assertEquals(expected, grad.getDouble(i, k), 1e-5, "gradient [" + i + "][" + k + "]");
            }
        }
    }

    /** A Dense softmax output with fixed weights, compiled with categorical cross-entropy: the model's loss by hand. */
    @Test
    void denseSoftmaxModelLossKnownAnswer() {
        Tensor in = Input.of("x", 3);
        Model m = new Model("ka", List.of(in), List.of(new Dense(2, "softmax").named("p").call(in)), 0L);
        m.compile(new SGD(0.1), "categorical_crossentropy");
        m.getLayer("p").params().get(0).value().assign(Nd4j.create(new double[][] {{1, -1}, {0.5, 2}, {0, 1}}));
        m.getLayer("p").params().get(1).value().assign(Nd4j.create(new double[] {0.1, -0.2}));
        INDArray x = Nd4j.create(new float[][] {{1, 2, 3}, {0, 0, 0}});
        INDArray t = Nd4j.create(new float[][] {{0, 1}, {1, 0}});
        // logits: [1 + 1 + 0 + 0.1, -1 + 4 + 3 - 0.2] = [2.1, 5.8] and the biases [0.1, -0.2]
        double l0 = Math.log(Math.exp(2.1) + Math.exp(5.8)) - 5.8;
        double l1 = Math.log(Math.exp(0.1) + Math.exp(-0.2)) - 0.1;
        assertEquals((l0 + l1) / 2, m.evaluate(x, t).get("loss"), 1e-5);
    }

    @Test
    void fusedLossesEqualTheUnfusedOnesAndStayFiniteForHugeLogits() {
        INDArray z = LayerChecks.randomDouble(3, 4, 5).muli(3);
        INDArray y = Nd4j.zeros(4, 5);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, (i * 2) % 5, 1.0);
        }
        CategoricalCrossentropy cce = new CategoricalCrossentropy();
        assertEquals(mean(cce.perSample(Activation.SOFTMAX.apply(z), y)), mean(cce.perSampleFromLogits(z, y)), 1e-7);
        INDArray zb = LayerChecks.randomDouble(4, 6, 1).muli(3);
        INDArray yb = Nd4j.create(new double[][] {{1}, {0}, {1}, {1}, {0}, {0}});
        BinaryCrossentropy bce = new BinaryCrossentropy();
        assertEquals(mean(bce.perSample(Activation.SIGMOID.apply(zb), yb)), mean(bce.perSampleFromLogits(zb, yb)), 1e-7);
        INDArray huge = Nd4j.create(new double[][] {{1000, -1000}});
        INDArray target = Nd4j.create(new double[][] {{0, 1}});
        assertEquals(2000, mean(cce.perSampleFromLogits(huge, target)), 1e-6);
        assertTrue(Double.isFinite(mean(bce.perSampleFromLogits(Nd4j.create(new double[][] {{-800}}), Nd4j.create(new double[][] {{1}})))));
    }

    @Test
    void gradientsMatchCentralDifferences() {
        INDArray y = Nd4j.create(new double[][] {{0, 1, 0}, {1, 0, 0}});
        INDArray pr = Nd4j.create(new double[][] {{0.2, 0.5, 0.3}, {0.6, 0.1, 0.3}});
        check(new MeanSquaredError()::perSample, new MeanSquaredError()::gradient, pr.dup(), y);
        check(new MeanAbsoluteError()::perSample, new MeanAbsoluteError()::gradient, pr.dup(), y);
        check(new CategoricalCrossentropy()::perSample, new CategoricalCrossentropy()::gradient, pr.dup(), y);
        check(new BinaryCrossentropy()::perSample, new BinaryCrossentropy()::gradient, pr.dup(), y);
        INDArray z = LayerChecks.randomDouble(9, 2, 3);
        check(new CategoricalCrossentropy()::perSampleFromLogits, new CategoricalCrossentropy()::gradientFromLogits, z.dup(), y);
        check(new BinaryCrossentropy()::perSampleFromLogits, new BinaryCrossentropy()::gradientFromLogits, z.dup(), y);
    }

    private static void check(BiFunction<INDArray, INDArray, INDArray> loss, BiFunction<INDArray, INDArray, INDArray> grad,
                              INDArray p, INDArray y) {
        INDArray g = grad.apply(p, y);
        double eps = 1e-6;
        for (int i = 0; i < p.length(); i++) {
            double o = p.getDouble(i);
            p.putScalar(i, o + eps);
            double up = mean(loss.apply(p, y));
            p.putScalar(i, o - eps);
            double down = mean(loss.apply(p, y));
            p.putScalar(i, o);
            assertEquals((up - down) / (2 * eps), g.getDouble(i), 1e-6, "element " + i);
        }
    }

    @Test
    void unknownLossNamesTheChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> Loss.of("crossentropy"));
        assertTrue(e.getMessage().contains("unknown loss 'crossentropy'"), e.getMessage());
    }

    @Test
    void sparseIdsOutOfRangeAreRejected() {
        INDArray p = Nd4j.create(new double[][] {{0.5, 0.5}});
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().perSample(p, Nd4j.create(new double[][] {{2}})));
        assertTrue(e.getMessage().contains("class id 2"), e.getMessage());
    }
}
