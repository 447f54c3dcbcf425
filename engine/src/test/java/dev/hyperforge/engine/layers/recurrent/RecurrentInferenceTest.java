package dev.hyperforge.engine.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * A prediction (a forward-only pass, {@link LayerContext#forwardOnly}, which keeps only what the outputs need) gives
 * bit-identical outputs to the training forward pass: stored predictions and replays compare them exactly.
 * Covers LSTM with its returned states, GRU, both inside {@code Bidirectional}, with a mask, and the
 * same arrays reused between a training and an inference pass as the executor does.
 */
class RecurrentInferenceTest {
    @Test
    void lstmWithStatesPredictsAsItTrains() {
        assertSameOutputs(new LSTM(5, true, true, false), null);
        assertSameOutputs(new LSTM(5, false, true, true), mask());
    }

    @Test
    void gruPredictsAsItTrains() {
        assertSameOutputs(new GRU(6, true, true, false), mask());
        assertSameOutputs(new GRU(6), null);
    }

    @Test
    void bidirectionalPredictsAsItTrains() {
        assertSameOutputs(new Bidirectional(new LSTM(4, true)), mask());
        assertSameOutputs(new Bidirectional(new GRU(4)), null);
    }

    @Test
    void backwardAfterForwardOnlyIsRefused() {
        LSTM l = new LSTM(3);
        Shape in = Shape.of(Shape.UNKNOWN, 4, 2);
        l.outputShape(List.of(in));
        l.build(List.of(in), new ParamInit(new SplittableRandom(1), DataType.FLOAT));
        LayerContext ctx = new LayerContext(false, new SplittableRandom(0));
        ctx.forwardOnly();
        INDArray y = l.forward(List.of(Nd4j.ones(DataType.FLOAT, 2, 4, 2)), ctx);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.backward(y, ctx));
        assertTrue(e.getMessage().contains("forward-only"), e.getMessage());
    }

    private static INDArray mask() {
        float[][] m = new float[3][7];
        for (float[] row : m) {
            java.util.Arrays.fill(row, 1f);
        }
        m[0][6] = 0f;
        m[1][2] = 0f;
        m[2][0] = 0f;
        return Nd4j.createFromArray(m);
    }

    private static void assertSameOutputs(Layer layer, INDArray mask) {
        Shape in = Shape.of(Shape.UNKNOWN, 7, 3);
        layer.outputShape(List.of(in));
        layer.build(List.of(in), new ParamInit(new SplittableRandom(4), DataType.FLOAT));
        SplittableRandom rnd = new SplittableRandom(9);
        float[] v = new float[3 * 7 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextDouble() * 4 - 2);
        }
        INDArray x = Nd4j.create(v, new long[] {3, 7, 3}, 'c');
        Map<String, Object> store = new HashMap<>();
        List<double[]> trained = outputs(layer, x, mask, true, store);
        List<double[]> predicted = outputs(layer, x, mask, false, store);
        List<double[]> fresh = outputs(layer, x, mask, false, new HashMap<>());
        assertEquals(trained.size(), predicted.size());
        for (int i = 0; i < trained.size(); i++) {
            assertArrayEquals(trained.get(i), predicted.get(i), layer.type() + " output " + i);
            assertArrayEquals(trained.get(i), fresh.get(i), layer.type() + " output " + i + ", fresh arrays");
        }
    }

    private static List<double[]> outputs(Layer layer, INDArray x, INDArray mask, boolean training, Map<String, Object> store) {
        LayerContext ctx = new LayerContext(training, new SplittableRandom(0));
        if (!training) {
            ctx.forwardOnly();
        }
        ctx.reuseBuffers(store);
        java.util.ArrayList<INDArray> masks = new java.util.ArrayList<>();
        masks.add(mask);
        ctx.setInputMasks(masks);
        return layer.forwardAll(List.of(x), ctx).stream().map(a -> a.dup().data().asDouble()).toList();
    }
}
