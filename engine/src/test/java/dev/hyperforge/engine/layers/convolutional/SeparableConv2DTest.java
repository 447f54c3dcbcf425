package dev.hyperforge.engine.layers.convolutional;

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
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;
import dev.hyperforge.engine.layers.core.Flatten;

class SeparableConv2DTest {
    @Test
    void contractForSeveralConfigurations() {
        List<SeparableConv2D> layers = List.of(
                new SeparableConv2D(3, new int[] {3, 3}, new int[] {1, 1}, "same", 2, Activation.RELU, true).named("s_same_dm2"),
                new SeparableConv2D(2, new int[] {2, 3}, new int[] {2, 2}, "valid", 1, Activation.LINEAR, false).named("s_valid_s2"));
        for (SeparableConv2D s : layers) {
            List<INDArray> x = List.of(LayerChecks.randomDouble(1, 1, 3, 4, 2));
            LayerChecks.buildDouble(s, x, 11);
            if (s.params().size() > 2) {
                s.params().get(2).value().assign(LayerChecks.randomDouble(4, 3));
            }
            LayerChecks.assertOutputShape(s, x);
            LayerChecks.assertConfigRoundTrip(s);
            LayerChecks.assertGradients(s, x, new boolean[] {true}, true);
        }
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new Flatten().call(new SeparableConv2D(4, 3, "same", "relu").call(t)), DType.FLOAT32, 0, 5, 5, 2);
    }

    @Test
    void knownAnswerByHand() {
        // 2x2 image with 2 channels, 1x1 depthwise kernel (a per-channel scale), depth multiplier 2:
        // channel order after the depthwise step is c * 2 + m; then a pointwise sum and a bias.
        SeparableConv2D s = new SeparableConv2D(1, new int[] {1, 1}, new int[] {1, 1}, "valid", 2, Activation.LINEAR, true);
        s.build(List.of(Shape.batchOf(1, 1, 2)), new ParamInit(new SplittableRandom(0), DataType.DOUBLE));
        // depthwise (1,1,2,2): channel 0 -> (x0*1, x0*2), channel 1 -> (x1*3, x1*4)
        s.params().get(0).value().assign(Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {1, 1, 2, 2}));
        // pointwise (1,1,4,1): weights 1, 10, 100, 1000
        s.params().get(1).value().assign(Nd4j.create(new double[] {1, 10, 100, 1000}, new long[] {1, 1, 4, 1}));
        s.params().get(2).value().assign(0.5);
        INDArray x = Nd4j.create(new double[] {2, 5}, new long[] {1, 1, 1, 2});
        INDArray out = s.forward(List.of(x), new LayerContext(false, new SplittableRandom(0)));
        // 2*1*1 + 2*2*10 + 5*3*100 + 5*4*1000 + 0.5
        assertEquals(2 + 40 + 1500 + 20000 + 0.5, out.getDouble(0, 0, 0, 0), 1e-9);
    }

    @Test
    void knownAnswerAgainstReferenceFormulaInBothPrecisions() {
        int[][] cfg = {{3, 3, 1, 1, 1, 2}, {2, 3, 2, 2, 1, 1}, {3, 2, 2, 1, 0, 3}};
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            for (int[] k : cfg) {
                boolean same = k[4] == 1;
                int dm = k[5];
                SeparableConv2D s = new SeparableConv2D(3, new int[] {k[0], k[1]}, new int[] {k[2], k[3]}, same ? "same" : "valid", dm,
                        Activation.LINEAR, true);
                s.build(List.of(Shape.batchOf(6, 5, 2)), new ParamInit(new SplittableRandom(5), dt));
                INDArray dw = LayerChecks.randomDouble(8, k[0], k[1], 2, dm);
                INDArray pw = LayerChecks.randomDouble(9, 1, 1, 2L * dm, 3);
                INDArray b = LayerChecks.randomDouble(10, 3);
                s.params().get(0).value().assign(dw);
                s.params().get(1).value().assign(pw);
                s.params().get(2).value().assign(b);
                INDArray x = LayerChecks.randomDouble(11, 2, 6, 5, 2);
                INDArray out = s.forward(List.of(x.castTo(dt)), new LayerContext(false, new SplittableRandom(0)));
                INDArray expected = ConvReference.conv2d(ConvReference.depthwise(x, dw, k[2], k[3], same), pw, b, 1, 1, false);
                ConvReference.assertClose(expected, out, 1e-5);
            }
        }
    }

    @Test
    void floatPathMatchesDoublePathForwardAndBackward() {
        ConvReference.assertFloatMatchesDouble(
                () -> new SeparableConv2D(4, new int[] {3, 3}, new int[] {1, 1}, "same", 2, Activation.RELU, true), 2, 5, 6, 3);
        ConvReference.assertFloatMatchesDouble(
                () -> new SeparableConv2D(3, new int[] {2, 3}, new int[] {2, 2}, "valid", 1, Activation.LINEAR, true), 2, 5, 6, 2);
    }

    @Test
    void kerasParameterShapesAndCount() {
        SeparableConv2D s = new SeparableConv2D(4, new int[] {3, 3}, new int[] {1, 1}, "same", 2, Activation.RELU, true);
        s.build(List.of(Shape.batchOf(8, 8, 3)), new ParamInit(new SplittableRandom(0), DataType.FLOAT));
        assertEquals(List.of("depthwise_kernel", "pointwise_kernel", "bias"), s.params().stream().map(Param::name).toList());
        assertEquals(Shape.of(3, 3, 3, 2), Shape.ofArray(s.params().get(0).value().shape()));
        assertEquals(Shape.of(1, 1, 6, 4), Shape.ofArray(s.params().get(1).value().shape()));
        assertEquals(3 * 3 * 3 * 2 + 6 * 4 + 4, s.paramCount());
    }

    @Test
    void readsKerasConfigAndRejectsBadShapes() {
        Layer l = LayerRegistry.fromConfig(Map.of("class_name", "SeparableConv2D", "name", "sep",
                "config", Map.of("filters", 8, "kernel_size", 3, "depth_multiplier", 2, "activation", "relu")));
        assertEquals(Shape.of(Shape.UNKNOWN, 6, 6, 8), l.outputShape(List.of(Shape.batchOf(8, 8, 3))));
        var e = assertThrows(IllegalArgumentException.class, () -> l.outputShape(List.of(Shape.batchOf(2, 8, 3))));
        assertTrue(e.getMessage().startsWith("SeparableConv2D 'sep' expects input at least as large as its kernel (3, 3), received (None, 2, 8, 3)"),
                e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> l.outputShape(List.of(Shape.batchOf(8, 3))));
        assertTrue(e2.getMessage().startsWith("SeparableConv2D 'sep' expects input of rank 4, received (None, 8, 3)"), e2.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SeparableConv2D(2, new int[] {3, 3}, new int[] {1, 1}, "same", 0, Activation.LINEAR, true));
    }
}
