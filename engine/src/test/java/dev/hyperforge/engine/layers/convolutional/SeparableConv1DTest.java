package dev.hyperforge.engine.layers.convolutional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;
import dev.hyperforge.engine.layers.pooling.GlobalMaxPooling1D;

class SeparableConv1DTest {
    private static final LayerContext EVAL = new LayerContext(false, new SplittableRandom(0));

    private static List<SeparableConv1D> variants() {
        return List.of(new SeparableConv1D(2, 3, "relu").named("s_valid"),
                new SeparableConv1D(2, 3, 2, "same", 1, 2, Activation.TANH, true).named("s_same_s2_dm2"),
                new SeparableConv1D(2, 2, 1, "valid", 2, 1, Activation.LINEAR, false).named("s_dil2_nobias"));
    }

    @Test
    void contract() {
        for (SeparableConv1D c : variants()) {
            List<INDArray> x = List.of(LayerChecks.randomDouble(1, 2, 5, 2));
            LayerChecks.buildDouble(c, x, 11);
            LayerChecks.assertOutputShape(c, x);
            LayerChecks.assertConfigRoundTrip(c);
            LayerChecks.assertGradients(c, x, new boolean[] {true}, true);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void matchesDepthwiseThenPointwiseReference() {
        INDArray x = LayerChecks.randomDouble(3, 2, 8, 3);
        for (SeparableConv1D c : variants()) {
            LayerChecks.buildDouble(c, List.of(x), 5);
            List<Param> p = c.params();
            if (p.size() > 2) {
                p.get(2).value().assign(LayerChecks.randomDouble(9, p.get(2).value().length()));
            }
            Map<String, Object> cfg = c.arguments();
            int s = ((List<Integer>) cfg.get("strides")).get(0);
            int d = ((List<Integer>) cfg.get("dilation_rate")).get(0);
            INDArray dw = Conv1DReference.depthwise(x, p.get(0).value(), s, d, "same".equals(cfg.get("padding")));
            // the pointwise step is a width-1 convolution
            INDArray z = Conv1DReference.conv1d(dw, p.get(1).value(), p.size() > 2 ? p.get(2).value() : null, 1, 1, false);
            INDArray out = c.forward(List.of(x), EVAL);
            assertArrayEquals(z.shape(), out.shape(), c.describe());
            assertTrue(c.activation().apply(z).equalsWithEps(out, 1e-9), c.describe());
        }
    }

    @Test
    void knownAnswerByHand() {
        // x: 2 steps, 2 channels: step0 = (1, 2), step1 = (3, 4). depthwise kernel_size 2, depth_multiplier 2:
        // w[j][c][m]: c0 -> m0 taps (1, 1), m1 taps (1, -1); c1 -> m0 taps (0, 1), m1 taps (2, 0).
        // depthwise out (order c*2+m): c0m0 = 1+3 = 4, c0m1 = 1-3 = -2, c1m0 = 4, c1m1 = 2*2 = 4.
        // pointwise to 1 filter with weights (1, 0.5, -1, 0.25) + bias 0.1: 4 - 1 - 4 + 1 + 0.1 = 0.1
        SeparableConv1D c = new SeparableConv1D(1, 2, 1, "valid", 1, 2, Activation.LINEAR, true);
        c.build(List.of(Shape.batchOf(2, 2)), new ParamInit(new SplittableRandom(0), DataType.DOUBLE));
        INDArray w = Nd4j.zeros(DataType.DOUBLE, 2, 2, 2);
        double[][][] taps = {{{1, 1}, {0, 2}}, {{1, -1}, {1, 0}}}; // [j][c][m]
        for (int j = 0; j < 2; j++) {
            for (int ch = 0; ch < 2; ch++) {
                for (int m = 0; m < 2; m++) {
                    w.putScalar(new int[] {j, ch, m}, taps[j][ch][m]);
                }
            }
        }
        c.params().get(0).value().assign(w);
        c.params().get(1).value().assign(Nd4j.create(new double[] {1, 0.5, -1, 0.25}, new long[] {1, 4, 1}, DataType.DOUBLE));
        c.params().get(2).value().assign(0.1);
        INDArray x = Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {1, 2, 2}, DataType.DOUBLE);
        INDArray out = c.forward(List.of(x), EVAL);
        assertArrayEquals(new long[] {1, 1, 1}, out.shape());
        assertEquals(0.1, out.getDouble(0, 0, 0), 1e-12);
    }

    @Test
    void parameterShapesFollowKeras() {
        SeparableConv1D c = new SeparableConv1D(16, 5, 1, "valid", 1, 3, Activation.RELU, true);
        c.build(List.of(Shape.batchOf(Shape.UNKNOWN, 8)), new ParamInit(new SplittableRandom(1), DataType.FLOAT));
        assertEquals(List.of("depthwise_kernel", "pointwise_kernel", "bias"), c.params().stream().map(Param::name).toList());
        assertArrayEquals(new long[] {5, 8, 3}, c.params().get(0).value().shape());
        assertArrayEquals(new long[] {1, 24, 16}, c.params().get(1).value().shape());
        assertArrayEquals(new long[] {16}, c.params().get(2).value().shape());
        assertEquals(Shape.of(-1, -1, 16), c.outputShape(List.of(Shape.batchOf(Shape.UNKNOWN, 8))));
        INDArray out = c.forward(List.of(LayerChecks.randomDouble(1, 2, 9, 8).castTo(DataType.FLOAT)), EVAL);
        assertEquals(DataType.FLOAT, out.dataType());
        assertArrayEquals(new long[] {2, 5, 16}, out.shape());
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new GlobalMaxPooling1D().call(new SeparableConv1D(4, 3, "relu").call(t)), DType.FLOAT32, 0, 8, 3);
    }

    @Test
    void shapeAndArgumentErrors() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SeparableConv1D(4, 3, "relu").named("sep").outputShape(List.of(Shape.batchOf(2, 5))));
        assertTrue(e.getMessage().startsWith("SeparableConv1D 'sep' expects at least 3 steps"), e.getMessage());
        assertTrue(e.getMessage().contains("(None, 2, 5)"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> new SeparableConv1D(4, 3, "relu").named("sep").outputShape(List.of(Shape.batchOf(5))));
        assertTrue(e2.getMessage().startsWith("SeparableConv1D 'sep' expects input of rank 3"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SeparableConv1D(4, 3, 1, "valid", 1, 0, Activation.LINEAR, true));
        assertThrows(IllegalArgumentException.class, () -> LayerRegistry.create("SeparableConv1D", Map.of("kernel_size", 3)));
    }
}
