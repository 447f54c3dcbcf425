package dev.hyperforge.engine.layers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.LayerRegistry;

class DropoutTest {
    @Test
    void contractInTrainingAndInference() {
        Dropout d = new Dropout(0.3).named("drop");
        List<INDArray> x = List.of(LayerChecks.randomDouble(1, 4, 5));
        LayerChecks.buildDouble(d, x, 1);
        LayerChecks.assertOutputShape(d, x);
        LayerChecks.assertConfigRoundTrip(d);
        LayerChecks.assertGradients(d, x, new boolean[] {true}, true);
        LayerChecks.assertGradients(d, x, new boolean[] {true}, false);
    }

    @Test
    void rank3InputKeepsItsShape() {
        Dropout d = new Dropout(0.5);
        List<INDArray> x = List.of(LayerChecks.randomDouble(2, 2, 3, 4));
        LayerChecks.buildDouble(d, x, 1);
        LayerChecks.assertOutputShape(d, x);
        LayerChecks.assertGradients(d, x, new boolean[] {true}, true);
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new Dropout(0.2).call(new Dense(8, "relu").call(t)), DType.FLOAT32, 0, 5);
    }

    @Test
    void knownAnswerMaskFromTheSeededGenerator() {
        Dropout d = new Dropout(0.5);
        INDArray x = Nd4j.create(new double[][] {{1, 2, 3, 4}, {5, 6, 7, 8}});
        INDArray out = d.forward(List.of(x), new LayerContext(true, new SplittableRandom(42)));
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 4; j++) {
                double keep = r.nextDouble() >= 0.5 ? 2.0 : 0.0; // 1 / (1 - 0.5) = 2
                assertEquals(x.getDouble(i, j) * keep, out.getDouble(i, j), 1e-12);
            }
        }
    }

    @Test
    void sameSeedSameMaskOtherSeedOtherMask() {
        Dropout d = new Dropout(0.5);
        INDArray x = Nd4j.ones(DataType.FLOAT, 8, 16);
        INDArray a = d.forward(List.of(x), new LayerContext(true, new SplittableRandom(7)));
        INDArray b = d.forward(List.of(x), new LayerContext(true, new SplittableRandom(7)));
        INDArray c = d.forward(List.of(x), new LayerContext(true, new SplittableRandom(8)));
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(DataType.FLOAT, a.dataType());
    }

    @Test
    void theIntegerDrawKeepsExactlyWhatNextDoubleKeeps() {
        // the first draw of seed 11 as a rate: equal (kept) and one step above (dropped) test the boundary
        long first = new SplittableRandom(11).nextLong() >>> 11;
        double[] rates = {0.0, 0.1, 1.0 / 3, 0.5, 0.9, 1e-17, Math.nextDown(1.0), first * 0x1p-53, (first + 1) * 0x1p-53};
        for (double rate : rates) {
            float[] actual = new float[20_000];
            Dropout.draw(actual, rate, new SplittableRandom(11));
            SplittableRandom r = new SplittableRandom(11);
            float fs = (float) (1.0 / (1.0 - rate));
            for (int i = 0; i < actual.length; i++) {
                float expected = r.nextDouble() >= rate ? fs : 0f;
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual[i]), "rate " + rate + ", element " + i);
            }
        }
        float[] boundary = new float[1];
        Dropout.draw(boundary, first * 0x1p-53, new SplittableRandom(11));
        assertTrue(boundary[0] > 0, "a draw equal to the rate is kept, as nextDouble() >= rate");
        Dropout.draw(boundary, (first + 1) * 0x1p-53, new SplittableRandom(11));
        assertEquals(0f, boundary[0]);
    }

    @Test
    void inferenceIsTheIdentity() {
        Dropout d = new Dropout(0.9);
        INDArray x = LayerChecks.randomDouble(3, 4, 6);
        assertSame(x, d.forward(List.of(x), new LayerContext(false, new SplittableRandom(1))));
    }

    @Test
    void keepsTheExpectedValueAndDropsTheRateFraction() {
        Dropout d = new Dropout(0.4);
        INDArray out = d.forward(List.of(Nd4j.ones(DataType.DOUBLE, 100, 100)), new LayerContext(true, new SplittableRandom(3)));
        assertEquals(1.0, out.meanNumber().doubleValue(), 0.03);
        double dropped = out.eq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        assertEquals(0.4, dropped, 0.02);
        assertTrue(out.maxNumber().doubleValue() > 1.66 && out.maxNumber().doubleValue() < 1.67, "kept values are scaled by 1/(1-rate)");
    }

    @Test
    void rejectsBadRates() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
        assertEquals("Dropout: rate must be in [0, 1), received 1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN));
        var missing = assertThrows(IllegalArgumentException.class, () -> LayerRegistry.create("Dropout", Map.of()));
        assertEquals("Dropout: missing argument 'rate'", missing.getMessage());
    }
}
