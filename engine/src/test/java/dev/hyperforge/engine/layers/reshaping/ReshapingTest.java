package dev.hyperforge.engine.layers.reshaping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Flatten;
import dev.hyperforge.engine.layers.pooling.GlobalAveragePooling1D;

/** Reshape, Permute and RepeatVector (known answers also in ShapeActivationFixturesTest). */
class ReshapingTest {
    private static final LayerContext INFER = new LayerContext(false, new SplittableRandom(0));

    private static void contract(Layer layer, INDArray x) {
        List<INDArray> in = List.of(x);
        LayerChecks.buildDouble(layer, in, 1);
        LayerChecks.assertOutputShape(layer, in);
        LayerChecks.assertConfigRoundTrip(layer);
        LayerChecks.assertGradients(layer, in, new boolean[] {true}, true);
    }

    @Test
    void contractForEachLayer() {
        contract(new Reshape(3, -1), LayerChecks.randomDouble(1, 2, 4, 6));
        contract(new Reshape(2, 2, 6), LayerChecks.randomDouble(2, 2, 4, 6));
        contract(new Permute(2, 1), LayerChecks.randomDouble(3, 2, 4, 6));
        contract(new Permute(3, 1, 2), LayerChecks.randomDouble(4, 2, 2, 3, 4));
        contract(new RepeatVector(3), LayerChecks.randomDouble(5, 2, 4));
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new Flatten().call(new Dense(3, "tanh").call(new Reshape(4, -1).call(t))), DType.FLOAT32, 0, 12);
        LayerChecks.assertOneStepLowersLoss(t -> new Flatten().call(new Dense(2, "tanh").call(new Permute(2, 1).call(t))), DType.FLOAT32, 0, 3, 4);
        LayerChecks.assertOneStepLowersLoss(t -> new GlobalAveragePooling1D().call(new Dense(3, "tanh").call(new RepeatVector(4).call(t))),
                DType.FLOAT32, 0, 5);
    }

    @Test
    void knownAnswersByHand() {
        INDArray x = Nd4j.create(new double[] {1, 2, 3, 4, 5, 6}, new long[] {1, 2, 3});
        assertEquals(Nd4j.create(new double[] {1, 2, 3, 4, 5, 6}, new long[] {1, 3, 2}), new Reshape(-1, 2).forward(List.of(x), INFER));
        assertEquals(Nd4j.create(new double[] {1, 4, 2, 5, 3, 6}, new long[] {1, 3, 2}), new Permute(2, 1).forward(List.of(x), INFER));
        INDArray v = Nd4j.create(new double[][] {{1, 2}});
        assertEquals(Nd4j.create(new double[] {1, 2, 1, 2, 1, 2}, new long[] {1, 3, 2}), new RepeatVector(3).forward(List.of(v), INFER));
    }

    @Test
    void shapesInferTheFreeDimension() {
        assertEquals(Shape.of(-1, 49, 64), new Reshape(49, -1).outputShape(List.of(Shape.batchOf(7, 7, 64))));
        assertEquals(Shape.of(-1, 5, -1), new Reshape(5, -1).outputShape(List.of(Shape.batchOf(-1, 10))), "unknown input size");
        assertEquals(Shape.of(-1, 64, 10), new Permute(2, 1).outputShape(List.of(Shape.batchOf(10, 64))));
        assertEquals(Shape.of(-1, 4, 16), new RepeatVector(4).outputShape(List.of(Shape.batchOf(16))));
    }

    @Test
    void mistakesAreNamed() {
        var r = assertThrows(IllegalArgumentException.class, () -> new Reshape(5, 5).named("r").outputShape(List.of(Shape.batchOf(4, 6))));
        assertEquals("Reshape 'r' expects an input whose 24 values per example fit target_shape (5, 5), received (None, 4, 6); "
                + "the product of target_shape must equal the input's size per example", r.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Reshape(5, -1).outputShape(List.of(Shape.batchOf(4, 6))));
        assertEquals("Reshape: at most one -1 in target_shape, received (-1, -1)",
                assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, -1)).getMessage());
        assertEquals("Permute: dims must be a permutation of 1..2 (the batch axis is not counted), received (0, 1)",
                assertThrows(IllegalArgumentException.class, () -> new Permute(0, 1)).getMessage());
        var p = assertThrows(IllegalArgumentException.class, () -> new Permute(2, 1).named("p").outputShape(List.of(Shape.batchOf(4))));
        assertEquals("Permute 'p' expects input of rank 3 for dims (2, 1), received (None, 4)", p.getMessage());
        var v = assertThrows(IllegalArgumentException.class, () -> new RepeatVector(2).named("rv").outputShape(List.of(Shape.batchOf(3, 4))));
        assertEquals("RepeatVector 'rv' expects input of rank 2, received (None, 3, 4); flatten or pool the input to (batch, features) first",
                v.getMessage());
        var cfg = assertThrows(IllegalArgumentException.class, () -> LayerRegistry.create("Reshape", Map.of("target_shape", 7)));
        assertEquals("Reshape: argument 'target_shape' must be a list of ints such as [49, -1], received '7'", cfg.getMessage());
    }
}
