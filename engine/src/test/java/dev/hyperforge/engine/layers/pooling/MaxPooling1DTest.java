package dev.hyperforge.engine.layers.pooling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.engine.layers.convolutional.Conv1D;
import dev.hyperforge.engine.layers.convolutional.Conv1DReference;

class MaxPooling1DTest {
    private static final LayerContext EVAL = new LayerContext(false, new SplittableRandom(0));

    private static List<MaxPooling1D> variants() {
        return List.of(new MaxPooling1D().named("p_default"), new MaxPooling1D(2, 1, "same").named("p2_s1_same"),
                new MaxPooling1D(3, 2, "same").named("p3_s2_same"), new MaxPooling1D(3, 2, "valid").named("p3_s2_valid"));
    }

    @Test
    void contractForPoolSizesStridesAndPaddings() {
        for (MaxPooling1D p : variants()) {
            List<INDArray> x = List.of(LayerChecks.randomDouble(1, 2, 7, 2));
            LayerChecks.buildDouble(p, x, 1);
            LayerChecks.assertOutputShape(p, x);
            LayerChecks.assertConfigRoundTrip(p);
            LayerChecks.assertGradients(p, x, new boolean[] {true}, true);
        }
    }

    @Test
    void matchesPlainReferenceForEveryVariant() {
        INDArray x = LayerChecks.randomDouble(4, 2, 9, 3);
        for (MaxPooling1D p : variants()) {
            Map<String, Object> cfg = p.arguments();
            int s = (Integer) ((List<?>) cfg.get("strides")).get(0);
            INDArray expected = Conv1DReference.maxPool(x, p.poolSize(), s, "same".equals(cfg.get("padding")));
            INDArray out = p.forward(List.of(x), EVAL);
            assertArrayEquals(expected.shape(), out.shape(), p.describe());
            assertTrue(expected.equalsWithEps(out, 1e-12), p.describe());
        }
    }

    @Test
    void knownAnswerByHandWithGradientToTheMaximum() {
        // steps 1, 3, 2, 5, 4 (one channel). pool 2 valid -> [max(1,3), max(2,5)] = [3, 5];
        // pool 2 same -> [3, 5, 4] (last window holds only the 4).
        INDArray x = Nd4j.create(new double[] {1, 3, 2, 5, 4}, new long[] {1, 5, 1}, DataType.DOUBLE);
        MaxPooling1D valid = new MaxPooling1D(2);
        assertArrayEquals(new double[] {3, 5}, valid.forward(List.of(x), EVAL).reshape(2).toDoubleVector(), 0);
        MaxPooling1D same = new MaxPooling1D(2, 2, "same");
        LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
        assertArrayEquals(new double[] {3, 5, 4}, same.forward(List.of(x), ctx).reshape(3).toDoubleVector(), 0);
        INDArray g = same.backward(Nd4j.create(new double[] {10, 20, 30}, new long[] {1, 3, 1}, DataType.DOUBLE), ctx).get(0);
        assertArrayEquals(new double[] {0, 10, 0, 20, 30}, g.reshape(5).toDoubleVector(), 0);
    }

    @Test
    void floatInputsStayFloat() {
        INDArray x = LayerChecks.randomDouble(3, 2, 6, 4);
        INDArray out = new MaxPooling1D(3).forward(List.of(x.castTo(DataType.FLOAT)), EVAL);
        assertEquals(DataType.FLOAT, out.dataType());
        assertTrue(Conv1DReference.maxPool(x, 3, 3, false).equalsWithEps(out.castTo(DataType.DOUBLE), 1e-6));
    }

    @Test
    void stridesDefaultToPoolSizeInConfig() {
        Map<String, Object> args = new HashMap<>();
        args.put("pool_size", List.of(5));
        args.put("strides", null);
        args.put("padding", "valid");
        Layer l = LayerRegistry.create("MaxPooling1D", args);
        assertEquals(List.of(5), l.arguments().get("strides"));
        assertEquals(Shape.of(-1, 19, 128), l.outputShape(List.of(Shape.batchOf(96, 128))));
    }

    @Test
    void unknownStepsGiveUnknownOutputSteps() {
        MaxPooling1D p = new MaxPooling1D(5);
        assertEquals(Shape.of(-1, -1, 8), p.outputShape(List.of(Shape.batchOf(Shape.UNKNOWN, 8))));
        assertEquals(4, p.forward(List.of(LayerChecks.randomDouble(1, 2, 23, 8)), EVAL).size(1));
        var e = assertThrows(IllegalArgumentException.class, () -> p.named("pool_9").forward(List.of(LayerChecks.randomDouble(1, 2, 3, 8)), EVAL));
        assertTrue(e.getMessage().startsWith("MaxPooling1D 'pool_9' received a sequence of 3 steps"), e.getMessage());
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(
                t -> new GlobalMaxPooling1D().call(new Conv1D(4, 2, "relu").call(new MaxPooling1D(2).call(new Conv1D(4, 3, "relu").call(t)))),
                DType.FLOAT32, 0, 10, 2);
    }

    /** The S2 seed's mistake: a pooling window longer than what is left of the sequence. */
    @Test
    void windowLongerThanInputFailsNamingLayerWindowAndShape() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new MaxPooling1D(5).named("pool_2").outputShape(List.of(Shape.batchOf(3, 256))));
        String m = e.getMessage();
        assertTrue(m.startsWith("MaxPooling1D 'pool_2' expects at least 5 steps for its window (pool_size 5, padding \"valid\")"), m);
        assertTrue(m.contains("received (None, 3, 256)"), m);
        assertTrue(m.contains("padding \"same\""), m);
        assertEquals(Shape.of(-1, 1, 256), new MaxPooling1D(5, 5, "same").outputShape(List.of(Shape.batchOf(3, 256))));
    }

    @Test
    void tooShortSequenceIsCaughtWhenTheModelIsWired() {
        Tensor x = Input.of("posts", 12, 8);
        Tensor h = new MaxPooling1D(5).named("pool_1").call(new Conv1D(4, 5, "relu").named("conv_1").call(x)); // (None, 1, 4)
        var e = assertThrows(IllegalArgumentException.class, () -> new MaxPooling1D(5).named("pool_2").call(h));
        assertTrue(e.getMessage().startsWith("MaxPooling1D 'pool_2' expects at least 5 steps"), e.getMessage());
        assertTrue(e.getMessage().contains("(None, 1, 4)"), e.getMessage());
    }

    @Test
    void rejectsWrongRankAndBadArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MaxPooling1D(2).named("p").outputShape(List.of(Shape.batchOf(10))));
        assertTrue(e.getMessage().startsWith("MaxPooling1D 'p' expects input of rank 3 (batch, steps, channels), received (None, 10)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MaxPooling1D(0));
        assertThrows(IllegalArgumentException.class, () -> new MaxPooling1D(2, 0, "valid"));
        assertThrows(IllegalArgumentException.class, () -> new MaxPooling1D(2, 2, "full"));
    }
}
