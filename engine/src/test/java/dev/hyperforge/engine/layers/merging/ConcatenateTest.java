package dev.hyperforge.engine.layers.merging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.core.Dense;

class ConcatenateTest {
    @Test
    void contractOnTheLastAxis() {
        Concatenate c = new Concatenate().named("merge");
        List<INDArray> x = List.of(LayerChecks.randomDouble(1, 4, 3), LayerChecks.randomDouble(2, 4, 2));
        LayerChecks.buildDouble(c, x, 1);
        LayerChecks.assertOutputShape(c, x);
        LayerChecks.assertConfigRoundTrip(c);
        LayerChecks.assertGradients(c, x, new boolean[] {true, true}, true);
    }

    @Test
    void threeRank3InputsOnAxis1() {
        Concatenate c = new Concatenate(1);
        List<INDArray> x = List.of(LayerChecks.randomDouble(1, 2, 3, 4), LayerChecks.randomDouble(2, 2, 1, 4),
                LayerChecks.randomDouble(3, 2, 2, 4));
        LayerChecks.buildDouble(c, x, 1);
        assertEquals(Shape.of(-1, 6, 4), c.outputShape(List.of(Shape.batchOf(3, 4), Shape.batchOf(1, 4), Shape.batchOf(2, 4))));
        LayerChecks.assertOutputShape(c, x);
        LayerChecks.assertConfigRoundTrip(c);
        LayerChecks.assertGradients(c, x, new boolean[] {true, true, true}, false);
    }

    @Test
    void unknownLengthsStayUnknown() {
        Shape out = new Concatenate(1).outputShape(List.of(Shape.batchOf(-1, 8), Shape.batchOf(5, 8)));
        assertEquals(Shape.of(-1, -1, 8), out);
        assertEquals(Shape.of(-1, 7, 24), new Concatenate().outputShape(List.of(Shape.batchOf(-1, 8), Shape.batchOf(7, 16))));
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new Concatenate().call(new Dense(4, "tanh").call(t), new Dense(3, "relu").call(t)),
                DType.FLOAT32, 0, 5);
    }

    @Test
    void knownAnswer() {
        INDArray a = Nd4j.create(new double[][] {{1, 2}, {4, 5}});
        INDArray b = Nd4j.create(new double[][] {{3}, {6}});
        INDArray out = new Concatenate().forward(List.of(a, b), new LayerContext(false, new SplittableRandom(0)));
        assertEquals(Nd4j.create(new double[][] {{1, 2, 3}, {4, 5, 6}}), out);
    }

    @Test
    void mismatchedShapesNameTheLayerAndAllShapes() {
        Tensor a = Input.of("a", 32);
        Tensor b = Input.of("b", 5, 16);
        var e = assertThrows(IllegalArgumentException.class, () -> new Concatenate().named("merge").call(a, b));
        assertEquals("Concatenate 'merge' expects inputs with matching shapes except on axis -1, received (None, 32) and (None, 5, 16)",
                e.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class,
                () -> new Concatenate().named("m").outputShape(List.of(Shape.batchOf(5, 8), Shape.batchOf(5, 8), Shape.batchOf(6, 8))));
        assertEquals("Concatenate 'm' expects inputs with matching shapes except on axis -1, received (None, 5, 8), (None, 5, 8) and (None, 6, 8)",
                e3.getMessage());
    }

    @Test
    void rejectsBadAxesAndSingleInputs() {
        assertThrows(IllegalArgumentException.class, () -> new Concatenate(0));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Concatenate(2).named("c").outputShape(List.of(Shape.batchOf(3), Shape.batchOf(3))));
        assertEquals("Concatenate 'c' cannot join on axis 2 of inputs of rank 2, received (None, 3) and (None, 3)", e.getMessage());
        var one = assertThrows(IllegalArgumentException.class, () -> new Concatenate().named("c1").call(Input.of("x", 3)));
        assertEquals("Concatenate 'c1' merges two or more inputs, received 1", one.getMessage());
    }
}
