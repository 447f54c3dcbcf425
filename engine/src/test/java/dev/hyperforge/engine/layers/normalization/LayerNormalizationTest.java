package dev.hyperforge.engine.layers.normalization;

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
import dev.hyperforge.engine.layers.Fixtures;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;
import dev.hyperforge.engine.layers.core.Dense;

class LayerNormalizationTest {
    private static final Fixtures FIXTURES = Fixtures.load("/dev/hyperforge/engine/layers/attention-fixtures.json");

    private static void randomiseGammaBeta(LayerNormalization ln) {
        for (Param p : ln.params()) {
            p.value().assign(LayerChecks.randomDouble(p.name().hashCode(), p.value().shape()).addi(1.5));
        }
    }

    @Test
    void contractOnRank2AndRank3Inputs() {
        for (int rank = 2; rank <= 3; rank++) {
            LayerNormalization ln = new LayerNormalization().named("ln" + rank);
            List<INDArray> x = List.of(rank == 2 ? LayerChecks.randomDouble(1, 6, 3) : LayerChecks.randomDouble(2, 2, 3, 4));
            LayerChecks.buildDouble(ln, x, 1);
            randomiseGammaBeta(ln);
            LayerChecks.assertOutputShape(ln, x);
            LayerChecks.assertConfigRoundTrip(ln);
            LayerChecks.assertGradients(ln, x, new boolean[] {true}, true);
            LayerChecks.assertGradients(ln, x, new boolean[] {true}, false);
        }
    }

    @Test
    void withoutCenterAndScaleThereAreNoParameters() {
        LayerNormalization ln = new LayerNormalization(-1, 1e-6, false, false);
        List<INDArray> x = List.of(LayerChecks.randomDouble(3, 5, 2, 3));
        LayerChecks.buildDouble(ln, x, 1);
        assertTrue(ln.params().isEmpty());
        LayerChecks.assertConfigRoundTrip(ln);
        LayerChecks.assertGradients(ln, x, new boolean[] {true}, true);
        LayerNormalization onlyScale = new LayerNormalization(2, 1e-3, false, true);
        LayerChecks.buildDouble(onlyScale, x, 1);
        assertEquals(List.of("gamma"), onlyScale.params().stream().map(Param::name).toList());
        randomiseGammaBeta(onlyScale);
        LayerChecks.assertGradients(onlyScale, x, new boolean[] {true}, false);
    }

    @Test
    void paramsInKerasOrderAndInitialValues() {
        LayerNormalization ln = new LayerNormalization();
        ln.build(List.of(Shape.batchOf(7, 5)), new ParamInit(new SplittableRandom(0), DataType.DOUBLE));
        assertEquals(List.of("gamma", "beta"), ln.params().stream().map(Param::name).toList());
        assertEquals(Nd4j.ones(DataType.DOUBLE, 5), ln.params().get(0).value());
        assertEquals(Nd4j.zeros(DataType.DOUBLE, 5), ln.params().get(1).value());
        assertEquals(10, ln.paramCount());
        assertEquals(Shape.batchOf(7, 5), ln.outputShape(List.of(Shape.batchOf(7, 5))));
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new LayerNormalization().call(new Dense(8, "relu").call(t)), DType.FLOAT32, 0, 5);
    }

    @Test
    void knownAnswerAgainstTorch() {
        Fixtures.Case c = FIXTURES.get("layer_norm");
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = dt == DataType.DOUBLE ? 1e-10 : 2e-4;
            LayerNormalization ln = new LayerNormalization(((Number) c.value("epsilon")).doubleValue());
            ln.build(List.of(Shape.batchOf(3, 4)), new ParamInit(new SplittableRandom(0), dt));
            ln.params().get(0).value().assign(c.array("weights", "gamma"));
            ln.params().get(1).value().assign(c.array("weights", "beta"));
            LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
            INDArray out = ln.forward(List.of(c.array("inputs", "x").castTo(dt)), ctx);
            assertEquals(dt, out.dataType());
            Fixtures.assertClose("output", c.array("output"), out, tol);
            INDArray dx = ln.backward(c.array("r").castTo(dt), ctx).get(0);
            Fixtures.assertClose("dx", c.array("grads", "x"), dx, tol);
            Fixtures.assertClose("dgamma", c.array("grads", "gamma"), ln.params().get(0).grad(), tol);
            Fixtures.assertClose("dbeta", c.array("grads", "beta"), ln.params().get(1).grad(), tol);
        }
    }

    @Test
    void eachRowIsNormalisedOnItsOwn() {
        LayerNormalization ln = new LayerNormalization(-1, 1e-12, true, true);
        ln.build(List.of(Shape.batchOf(3)), new ParamInit(new SplittableRandom(0), DataType.DOUBLE));
        INDArray x = Nd4j.create(new double[][] {{1, 2, 3}, {10, 10, 40}});
        INDArray out = ln.forward(List.of(x), new LayerContext(false, new SplittableRandom(0)));
        // by hand: row 0 has mean 2 and variance 2/3, so (1 - 2) / sqrt(2/3) = -1.2247...
        assertEquals(-Math.sqrt(1.5), out.getDouble(0, 0), 1e-9);
        assertEquals(0, out.getDouble(0, 1), 1e-9);
        // row 1: mean 20, variance 200, so (40 - 20) / sqrt(200) = sqrt(2)
        assertEquals(Math.sqrt(2), out.getDouble(1, 2), 1e-9);
    }

    @Test
    void errorsNameTheLayer() {
        var r1 = assertThrows(IllegalArgumentException.class,
                () -> new LayerNormalization().named("ln").outputShape(List.of(Shape.of(Shape.UNKNOWN))));
        assertEquals("LayerNormalization 'ln' expects input of rank >= 2, received (None,)", r1.getMessage());
        var axis = assertThrows(IllegalArgumentException.class,
                () -> new LayerNormalization(1, 1e-3, true, true).named("ln").outputShape(List.of(Shape.batchOf(5, 4))));
        assertEquals("LayerNormalization 'ln' normalises the last axis only (axis -1), received axis 1 for input (None, 5, 4)", axis.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LayerNormalization(-1, 0, true, true));
        assertThrows(IllegalArgumentException.class, () -> new LayerNormalization(0, 1e-3, true, true));
        var two = assertThrows(IllegalArgumentException.class, () -> LayerNormalization.fromConfig(java.util.Map.of("axis", List.of(1, 2))));
        assertTrue(two.getMessage().contains("one axis"), two.getMessage());
    }
}
