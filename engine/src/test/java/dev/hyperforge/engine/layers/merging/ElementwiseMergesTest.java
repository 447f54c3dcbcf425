package dev.hyperforge.engine.layers.merging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.core.Dense;

/** Multiply, Subtract, Average, Maximum and Minimum (known answers also in ShapeActivationFixturesTest). */
class ElementwiseMergesTest {
    private static final List<Supplier<Layer>> MERGES = List.of(Multiply::new, Average::new, Maximum::new, Minimum::new);

    private static List<INDArray> inputs(int n, long... shape) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> LayerChecks.randomDouble(10 + i, shape)).toList();
    }

    private static void contract(Layer layer, List<INDArray> x) {
        boolean[] all = new boolean[x.size()];
        java.util.Arrays.fill(all, true);
        LayerChecks.buildDouble(layer, x, 1);
        LayerChecks.assertOutputShape(layer, x);
        LayerChecks.assertConfigRoundTrip(layer);
        LayerChecks.assertGradients(layer, x, all, true);
    }

    @Test
    void contractWithTwoAndThreeInputs() {
        for (Supplier<Layer> m : MERGES) {
            contract(m.get(), inputs(2, 4, 3));
            contract(m.get(), inputs(3, 2, 3, 2));
        }
        contract(new Subtract(), inputs(2, 4, 3));
    }

    @Test
    void oneStepLowersLoss() {
        for (Supplier<Layer> m : MERGES) {
            LayerChecks.assertOneStepLowersLoss(t -> m.get().call(new Dense(4, "tanh").call(t), new Dense(4).call(t)), DType.FLOAT32, 0, 5);
        }
        LayerChecks.assertOneStepLowersLoss(t -> new Subtract().call(new Dense(4, "tanh").call(t), new Dense(4).call(t)), DType.FLOAT32, 0, 5);
    }

    @Test
    void knownAnswersByHand() {
        INDArray a = Nd4j.create(new double[][] {{1, -2}, {3, 4}});
        INDArray b = Nd4j.create(new double[][] {{2, 5}, {-1, 4}});
        LayerContext ctx = new LayerContext(false, new SplittableRandom(0));
        assertEquals(Nd4j.create(new double[][] {{2, -10}, {-3, 16}}), new Multiply().forward(List.of(a, b), ctx));
        assertEquals(Nd4j.create(new double[][] {{-1, -7}, {4, 0}}), new Subtract().forward(List.of(a, b), ctx));
        assertEquals(Nd4j.create(new double[][] {{1.5, 1.5}, {1, 4}}), new Average().forward(List.of(a, b), ctx));
        assertEquals(Nd4j.create(new double[][] {{2, 5}, {3, 4}}), new Maximum().forward(List.of(a, b), ctx));
        assertEquals(Nd4j.create(new double[][] {{1, -2}, {-1, 4}}), new Minimum().forward(List.of(a, b), ctx));
        assertEquals(Nd4j.create(new double[][] {{1, -2}, {3, 4}}), a, "inputs are left intact");
    }

    @Test
    void aTieSendsTheGradientToTheFirstInputOnly() {
        INDArray a = Nd4j.create(new double[][] {{1, 2}});
        INDArray b = Nd4j.create(new double[][] {{1, 3}});
        Maximum m = new Maximum();
        LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
        m.forward(List.of(a, b), ctx);
        List<INDArray> g = m.backward(Nd4j.create(new double[][] {{10, 20}}), ctx);
        assertEquals(Nd4j.create(new double[][] {{10, 0}}), g.get(0));
        assertEquals(Nd4j.create(new double[][] {{0, 20}}), g.get(1));
    }

    @Test
    void mistakesNameTheLayer() {
        Tensor a = Input.of("a", 8);
        Tensor b = Input.of("b", 4);
        var e = assertThrows(IllegalArgumentException.class, () -> new Multiply().named("gate").call(a, b));
        assertEquals("Multiply 'gate' expects inputs of equal shapes, received (None, 8) and (None, 4)", e.getMessage());
        var s = assertThrows(IllegalArgumentException.class, () -> new Subtract().named("diff").call(a, a, a));
        assertEquals("Subtract 'diff' takes 2 inputs, received 3", s.getMessage());
        var one = assertThrows(IllegalArgumentException.class, () -> new Average().named("avg").call(a));
        assertEquals("Average 'avg' merges two or more inputs, received 1", one.getMessage());
    }
}
