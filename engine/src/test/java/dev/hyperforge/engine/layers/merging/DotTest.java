package dev.hyperforge.engine.layers.merging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Flatten;
import dev.hyperforge.engine.layers.reshaping.Reshape;

/** Dot (known answers with and without normalisation also in ShapeActivationFixturesTest). */
class DotTest {
    private static void contract(Dot dot, INDArray x, INDArray y) {
        List<INDArray> in = List.of(x, y);
        LayerChecks.buildDouble(dot, in, 1);
        LayerChecks.assertOutputShape(dot, in);
        LayerChecks.assertConfigRoundTrip(dot);
        LayerChecks.assertGradients(dot, in, new boolean[] {true, true}, true);
    }

    @Test
    void contractForSeveralAxes() {
        contract(new Dot(1), LayerChecks.randomDouble(1, 3, 5), LayerChecks.randomDouble(2, 3, 5));
        contract(new Dot(new int[] {1}, true), LayerChecks.randomDouble(1, 3, 5), LayerChecks.randomDouble(2, 3, 5));
        contract(new Dot(new int[] {2, 2}, false), LayerChecks.randomDouble(3, 2, 4, 3), LayerChecks.randomDouble(4, 2, 5, 3));
        contract(new Dot(new int[] {-1, -1}, true), LayerChecks.randomDouble(3, 2, 4, 3), LayerChecks.randomDouble(4, 2, 5, 3));
        contract(new Dot(new int[] {1, 1}, false), LayerChecks.randomDouble(5, 2, 4, 3), LayerChecks.randomDouble(6, 2, 4, 2));
        contract(new Dot(new int[] {2, 1}, true), LayerChecks.randomDouble(7, 2, 4, 3), LayerChecks.randomDouble(8, 2, 3));
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new Dot(new int[] {1}, true).call(new Dense(4, "tanh").call(t), new Dense(4).call(t)),
                DType.FLOAT32, 0, 5);
        LayerChecks.assertOneStepLowersLoss(t -> new Flatten().call(new Dot(new int[] {2, 2}, false)
                .call(new Reshape(2, 3).call(new Dense(6).call(t)), new Reshape(4, 3).call(new Dense(12).call(t)))), DType.FLOAT32, 0, 5);
    }

    @Test
    void knownAnswersByHand() {
        INDArray a = Nd4j.create(new double[][] {{1, 2, 3}, {0, 3, 4}});
        INDArray b = Nd4j.create(new double[][] {{4, 5, 6}, {0, 3, 4}});
        LayerContext ctx = new LayerContext(false, new SplittableRandom(0));
        assertEquals(Nd4j.create(new double[][] {{32}, {25}}), new Dot(1).forward(List.of(a, b), ctx));
        INDArray cos = new Dot(new int[] {1}, true).forward(List.of(a, b), ctx);
        assertEquals(32 / Math.sqrt(14 * 77), cos.getDouble(0, 0), 1e-12);
        assertEquals(1, cos.getDouble(1, 0), 1e-12);
    }

    @Test
    void aZeroVectorIsClampedAsKeras3Does() {
        // Keras 3's normalize divides by max(norm, 1e-7): a zero row stays zero, its gradient is g / 1e-7 projected
        INDArray a = Nd4j.create(new double[][] {{0, 0, 0}, {3e-8, 0, 0}});
        INDArray b = Nd4j.create(new double[][] {{1, 2, 2}, {2, 0, 0}});
        Dot dot = new Dot(new int[] {1}, true);
        LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
        INDArray out = dot.forward(List.of(a, b), ctx);
        assertEquals(0, out.getDouble(0, 0), 0);
        assertEquals(0.3, out.getDouble(1, 0), 1e-12, "3e-8 / 1e-7 times the unit vector (1, 0, 0)");
        List<INDArray> g = dot.backward(Nd4j.ones(2, 1).castTo(a.dataType()), ctx);
        assertEquals(1 / 3.0 * 1e7, g.get(0).getDouble(0, 0), 1e-3, "d/da of (a / 1e-7) . (1, 2, 2) / 3");
        assertEquals(1e7, g.get(0).getDouble(1, 0), 1e-3);
        assertEquals(0, g.get(1).getDouble(0, 0), 1e-12, "b's gradient is zero where a is zero");
    }

    @Test
    void shapesAndMistakes() {
        assertEquals(Shape.of(-1, 1), new Dot(-1).outputShape(List.of(Shape.batchOf(16), Shape.batchOf(16))));
        assertEquals(Shape.of(-1, 5, 7), new Dot(new int[] {2, 2}, false).outputShape(List.of(Shape.batchOf(5, 8), Shape.batchOf(7, 8))));
        var e = assertThrows(IllegalArgumentException.class, () -> new Dot(1).named("sim").call(Input.of("a", 16), Input.of("b", 8)));
        assertEquals("Dot 'sim' expects equal sizes on the contracted axes (1, 1), received (None, 16) and (None, 8) (16 vs 8)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dot(3).outputShape(List.of(Shape.batchOf(4), Shape.batchOf(4))));
        assertEquals("Dot: axis 0 is the batch axis; contract a feature axis such as 1 or -1",
                assertThrows(IllegalArgumentException.class, () -> LayerRegistry.create("Dot", Map.of("axes", 0))).getMessage());
        assertEquals(Map.of("axes", List.of(2, 1), "normalize", true), LayerRegistry.create("Dot", Map.of("axes", List.of(2, 1), "normalize", true)).arguments());
    }
}
