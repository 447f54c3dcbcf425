package dev.hyperforge.engine.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Backend;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.LayerChecks;

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
