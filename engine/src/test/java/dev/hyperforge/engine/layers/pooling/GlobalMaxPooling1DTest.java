package dev.hyperforge.engine.layers.pooling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import dev.hyperforge.engine.FitOptions;
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.convolutional.Conv1D;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.optimizers.SGD;

class GlobalMaxPooling1DTest {
    @Test
    void contract() {
        for (GlobalMaxPooling1D g : List.<GlobalMaxPooling1D>of(new GlobalMaxPooling1D().named("g"), new GlobalMaxPooling1D(true).named("g_keep"))) {
            List<INDArray> x = List.of(LayerChecks.randomDouble(1, 3, 5, 4));
            LayerChecks.buildDouble(g, x, 1);
            LayerChecks.assertOutputShape(g, x);
            LayerChecks.assertConfigRoundTrip(g);
            LayerChecks.assertGradients(g, x, new boolean[] {true}, true);
        }
    }

    @Test
    void knownAnswerWithGradientToTheArgMax() {
        // two channels over 4 steps: channel 0 = 1, 7, 3, 2 (max 7 at step 1); channel 1 = -1, -5, -0.5, -2 (max -0.5 at step 2)
        INDArray x = Nd4j.create(new double[] {1, -1, 7, -5, 3, -0.5, 2, -2}, new long[] {1, 4, 2}, DataType.DOUBLE);
        GlobalMaxPooling1D g = new GlobalMaxPooling1D();
        LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
        INDArray out = g.forward(List.of(x), ctx);
        assertArrayEquals(new long[] {1, 2}, out.shape());
        assertArrayEquals(new double[] {7, -0.5}, out.reshape(2).toDoubleVector(), 0);
        INDArray gx = g.backward(Nd4j.create(new double[][] {{10, 20}}), ctx).get(0);
        assertArrayEquals(new double[] {0, 0, 10, 0, 0, 20, 0, 0}, gx.reshape(8).toDoubleVector(), 0);
    }

    @Test
    void worksOnSequencesOfUnknownLengthInAModel() {
        Tensor in = Input.of("x", Shape.UNKNOWN, 3);
        Tensor h = new GlobalMaxPooling1D().call(new MaxPooling1D(2).call(new Conv1D(4, 3, "relu").call(in)));
        assertEquals(Shape.of(-1, 4), h.shape());
        Tensor out = new Dense(1).named("y").call(h);
        Model m = new Model("seq", List.of(in), List.of(out), 1L);
        m.compile(new SGD(0.05), "mse");
        for (int steps : new int[] {8, 13}) {
            INDArray x = LayerChecks.randomDouble(steps, 6, steps, 3).castTo(DataType.FLOAT);
            INDArray y = LayerChecks.randomDouble(2, 6, 1).castTo(DataType.FLOAT);
            double before = m.evaluate(x, y).get("loss");
            m.fit(x, y, FitOptions.builder().epochs(1).batchSize(6).shuffle(false).build());
            assertTrue(m.evaluate(x, y).get("loss") < before, "steps " + steps);
        }
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new GlobalMaxPooling1D().call(t), DType.FLOAT32, 0, 6, 3);
    }

    /**
     * The S2 seed applied a pooling layer where a global one was needed; Dense on a rank-3 MaxPooling1D
     * output is legal (last axis), so the engine catches the reverse mistake: global pooling of an
     * already flat input.
     */
    @Test
    void rejectsRank2InputWithAHelpfulMessage() {
        Tensor flat = new Dense(16, "relu").call(Input.of("x", 8));
        var e = assertThrows(IllegalArgumentException.class, () -> new GlobalMaxPooling1D().named("gmp").call(flat));
        String m = e.getMessage();
        assertTrue(m.startsWith("GlobalMaxPooling1D 'gmp' expects input of rank 3 (batch, steps, channels), received (None, 16)"), m);
        assertTrue(m.contains("no steps axis") && m.contains("remove this layer"), m);
        var e2 = assertThrows(IllegalArgumentException.class, () -> new GlobalMaxPooling1D().outputShape(List.of(Shape.batchOf(4, 4, 3))));
        assertTrue(e2.getMessage().contains("2D global pooling"), e2.getMessage());
    }

    @Test
    void denseOnARank3PoolingOutputIsAllowedOnTheLastAxis() {
        Tensor pooled = new MaxPooling1D(5).call(Input.of("x", 20, 8));
        assertEquals(Shape.of(-1, 4, 3), new Dense(3).call(pooled).shape());
    }
}
