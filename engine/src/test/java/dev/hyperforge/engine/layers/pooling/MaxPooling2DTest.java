package dev.hyperforge.engine.layers.pooling;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.engine.layers.convolutional.Conv2D;
import dev.hyperforge.engine.layers.convolutional.ConvReference;
import dev.hyperforge.engine.layers.core.Flatten;

class MaxPooling2DTest {
    private static final LayerContext INFER = new LayerContext(false, new SplittableRandom(0));

    @Test
    void contractForSeveralConfigurations() {
        List<MaxPooling2D> layers = List.of(
                new MaxPooling2D().named("p_default"),
                new MaxPooling2D(new int[] {3, 3}, new int[] {2, 2}, "same").named("p_same_overlap"),
                new MaxPooling2D(new int[] {2, 3}, new int[] {1, 1}, "valid").named("p_rect_s1"));
        for (MaxPooling2D p : layers) {
            List<INDArray> x = List.of(LayerChecks.randomDouble(3, 1, 4, 5, 2));
            LayerChecks.buildDouble(p, x, 1);
            LayerChecks.assertOutputShape(p, x);
            LayerChecks.assertConfigRoundTrip(p);
            LayerChecks.assertGradients(p, x, new boolean[] {true}, true);
        }
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new Flatten().call(new MaxPooling2D(2).call(new Conv2D(3, 3, "same", "relu").call(t))),
                DType.FLOAT32, 0, 6, 6, 2);
    }

    @Test
    void knownAnswerByHand() {
        // 4x4 single channel, 2x2 windows, stride 2: the maximum of each quadrant
        INDArray x = Nd4j.create(new double[] {
            1, 5, 2, 0,
            3, -1, 7, 4,
            -2, -3, 0, 0,
            -4, -9, 8, 1}, new long[] {1, 4, 4, 1});
        INDArray out = new MaxPooling2D(2).forward(List.of(x), INFER);
        assertEquals(5, out.getDouble(0, 0, 0, 0), 1e-12);
        assertEquals(7, out.getDouble(0, 0, 1, 0), 1e-12);
        assertEquals(-2, out.getDouble(0, 1, 0, 0), 1e-12);
        assertEquals(8, out.getDouble(0, 1, 1, 0), 1e-12);
        // the gradient goes to the arg-max of each window only
        MaxPooling2D p = new MaxPooling2D(2);
        LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
        p.forward(List.of(x), ctx);
        INDArray gx = p.backward(Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {1, 2, 2, 1}), ctx).get(0);
        assertEquals(1, gx.getDouble(0, 0, 1, 0), 1e-12);
        assertEquals(2, gx.getDouble(0, 1, 2, 0), 1e-12);
        assertEquals(3, gx.getDouble(0, 2, 0, 0), 1e-12);
        assertEquals(4, gx.getDouble(0, 3, 2, 0), 1e-12);
        assertEquals(10, gx.sumNumber().doubleValue(), 1e-12);
    }

    @Test
    void samePaddingNeverLetsPaddedPixelsWin() {
        // all values negative: a zero-padded implementation would return 0 at the border
        INDArray x = LayerChecks.randomDouble(4, 2, 5, 5, 2).subi(2);
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray out = new MaxPooling2D(new int[] {2, 2}, new int[] {2, 2}, "same").forward(List.of(x.castTo(dt)), INFER);
            assertEquals(Shape.of(2, 3, 3, 2), Shape.ofArray(out.shape()));
            ConvReference.assertClose(ConvReference.maxPool(x, 2, 2, 2, 2, true), out, 1e-6);
            INDArray out3 = new MaxPooling2D(new int[] {3, 2}, new int[] {2, 1}, "same").forward(List.of(x.castTo(dt)), INFER);
            ConvReference.assertClose(ConvReference.maxPool(x, 3, 2, 2, 1, true), out3, 1e-6);
        }
    }

    @Test
    void floatPathMatchesDoublePathForwardAndBackward() {
        ConvReference.assertFloatMatchesDouble(() -> new MaxPooling2D(2), 2, 6, 5, 3);
        ConvReference.assertFloatMatchesDouble(() -> new MaxPooling2D(new int[] {3, 3}, new int[] {2, 2}, "same"), 2, 5, 6, 2);
    }

    @Test
    void stridesDefaultToPoolSizeAsInKeras() {
        Layer l = LayerRegistry.fromConfig(Map.of("class_name", "MaxPooling2D", "config", Map.of("pool_size", 3)));
        assertEquals(List.of(3, 3), l.arguments().get("strides"));
        assertEquals(Shape.of(Shape.UNKNOWN, 3, 2, 8), l.outputShape(List.of(Shape.batchOf(10, 8, 8))));
        assertEquals(Shape.of(Shape.UNKNOWN, 14, 14, 32), new MaxPooling2D(2).outputShape(List.of(Shape.batchOf(28, 28, 32))));
        assertEquals(Shape.of(Shape.UNKNOWN, 3, 3, 64), new MaxPooling2D(2).outputShape(List.of(Shape.batchOf(7, 7, 64))));
    }

    @Test
    void windowLargerThanInputFailsNamingLayerWindowAndShape() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new MaxPooling2D(3).named("pool_3").outputShape(List.of(Shape.batchOf(2, 2, 8))));
        assertTrue(e.getMessage().startsWith("MaxPooling2D 'pool_3' expects input at least as large as its pool window (3, 3), received (None, 2, 2, 8)"),
                e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> new MaxPooling2D(new int[] {1, 4}, null, "valid").named("p").outputShape(List.of(Shape.batchOf(5, 3, 1))));
        assertTrue(e2.getMessage().contains("(1, 4)") && e2.getMessage().contains("(None, 5, 3, 1)"), e2.getMessage());
    }

    @Test
    void rejectsSequenceInputWithAHint() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D().named("p").outputShape(List.of(Shape.batchOf(96, 256))));
        assertTrue(e.getMessage().startsWith("MaxPooling2D 'p' expects input of rank 4, received (None, 96, 256); use MaxPooling1D"), e.getMessage());
    }
}
