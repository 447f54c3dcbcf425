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

class AddTest {
    @Test
    void contractWithTwoAndThreeInputs() {
        Add add = new Add().named("skip");
        List<INDArray> x = List.of(LayerChecks.randomDouble(1, 4, 3), LayerChecks.randomDouble(2, 4, 3));
        LayerChecks.buildDouble(add, x, 1);
        LayerChecks.assertOutputShape(add, x);
        LayerChecks.assertConfigRoundTrip(add);
        LayerChecks.assertGradients(add, x, new boolean[] {true, true}, true);

        Add add3 = new Add();
        List<INDArray> x3 = List.of(LayerChecks.randomDouble(1, 2, 3, 2), LayerChecks.randomDouble(2, 2, 3, 2),
                LayerChecks.randomDouble(3, 2, 3, 2));
        LayerChecks.buildDouble(add3, x3, 1);
        LayerChecks.assertOutputShape(add3, x3);
        LayerChecks.assertGradients(add3, x3, new boolean[] {true, true, true}, false);
    }

    @Test
    void oneStepLowersLossWithAResidualConnection() {
        LayerChecks.assertOneStepLowersLoss(t -> new Add().call(t, new Dense(5, "tanh").call(t)), DType.FLOAT32, 0, 5);
    }

    @Test
    void knownAnswer() {
        INDArray a = Nd4j.create(new double[][] {{1, 2}, {3, 4}});
        INDArray b = Nd4j.create(new double[][] {{10, 20}, {30, 40}});
        INDArray c = Nd4j.create(new double[][] {{0.5, 0.5}, {-1, -1}});
        INDArray out = new Add().forward(List.of(a, b, c), new LayerContext(false, new SplittableRandom(0)));
        assertEquals(Nd4j.create(new double[][] {{11.5, 22.5}, {32, 43}}), out);
        assertEquals(Nd4j.create(new double[][] {{1, 2}, {3, 4}}), a, "inputs are left intact");
    }

    @Test
    void unknownDimensionsTakeTheKnownOne() {
        assertEquals(Shape.of(-1, 7, 4), new Add().outputShape(List.of(Shape.batchOf(-1, 4), Shape.batchOf(7, 4))));
    }

    @Test
    void mismatchedShapesNameTheLayerAndAllShapes() {
        Tensor a = Input.of("a", 32);
        Tensor b = Input.of("b", 16);
        var e = assertThrows(IllegalArgumentException.class, () -> new Add().named("sum").call(a, b));
        assertEquals("Add 'sum' expects inputs of equal shapes, received (None, 32) and (None, 16)", e.getMessage());
        var r = assertThrows(IllegalArgumentException.class,
                () -> new Add().named("s2").outputShape(List.of(Shape.batchOf(4), Shape.batchOf(4), Shape.batchOf(2, 2))));
        assertEquals("Add 's2' expects inputs of equal shapes, received (None, 4), (None, 4) and (None, 2, 2)", r.getMessage());
        var one = assertThrows(IllegalArgumentException.class, () -> new Add().named("a1").call(a));
        assertEquals("Add 'a1' merges two or more inputs, received 1", one.getMessage());
    }
}
