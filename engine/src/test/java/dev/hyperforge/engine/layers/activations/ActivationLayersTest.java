package dev.hyperforge.engine.layers.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Flatten;

class ActivationLayersTest {
    private static void contract(Layer layer, INDArray x) {
        List<INDArray> in = List.of(x);
        LayerChecks.buildDouble(layer, in, 1);
        LayerChecks.assertOutputShape(layer, in);
        LayerChecks.assertConfigRoundTrip(layer);
        LayerChecks.assertGradients(layer, in, new boolean[] {true}, true);
    }

    @Test
    void activationLayerContractForEveryActivation() {
        for (Activation a : Activation.values()) {
            contract(new ActivationLayer(a).named("act_" + a.keras()), LayerChecks.randomDouble(3, 2, 3, 4).muli(3));
        }
    }

    @Test
    void leakyReluContractForSeveralSlopes() {
        for (double slope : new double[] {0.3, 0.0, 0.05, 1.5}) {
            contract(new LeakyReLU(slope), LayerChecks.randomDouble(4, 3, 5));
        }
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new ActivationLayer("gelu").call(new Dense(6).call(t)), DType.FLOAT32, 0, 5);
        LayerChecks.assertOneStepLowersLoss(t -> new Flatten().call(new LeakyReLU().call(new Dense(4).call(t))), DType.FLOAT32, 0, 3, 5);
    }

    @Test
    void leakyReluDefaultsToKeras3Slope() {
        INDArray x = Nd4j.create(new double[][] {{-2, 3}});
        INDArray out = new LeakyReLU().forward(List.of(x), new LayerContext(false, new SplittableRandom(0)));
        assertEquals(Nd4j.create(new double[][] {{-0.6, 3}}), out);
        assertEquals(0.3, ((LeakyReLU) LayerRegistry.create("LeakyReLU", Map.of())).negativeSlope());
        assertEquals(0.1, ((LeakyReLU) LayerRegistry.create("LeakyReLU", Map.of("alpha", 0.1))).negativeSlope(), "Keras 2's name");
        var e = assertThrows(IllegalArgumentException.class, () -> LayerRegistry.create("LeakyReLU", Map.of("negative_slope", -1)));
        assertEquals("LeakyReLU: negative_slope must be a finite number >= 0, received -1.0", e.getMessage());
    }

    @Test
    void activationLayerNeedsAKnownName() {
        var missing = assertThrows(IllegalArgumentException.class, () -> LayerRegistry.create("Activation", Map.of()));
        assertTrue(missing.getMessage().startsWith("Activation: missing argument 'activation'; expected one of linear, relu"), missing.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> LayerRegistry.create("Activation", Map.of("activation", "gelu2")));
        assertTrue(unknown.getMessage().startsWith("unknown activation 'gelu2'"), unknown.getMessage());
        assertEquals("silu", new ActivationLayer("swish").arguments().get("activation"));
    }

    @Test
    void inputIsLeftIntact() {
        INDArray x = LayerChecks.randomDouble(5, 2, 3);
        INDArray copy = x.dup();
        for (Activation a : Activation.values()) {
            new ActivationLayer(a).forward(List.of(x), new LayerContext(true, new SplittableRandom(0)));
            assertEquals(copy, x, a.keras());
        }
    }
}
