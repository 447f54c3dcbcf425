package dev.hyperforge.engine.layers.pooling;

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
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.convolutional.Conv1D;

class GlobalAveragePooling1DTest {
    @Test
    void contract() {
        for (GlobalAveragePooling1D g : List.<GlobalAveragePooling1D>of(new GlobalAveragePooling1D().named("g"), new GlobalAveragePooling1D(true).named("g_keep"))) {
            List<INDArray> x = List.of(LayerChecks.randomDouble(1, 3, 5, 4));
            LayerChecks.buildDouble(g, x, 1);
            LayerChecks.assertOutputShape(g, x);
            LayerChecks.assertConfigRoundTrip(g);
            LayerChecks.assertGradients(g, x, new boolean[] {true}, true);
        }
    }

    @Test
    void knownAnswerByHand() {
        // channel 0 = 1, 2, 6 -> mean 3; channel 1 = -3, 0, 0 -> mean -1; gradient spreads g / 3 over the steps
        INDArray x = Nd4j.create(new double[] {1, -3, 2, 0, 6, 0}, new long[] {1, 3, 2}, DataType.DOUBLE);
        GlobalAveragePooling1D g = new GlobalAveragePooling1D();
        LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
        assertArrayEquals(new double[] {3, -1}, g.forward(List.of(x), ctx).reshape(2).toDoubleVector(), 1e-12);
        INDArray gx = g.backward(Nd4j.create(new double[][] {{3, 6}}), ctx).get(0);
        assertArrayEquals(new long[] {1, 3, 2}, gx.shape());
        assertArrayEquals(new double[] {1, 2, 1, 2, 1, 2}, gx.reshape(6).toDoubleVector(), 1e-12);
    }

    @Test
    void unknownStepsAndFloat() {
        GlobalAveragePooling1D g = new GlobalAveragePooling1D();
        assertEquals(Shape.of(-1, 8), g.outputShape(List.of(Shape.batchOf(Shape.UNKNOWN, 8))));
        INDArray out = g.forward(List.of(LayerChecks.randomDouble(1, 2, 9, 8).castTo(DataType.FLOAT)), new LayerContext(false, new SplittableRandom(0)));
        assertEquals(DataType.FLOAT, out.dataType());
        assertArrayEquals(new long[] {2, 8}, out.shape());
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new GlobalAveragePooling1D().call(new Conv1D(4, 2, "tanh").call(t)), DType.FLOAT32, 0, 6, 3);
    }

    @Test
    void rejectsRank2Input() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new GlobalAveragePooling1D().named("gap").outputShape(List.of(Shape.batchOf(16))));
        assertTrue(e.getMessage().startsWith("GlobalAveragePooling1D 'gap' expects input of rank 3 (batch, steps, channels), received (None, 16)"),
                e.getMessage());
    }
}
