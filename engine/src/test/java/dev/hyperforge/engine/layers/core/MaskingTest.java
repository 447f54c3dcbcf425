package dev.hyperforge.engine.layers.core;

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
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.recurrent.LSTM;

class MaskingTest {
    /** Two sequences of 3 steps, 2 features; step 1 of the first and step 2 of the second are all 0.5. */
    private static INDArray padded() {
        return Nd4j.create(new double[][][] {{{1, 0.5}, {0.5, 0.5}, {0.5, -2}}, {{0, 0}, {3, 1}, {0.5, 0.5}}});
    }

    /** The gradient check perturbs single features, which would unmask a masked step: the data has none here (see below). */
    @Test
    void contract() {
        Masking m = new Masking(0.5).named("pad");
        List<INDArray> x = List.of(LayerChecks.randomDouble(3, 2, 4, 3));
        LayerChecks.buildDouble(m, x, 1);
        LayerChecks.assertOutputShape(m, x);
        LayerChecks.assertConfigRoundTrip(m);
        LayerChecks.assertGradients(m, x, new boolean[] {true}, true);
    }

    @Test
    void masksStepsWhereEveryFeatureEqualsTheValueAndZeroesThem() {
        Masking m = new Masking(0.5);
        LayerContext ctx = new LayerContext(false, new SplittableRandom(0));
        INDArray out = m.forward(List.of(padded()), ctx);
        INDArray mask = m.computeMask(List.of(padded()), ctx);
        assertEquals(Nd4j.create(new double[][] {{1, 0, 1}, {1, 1, 0}}), mask);
        assertEquals(Nd4j.create(new double[][][] {{{1, 0.5}, {0, 0}, {0.5, -2}}, {{0, 0}, {3, 1}, {0, 0}}}), out);
        INDArray g = m.backward(Nd4j.onesLike(out), ctx).get(0);
        assertEquals(0.0, g.getDouble(0, 1, 0));
        assertEquals(1.0, g.getDouble(0, 2, 1));
    }

    @Test
    void defaultValueIsZeroAndMaskTypeFollowsTheInput() {
        Masking m = new Masking();
        INDArray x = padded().castTo(DataType.FLOAT);
        INDArray mask = m.computeMask(List.of(x), new LayerContext(false, new SplittableRandom(0)));
        assertEquals(DataType.FLOAT, mask.dataType());
        assertEquals(Nd4j.create(new float[][] {{1, 1, 1}, {0, 1, 1}}), mask);
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new LSTM(3).call(new Masking().call(t)), DType.FLOAT32, 0, 4, 2);
    }

    @Test
    void rejectsRank2WithHint() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Masking().named("m").outputShape(List.of(Shape.batchOf(5))));
        assertTrue(e.getMessage().startsWith("Masking 'm' expects input of rank >= 3"), e.getMessage());
        assertTrue(e.getMessage().contains("mask_zero"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Masking(Double.NaN));
    }
}
