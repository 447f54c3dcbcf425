package dev.hyperforge.engine.layers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;

class FlattenTest {
    @Test
    void contractForRanks3To5() {
        for (long[] shape : new long[][] {{2, 3, 4}, {2, 3, 2, 4}, {3, 2, 2, 1, 3}}) {
            Flatten f = new Flatten().named("flat");
            List<INDArray> x = List.of(LayerChecks.randomDouble(2, shape));
            LayerChecks.buildDouble(f, x, 1);
            LayerChecks.assertOutputShape(f, x);
            LayerChecks.assertConfigRoundTrip(f);
            LayerChecks.assertGradients(f, x, new boolean[] {true}, true);
        }
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new Flatten().call(t), DType.FLOAT32, 0, 3, 3, 2);
    }

    @Test
    void knownAnswerIsRowMajorChannelsLast() {
        // x[0, h, w, c] = 4h + 2w + c: flattening (h, w, c) row-major gives 0..7 in order, as Keras does
        INDArray x = Nd4j.arange(8).reshape(1, 2, 2, 2).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        INDArray out = new Flatten().forward(List.of(x), new LayerContext(false, new SplittableRandom(0)));
        assertEquals(Shape.of(1, 8), Shape.ofArray(out.shape()));
        for (int i = 0; i < 8; i++) {
            assertEquals(i, out.getDouble(0, i), 1e-12);
        }
        // a non-contiguous (permuted) input flattens by its logical order too
        INDArray p = Nd4j.arange(8).reshape(1, 2, 2, 2).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).permute(0, 2, 1, 3);
        INDArray outP = new Flatten().forward(List.of(p), new LayerContext(false, new SplittableRandom(0)));
        assertEquals(4.0, outP.getDouble(0, 2), 1e-12); // p[0, 0, 1, 0] = x[0, 1, 0, 0] = 4
        assertEquals(Shape.of(Shape.UNKNOWN, 3136), new Flatten().outputShape(List.of(Shape.batchOf(7, 7, 64))));
    }

    @Test
    void rank2PassesThroughAsInKeras() {
        INDArray x = LayerChecks.randomDouble(1, 3, 5);
        assertEquals(Shape.batchOf(5), new Flatten().outputShape(List.of(Shape.batchOf(5))));
        assertEquals(x, new Flatten().forward(List.of(x), new LayerContext(false, new SplittableRandom(0))));
    }

    @Test
    void unknownFeatureDimensionSuggestsGlobalPooling() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Flatten().named("flat").outputShape(List.of(Shape.batchOf(Shape.UNKNOWN, 256))));
        assertTrue(e.getMessage().startsWith("Flatten 'flat' expects every dimension after the batch to be known, received (None, None, 256); use GlobalMaxPooling1D"),
                e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> new Flatten().named("f2").outputShape(List.of(Shape.batchOf(Shape.UNKNOWN, Shape.UNKNOWN, 3))));
        assertTrue(e2.getMessage().contains("GlobalMaxPooling2D"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Flatten().outputShape(List.of(Shape.of(Shape.UNKNOWN))));
    }
}
