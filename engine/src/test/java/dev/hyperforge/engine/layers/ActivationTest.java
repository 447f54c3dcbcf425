package dev.hyperforge.engine.layers;

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
import dev.hyperforge.engine.layers.convolutional.Conv1D;
import dev.hyperforge.engine.layers.convolutional.Conv2D;
import dev.hyperforge.engine.layers.convolutional.SeparableConv1D;
import dev.hyperforge.engine.layers.convolutional.SeparableConv2D;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Flatten;
import dev.hyperforge.engine.layers.recurrent.LSTM;

/**
 * The activation functions under Keras 3's names and defaults, and their use in every activated layer
 * (the gradient check runs through the paths that keep the pre-activation for gelu and silu). The
 * values themselves are checked against independent fixtures in {@link ShapeActivationFixturesTest}.
 */
class ActivationTest {
    private static double at(Activation a, double x) {
        return a.apply(Nd4j.create(new double[] {x}, new long[] {1, 1}, DataType.DOUBLE)).getDouble(0);
    }

    @Test
    void parsesKerasNamesAndSwishAsSilu() {
        assertEquals(Activation.GELU, Activation.parse("gelu"));
        assertEquals(Activation.SILU, Activation.parse("swish"));
        assertEquals(Activation.SILU, Activation.parse(" SiLU "));
        assertEquals(Activation.HARD_SIGMOID, Activation.parse("hard_sigmoid"));
        assertEquals(Activation.LEAKY_RELU, Activation.parse("leaky_relu"));
        assertEquals(Activation.LINEAR, Activation.parse(null));
        for (Activation a : Activation.values()) {
            assertEquals(a, Activation.parse(a.keras()), "round trip of " + a);
        }
        assertEquals("silu", Activation.parse("swish").keras(), "saved under Keras 3's serialized name");
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Activation.parse("gelu_fast"));
        assertTrue(e.getMessage().startsWith("unknown activation 'gelu_fast'; expected one of linear, relu, sigmoid, tanh, softmax, gelu,"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("leaky_relu, swish"), e.getMessage());
        var d = assertThrows(IllegalArgumentException.class, () -> LayerRegistry.create("Dense", java.util.Map.of("units", 2, "activation", "swsh")));
        assertTrue(d.getMessage().startsWith("unknown activation 'swsh'; expected one of linear"), d.getMessage());
        assertTrue(d.getMessage().endsWith("leaky_relu, swish; did you mean 'swish'?"), d.getMessage());
    }

    @Test
    void kerasDefaultsAndConstants() {
        assertEquals(-0.2, at(Activation.LEAKY_RELU, -1), 1e-15, "leaky_relu's negative_slope is 0.2");
        assertEquals(0.5 + 1.0 / 6, at(Activation.HARD_SIGMOID, 1), 1e-15, "Keras 3 hard_sigmoid is relu6(x + 3) / 6");
        assertEquals(1, at(Activation.HARD_SIGMOID, 3.5), 0);
        assertEquals(0, at(Activation.HARD_SIGMOID, -3.5), 0);
        assertEquals(1.0507009873554805 * 1.6732632423543772 * Math.expm1(-2), at(Activation.SELU, -2), 1e-15);
        assertEquals(Math.expm1(-1), at(Activation.ELU, -1), 1e-15, "elu's alpha is 1");
        assertEquals(0.8413447460685429, at(Activation.GELU, 1), 1e-14, "exact gelu: x * Phi(x)");
        assertEquals(0.8411919906082768, at(Activation.GELU_APPROXIMATE, 1), 1e-14, "tanh approximation");
        assertEquals(Math.log1p(Math.exp(-30)) + 30, at(Activation.SOFTPLUS, 30), 1e-12, "no overflow for large inputs");
        assertEquals(-0.75, at(Activation.SOFTSIGN, -3), 1e-15);
    }

    @Test
    void gradientFromTheOutputAloneIsRefusedWhereTheInputIsNeeded() {
        INDArray z = LayerChecks.randomDouble(1, 2, 3);
        for (Activation a : List.of(Activation.GELU, Activation.GELU_APPROXIMATE, Activation.SILU)) {
            assertTrue(a.needsInput());
            assertThrows(IllegalStateException.class, () -> a.backward(a.apply(z), z));
        }
        assertTrue(!Activation.ELU.needsInput() && !Activation.SOFTPLUS.needsInput());
    }

