package dev.hyperforge.engine.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Flatten;

/** The layer contract for GRU, SimpleRNN, Bidirectional and TimeDistributed, and their Keras weight shapes. */
class RecurrentContractTest {
    private static void contract(Layer l, long seed, long... shape) {
        List<INDArray> x = List.of(LayerChecks.randomDouble(seed, shape));
        LayerChecks.buildDouble(l, x, seed + 10);
        for (Param p : l.params()) {   // non-zero biases so every gate is exercised
            if (p.name().endsWith("bias")) {
                p.value().assign(LayerChecks.randomDouble(seed + 20, p.value().shape()).mul(0.5));
            }
        }
        LayerChecks.assertOutputShape(l, x);
        LayerChecks.assertConfigRoundTrip(l);
        LayerChecks.assertGradients(l, x, new boolean[] {true}, true);
    }

    @Test
    void gru() {
        contract(new GRU(3).named("g"), 1, 2, 4, 3);
        contract(new GRU(3, true, false, true).named("g"), 2, 2, 5, 2);
        contract(new GRU(2, true, false, false, Activation.RELU, Activation.SIGMOID, false), 3, 3, 3, 2);
    }

    @Test
    void simpleRnn() {
        contract(new SimpleRNN(3).named("s"), 4, 2, 4, 3);
        contract(new SimpleRNN(3, true, false, true), 5, 2, 5, 2);
        contract(new SimpleRNN(2, true, false, false, Activation.LINEAR, false), 6, 3, 3, 2);
    }

    @Test
    void lstmGoingBackwards() {
        contract(new LSTM(3, true, false, true), 7, 2, 4, 3);
        contract(new LSTM(3, false, false, true), 8, 2, 4, 3);
    }

    @Test
    void bidirectionalEveryMergeMode() {
        contract(new Bidirectional(new LSTM(2, true)).named("bi"), 9, 2, 4, 3);
        contract(new Bidirectional(new GRU(2), "sum"), 10, 2, 4, 3);
        contract(new Bidirectional(new SimpleRNN(2, true, false, false), "ave"), 11, 2, 4, 3);
        contract(new Bidirectional(new GRU(2, true, false, false), "mul"), 12, 2, 4, 3);
    }

    @Test
    void timeDistributed() {
        contract(new TimeDistributed(new Dense(3, "tanh")).named("td"), 13, 2, 4, 3);
        contract(new TimeDistributed(new Flatten()), 14, 2, 3, 2, 2);
        TimeDistributed td = new TimeDistributed(new Dense(5));
        assertEquals("(None, 7, 5)", td.outputShape(List.of(Shape.of(Shape.UNKNOWN, 7, 3))).toString());
        assertThrows(IllegalArgumentException.class, () -> td.outputShape(List.of(Shape.batchOf(3))));
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new GRU(4).call(t), DType.FLOAT32, 0, 5, 3);
        LayerChecks.assertOneStepLowersLoss(t -> new SimpleRNN(4).call(t), DType.FLOAT32, 0, 5, 3);
        LayerChecks.assertOneStepLowersLoss(t -> new Bidirectional(new LSTM(3)).call(t), DType.FLOAT32, 0, 5, 3);
        LayerChecks.assertOneStepLowersLoss(t -> new Flatten().call(new TimeDistributed(new Dense(2, "relu")).call(t)), DType.FLOAT32, 0, 5, 3);
    }

    @Test
    void kerasWeightShapesAndCounts() {
        GRU g = new GRU(64);
        g.build(List.of(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, 128)), new ParamInit(new SplittableRandom(1), DataType.FLOAT));
        assertEquals(List.of("kernel", "recurrent_kernel", "bias"), g.params().stream().map(Param::name).toList());
        assertArrayEquals(new long[] {128, 192}, g.params().get(0).value().shape());
        assertArrayEquals(new long[] {64, 192}, g.params().get(1).value().shape());
        assertArrayEquals(new long[] {2, 192}, g.params().get(2).value().shape());
        assertEquals(3L * 64 * (128 + 64 + 2), g.paramCount());   // Keras: 37 248
        SimpleRNN s = new SimpleRNN(8);
        s.build(List.of(Shape.of(Shape.UNKNOWN, 5, 3)), new ParamInit(new SplittableRandom(1), DataType.FLOAT));
        assertEquals(3 * 8 + 8 * 8 + 8, s.paramCount());
        Bidirectional b = new Bidirectional(new LSTM(64, true));
        b.build(List.of(Shape.of(Shape.UNKNOWN, 200, 128)), new ParamInit(new SplittableRandom(1), DataType.FLOAT));
        assertEquals(2L * 4 * 64 * (128 + 64 + 1), b.paramCount());   // Keras: 98 816
        assertEquals(List.of("forward/kernel", "forward/recurrent_kernel", "forward/bias", "backward/kernel",
                "backward/recurrent_kernel", "backward/bias"), b.params().stream().map(Param::name).toList());
        assertEquals("(None, 200, 128)", b.outputShape(List.of(Shape.of(Shape.UNKNOWN, 200, 128))).toString());
    }

    @Test
    void configsFollowKeras() {
        Layer b = LayerRegistry.fromConfig(new Bidirectional(new GRU(4, true, false, false), null).named("bi").config());
        assertEquals(null, ((Bidirectional) b).mergeMode());
        assertEquals(2, b.outputShapes(List.of(Shape.of(Shape.UNKNOWN, 3, 2))).size());
        assertTrue(new GRU(4).arguments().containsKey("reset_after"));
        var e = assertThrows(IllegalArgumentException.class, () -> LayerRegistry.create("GRU", java.util.Map.of("units", 2, "reset_after", false)));
        assertTrue(e.getMessage().contains("reset_after"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new LSTM(2), "max"));
        assertThrows(IllegalArgumentException.class, () -> LayerRegistry.create("Bidirectional", java.util.Map.of("layer", "LSTM")));
        assertThrows(IllegalArgumentException.class, () -> new GRU(0));
    }
}
