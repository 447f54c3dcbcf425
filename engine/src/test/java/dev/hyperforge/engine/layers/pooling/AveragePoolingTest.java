package dev.hyperforge.engine.layers.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.convolutional.Conv1D;
import dev.hyperforge.engine.layers.convolutional.Conv2D;
import dev.hyperforge.engine.layers.core.Flatten;

/** AveragePooling1D, AveragePooling2D and GlobalAveragePooling2D (known answers: ShapeActivationFixturesTest). */
class AveragePoolingTest {
    private static final LayerContext INFER = new LayerContext(false, new SplittableRandom(0));

    private static void contract(Layer layer, INDArray x) {
        List<INDArray> in = List.of(x);
        LayerChecks.buildDouble(layer, in, 1);
        LayerChecks.assertOutputShape(layer, in);
        LayerChecks.assertConfigRoundTrip(layer);
        LayerChecks.assertGradients(layer, in, new boolean[] {true}, true);
    }

    @Test
    void contractForSeveralConfigurations() {
        contract(new AveragePooling1D(2), LayerChecks.randomDouble(1, 2, 7, 3));
        contract(new AveragePooling1D(3, 2, "same"), LayerChecks.randomDouble(2, 2, 7, 3));
        contract(new AveragePooling1D(2, 1, "valid"), LayerChecks.randomDouble(3, 1, 4, 2));
        contract(new AveragePooling2D(2), LayerChecks.randomDouble(4, 1, 4, 5, 2));
        contract(new AveragePooling2D(new int[] {3, 3}, new int[] {2, 2}, "same"), LayerChecks.randomDouble(5, 2, 5, 5, 2));
        contract(new AveragePooling2D(new int[] {2, 3}, new int[] {1, 1}, "valid"), LayerChecks.randomDouble(6, 1, 4, 5, 2));
        contract(new GlobalAveragePooling2D(), LayerChecks.randomDouble(7, 2, 3, 4, 5));
        contract(new GlobalAveragePooling2D(true), LayerChecks.randomDouble(8, 2, 3, 4, 5));
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new Flatten().call(new AveragePooling1D(2).call(new Conv1D(3, 2, "relu").call(t))),
                DType.FLOAT32, 0, 7, 2);
        LayerChecks.assertOneStepLowersLoss(t -> new Flatten().call(new AveragePooling2D(new int[] {3, 3}, new int[] {2, 2}, "same")
                .call(new Conv2D(3, 3, "same", "relu").call(t))), DType.FLOAT32, 0, 5, 5, 2);
        LayerChecks.assertOneStepLowersLoss(t -> new GlobalAveragePooling2D().call(new Conv2D(3, 3, "same", "relu").call(t)),
                DType.FLOAT32, 0, 5, 5, 2);
    }

    @Test
    void samePaddingAveragesOnlyRealElements() {
        // all ones: a zero-padded average would give less than one on the border
        INDArray x = Nd4j.ones(DataType.FLOAT, 1, 5, 5, 2);
        INDArray out = new AveragePooling2D(new int[] {3, 3}, new int[] {2, 2}, "same").forward(List.of(x), INFER);
        assertEquals(Nd4j.ones(DataType.FLOAT, 1, 3, 3, 2), out);
        INDArray seq = Nd4j.create(new double[] {1, 2, 3, 4, 5}, new long[] {1, 5, 1});
        INDArray p = new AveragePooling1D(2, 2, "same").forward(List.of(seq), INFER);
        assertEquals(Nd4j.create(new double[] {1.5, 3.5, 5}, new long[] {1, 3, 1}), p, "the last window holds one real step");
    }

    @Test
    void shapesAndErrorsNameTheLayer() {
        assertEquals(Shape.of(-1, 4, 3), new AveragePooling1D(2).outputShape(List.of(Shape.batchOf(8, 3))));
        assertEquals(Shape.of(-1, -1, 3), new AveragePooling1D(2).outputShape(List.of(Shape.batchOf(-1, 3))), "unknown length");
        assertEquals(Shape.of(-1, 3, 3, 8), new AveragePooling2D(new int[] {2, 2}, null, "same").outputShape(List.of(Shape.batchOf(5, 5, 8))));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new AveragePooling2D(2).named("ap").outputShape(List.of(Shape.batchOf(10, 8))));
        assertEquals("AveragePooling2D 'ap' expects input of rank 4, received (None, 10, 8); use AveragePooling1D for sequences (batch, steps, channels)",
                e.getMessage());
        var g = assertThrows(IllegalArgumentException.class,
                () -> new GlobalAveragePooling2D().named("gap").outputShape(List.of(Shape.batchOf(10, 8))));
        assertEquals("GlobalAveragePooling2D 'gap' expects input of rank 4, received (None, 10, 8); for sequences (batch, steps, channels) use GlobalAveragePooling1D",
                g.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AveragePooling1D(4).outputShape(List.of(Shape.batchOf(3, 2))));
    }
}
