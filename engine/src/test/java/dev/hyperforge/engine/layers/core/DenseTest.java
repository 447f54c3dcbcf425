package dev.hyperforge.engine.layers.core;

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
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.ParamInit;

class DenseTest {
    @Test
    void contractForEveryActivation() {
        for (Activation a : Activation.values()) {
            Dense d = new Dense(4, a, true).named("d_" + a.keras());
            List<INDArray> x = List.of(LayerChecks.randomDouble(1, 5, 3));
            LayerChecks.buildDouble(d, x, 11);
            LayerChecks.assertOutputShape(d, x);
            LayerChecks.assertConfigRoundTrip(d);
            LayerChecks.assertGradients(d, x, new boolean[] {true}, true);
        }
    }

    @Test
    void appliesToLastAxisOfRank3Input() {
        Dense d = new Dense(2, "tanh");
        List<INDArray> x = List.of(LayerChecks.randomDouble(2, 3, 4, 5));
        LayerChecks.buildDouble(d, x, 1);
        LayerChecks.assertOutputShape(d, x);
        LayerChecks.assertGradients(d, x, new boolean[] {true}, false);
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new Dense(8, "relu").call(t), DType.FLOAT32, 0, 5);
    }

    @Test
    void knownAnswerWithFixedWeights() {
        Dense d = new Dense(2, "softmax");
        d.build(List.of(Shape.batchOf(3)), new ParamInit(new SplittableRandom(0), DataType.DOUBLE));
        d.params().get(0).value().assign(Nd4j.create(new double[][] {{1, -1}, {0.5, 2}, {0, 1}}));
        d.params().get(1).value().assign(Nd4j.create(new double[] {0.1, -0.2}));
        INDArray x = Nd4j.create(new double[][] {{1, 2, 3}});
        INDArray out = d.forward(List.of(x), new LayerContext(false, new SplittableRandom(0)));
        // z = [1 + 1 + 0 + 0.1, -1 + 4 + 3 - 0.2] = [2.1, 5.8]
        double e0 = Math.exp(2.1);
        double e1 = Math.exp(5.8);
        assertEquals(e0 / (e0 + e1), out.getDouble(0, 0), 1e-9);
        assertEquals(e1 / (e0 + e1), out.getDouble(0, 1), 1e-9);
    }

    @Test
    void rejectsRank1InputNamingTheLayer() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Dense(3).named("income").outputShape(List.of(Shape.of(Shape.UNKNOWN))));
        assertTrue(e.getMessage().startsWith("Dense 'income' expects input of rank >= 2, received (None,)"), e.getMessage());
    }

    @Test
    void rejectsNonPositiveUnits() {
        assertThrows(IllegalArgumentException.class, () -> new Dense(0));
        assertThrows(IllegalArgumentException.class, () -> Input.of("x"));
    }
}