    @Test
    void everyActivatedLayerDifferentiatesEveryActivation() {
        for (Activation a : Activation.values()) {
            if (a == Activation.SOFTMAX) {
                continue;
            }
            check(new Conv1D(2, 2, 1, "same", 1, a, true), LayerChecks.randomDouble(2, 2, 5, 3));
            check(new Conv2D(2, new int[] {2, 2}, new int[] {1, 1}, "valid", a, true), LayerChecks.randomDouble(3, 1, 3, 4, 2));
            check(new SeparableConv1D(2, 2, 1, "valid", 1, 1, a, true), LayerChecks.randomDouble(4, 2, 5, 3));
            check(new SeparableConv2D(2, new int[] {2, 2}, new int[] {1, 1}, "same", 1, a, true), LayerChecks.randomDouble(5, 1, 3, 3, 2));
        }
    }

    private static void check(Layer layer, INDArray x) {
        List<INDArray> in = List.of(x);
        LayerChecks.buildDouble(layer, in, 11);
        if (layer.params().size() > 1) {
            INDArray bias = layer.params().get(layer.params().size() - 1).value();
            bias.assign(LayerChecks.randomDouble(8, bias.shape()));
        }
        LayerChecks.assertOutputShape(layer, in);
        LayerChecks.assertConfigRoundTrip(layer);
        LayerChecks.assertGradients(layer, in, new boolean[] {true}, true);
    }

    @Test
    void recurrentKernelsTakeEveryActivationDifferentiableFromItsOutput() {
        for (Activation a : List.of(Activation.ELU, Activation.SELU, Activation.SOFTPLUS, Activation.SOFTSIGN,
                Activation.HARD_SIGMOID, Activation.EXPONENTIAL, Activation.LEAKY_RELU)) {
            check(new LSTM(2, true, a, Activation.HARD_SIGMOID, true, true), LayerChecks.randomDouble(6, 2, 3, 2));
            INDArray z = LayerChecks.randomDouble(7, 1, 9).muli(4);
            INDArray y = a.apply(z);
            for (int i = 0; i < 9; i++) {
                assertEquals(y.getDouble(i), dev.hyperforge.engine.kernels.ActivationMath.apply(a, z.getDouble(i)), 1e-14, a + " scalar form");
            }
        }
        // gelu is refused when the layer is made, not at its first forward pass (RecurrentActivationRefusalTest)
        var e = assertThrows(IllegalArgumentException.class, () -> new LSTM(2, true, Activation.GELU, Activation.SIGMOID, true, true));
        assertTrue(e.getMessage().startsWith("LSTM: argument 'activation' is gelu, which a recurrent layer does not support"), e.getMessage());
    }

    @Test
    void floatForwardAgreesWithDouble() {
        INDArray z = LayerChecks.randomDouble(9, 4, 6).muli(4);
        for (Activation a : Activation.values()) {
            INDArray d = a.apply(z);
            INDArray f = a.apply(z.castTo(DataType.FLOAT));
            assertEquals(DataType.FLOAT, f.dataType(), a + " keeps the dtype");
            assertTrue(d.castTo(DataType.FLOAT).equalsWithEps(f, 1e-5), a + " float vs double");
        }
    }

    @Test
    void oneStepLowersLossWithTheNewActivations() {
        for (String a : List.of("gelu", "swish", "selu", "softplus", "hard_sigmoid")) {
            LayerChecks.assertOneStepLowersLoss(t -> new Dense(6, a).call(t), DType.FLOAT32, 0, 5);
        }
        LayerChecks.assertOneStepLowersLoss(t -> new Flatten().call(new Conv2D(3, 3, "same", "gelu").call(t)), DType.FLOAT32, 0, 5, 5, 2);
    }

    @Test
    void denseKeepsItsPreActivationForGeluOnly() {
        Dense d = new Dense(3, "gelu");
        List<INDArray> x = List.of(LayerChecks.randomDouble(1, 2, 4));
        LayerChecks.buildDouble(d, x, 1);
        LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
        INDArray out = d.forward(x, ctx);
        INDArray z = ctx.get("z");
        assertTrue(Activation.GELU.apply(z).equalsWithEps(out, 1e-15), "the saved values are the pre-activation");
    }
}
