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
import dev.hyperforge.engine.kernels.Conv2DOps;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;
import dev.hyperforge.engine.layers.core.Flatten;

class Conv2DTest {
    private static Conv2D conv(int filters, int[] k, int[] s, String padding, Activation a, boolean bias) {
        return new Conv2D(filters, k, s, padding, a, bias);
    }

    @Test
    void contractForSeveralConfigurations() {
        List<Conv2D> layers = List.of(
                conv(4, new int[] {3, 3}, new int[] {1, 1}, "same", Activation.RELU, true).named("c_same_relu"),
                conv(3, new int[] {2, 3}, new int[] {2, 2}, "valid", Activation.LINEAR, false).named("c_valid_s2"),
                conv(2, new int[] {2, 2}, new int[] {2, 1}, "same", Activation.TANH, true).named("c_same_s2_tanh"));
        for (Conv2D c : layers) {
            List<INDArray> x = List.of(LayerChecks.randomDouble(1, 1, 4, 5, 2));
            LayerChecks.buildDouble(c, x, 11);
            // non-zero biases so the bias gradient path is exercised with real values
            if (c.params().size() > 1) {
                c.params().get(1).value().assign(LayerChecks.randomDouble(4, c.filters()));
            }
            LayerChecks.assertOutputShape(c, x);
            LayerChecks.assertConfigRoundTrip(c);
            LayerChecks.assertGradients(c, x, new boolean[] {true}, true);
        }
    }

    @Test
    void firstLayerKernelGradientsThroughTheInputColumns() {
        // without an input gradient (a model's first layer), strides 1 take Conv2DOps.conv2dBpKernelOnly
        List<Conv2D> layers = List.of(
                conv(4, new int[] {3, 3}, new int[] {1, 1}, "same", Activation.RELU, true).named("k_same_relu"),
                conv(3, new int[] {2, 3}, new int[] {1, 1}, "valid", Activation.LINEAR, false).named("k_valid"),
                conv(2, new int[] {2, 2}, new int[] {1, 1}, "same", Activation.TANH, true).named("k_same_even"),
                conv(3, new int[] {3, 3}, new int[] {1, 1}, "same", Activation.LINEAR, true).named("k_wide_channels"));
        for (Conv2D c : layers) {
            int channels = c.name().equals("k_wide_channels") ? 17 : 2;   // 16 and more: bulk-copied columns
            List<INDArray> x = List.of(LayerChecks.randomDouble(1, 2, 4, 5, channels));
            LayerChecks.buildDouble(c, x, 11);
            if (c.params().size() > 1) {
                c.params().get(1).value().assign(LayerChecks.randomDouble(4, c.filters()));
            }
            assertTrue(Conv2DOps.kernelOnlyBackward(x.get(0), c.params().get(0).value(), new int[] {1, 1}, false), c.name());
            LayerChecks.assertGradients(c, x, new boolean[] {false}, true);
            // and the same kernel gradient as the native op, which also computes the input gradient
            LayerContext with = new LayerContext(true, new SplittableRandom(0));
            c.params().forEach(Param::clearGrad);
            INDArray g = LayerChecks.randomDouble(5, c.forward(x, with).shape());
            c.backward(g, with);
            INDArray viaOp = c.params().get(0).grad().dup();
            LayerContext without = new LayerContext(true, new SplittableRandom(0));
            without.setInputGradients(new boolean[] {false});
            c.forward(x, without);
            c.params().forEach(Param::clearGrad);
            assertEquals(null, c.backward(g, without).get(0), c.name() + ": no input gradient");
            assertTrue(viaOp.equalsWithEps(c.params().get(0).grad(), 1e-10), c.name() + ": kernel gradient of both paths");
        }
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new Flatten().call(new Conv2D(4, 3, "same", "relu").call(t)), DType.FLOAT32, 0, 6, 6, 2);
    }

    @Test
    void knownAnswerByHand() {
        // one 3x3 single-channel image, one 2x2 filter, valid: out[i][j] = sum of window * kernel + bias
        Conv2D c = new Conv2D(1, 2);
        c.build(List.of(Shape.batchOf(3, 3, 1)), new ParamInit(new SplittableRandom(0), DataType.DOUBLE));
        c.params().get(0).value().assign(Nd4j.create(new double[] {1, 0, -1, 2}, new long[] {2, 2, 1, 1}));
        c.params().get(1).value().assign(0.5);
        INDArray x = Nd4j.create(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new long[] {1, 3, 3, 1});
        INDArray out = c.forward(List.of(x), new LayerContext(false, new SplittableRandom(0)));
        // [1*1 + 2*0 + 4*-1 + 5*2, 2 + 0 - 5 + 12, 4 - 7 + 16, 5 - 8 + 18] + 0.5
        assertEquals(7.5, out.getDouble(0, 0, 0, 0), 1e-12);
        assertEquals(9.5, out.getDouble(0, 0, 1, 0), 1e-12);
        assertEquals(13.5, out.getDouble(0, 1, 0, 0), 1e-12);
        assertEquals(15.5, out.getDouble(0, 1, 1, 0), 1e-12);
    }

    @Test
    void knownAnswerAgainstReferenceFormulaInBothPrecisions() {
        int[][] cfg = {{3, 3, 1, 1, 1}, {2, 2, 2, 2, 1}, {3, 2, 2, 1, 0}, {4, 3, 3, 2, 1}};
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            for (int[] k : cfg) {
                boolean same = k[4] == 1;
                Conv2D c = conv(3, new int[] {k[0], k[1]}, new int[] {k[2], k[3]}, same ? "same" : "valid", Activation.LINEAR, true);
                c.build(List.of(Shape.batchOf(7, 6, 2)), new ParamInit(new SplittableRandom(5), dt));
                INDArray w = LayerChecks.randomDouble(8, k[0], k[1], 2, 3);
                INDArray b = LayerChecks.randomDouble(9, 3);
                c.params().get(0).value().assign(w);
                c.params().get(1).value().assign(b);
                INDArray x = LayerChecks.randomDouble(10, 2, 7, 6, 2);
                INDArray out = c.forward(List.of(x.castTo(dt)), new LayerContext(false, new SplittableRandom(0)));
                assertEquals(dt, out.dataType());
                ConvReference.assertClose(ConvReference.conv2d(x, w, b, k[2], k[3], same), out, 1e-5);
            }
        }
    }

    @Test
    void floatPathMatchesDoublePathForwardAndBackward() {
        ConvReference.assertFloatMatchesDouble(() -> conv(4, new int[] {3, 3}, new int[] {1, 1}, "same", Activation.RELU, true), 2, 6, 5, 3);
        ConvReference.assertFloatMatchesDouble(() -> conv(3, new int[] {2, 3}, new int[] {2, 2}, "same", Activation.LINEAR, true), 2, 5, 6, 2);
        ConvReference.assertFloatMatchesDouble(() -> conv(2, new int[] {3, 2}, new int[] {1, 2}, "valid", Activation.TANH, false), 1, 5, 6, 2);
    }

    @Test
    void reluIsAppliedAfterTheBias() {
        Conv2D c = new Conv2D(1, 1, "valid", "relu");
        c.build(List.of(Shape.batchOf(1, 2, 1)), new ParamInit(new SplittableRandom(0), DataType.DOUBLE));
        c.params().get(0).value().assign(1.0);
        c.params().get(1).value().assign(-1.0);
        INDArray out = c.forward(List.of(Nd4j.create(new double[] {0.5, 3}, new long[] {1, 1, 2, 1})), new LayerContext(false, new SplittableRandom(0)));
        assertEquals(0.0, out.getDouble(0, 0, 0, 0), 1e-12);
        assertEquals(2.0, out.getDouble(0, 0, 1, 0), 1e-12);
    }

    @Test
    void kerasParameterShapesAndCount() {
        Conv2D c = new Conv2D(32, 3, "same", "relu");
        assertEquals(Shape.of(Shape.UNKNOWN, 28, 28, 32), c.outputShape(List.of(Shape.batchOf(28, 28, 1))));
        c.build(List.of(Shape.batchOf(28, 28, 1)), new ParamInit(new SplittableRandom(0), DataType.FLOAT));
        assertEquals(320, c.paramCount());
        assertEquals(List.of(3L, 3L, 1L, 32L), List.of(box(c.params().get(0).value().shape())));
        double limit = Math.sqrt(6.0 / (9 + 9 * 32));
        assertTrue(c.params().get(0).value().amaxNumber().doubleValue() <= limit);
        assertEquals(0.0, c.params().get(1).value().amaxNumber().doubleValue());
    }

    @Test
    void readsKerasConfig() {
        Layer l = LayerRegistry.fromConfig(Map.of("class_name", "Conv2D", "name", "c1",
                "config", Map.of("filters", 8, "kernel_size", List.of(3, 5), "strides", 2, "padding", "same", "activation", "relu")));
        assertEquals(Shape.of(Shape.UNKNOWN, 5, 4, 8), l.outputShape(List.of(Shape.batchOf(10, 7, 3))));
        var e = assertThrows(IllegalArgumentException.class, () -> Conv2D.fromConfig(Map.of("filters", 2, "kernel_size", 3, "dilation_rate", 2)));
        assertTrue(e.getMessage().contains("dilation_rate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 3, "full", "relu"));
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(0, 3));
    }

    @Test
    void rejectsImageWithoutChannelsAxisNamingTheLayer() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2D(32, 3).named("conv_1").outputShape(List.of(Shape.batchOf(28, 28))));
        assertTrue(e.getMessage().startsWith("Conv2D 'conv_1' expects input of rank 4, received (None, 28, 28); "), e.getMessage());
        assertTrue(e.getMessage().contains("Input.of(\"image\", 28, 28, 1)"), e.getMessage());
    }

    @Test
    void rejectsKernelLargerThanInputWithValidPadding() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2D(4, 5).named("big").outputShape(List.of(Shape.batchOf(4, 9, 2))));
        assertTrue(e.getMessage().startsWith("Conv2D 'big' expects input at least as large as its kernel (5, 5), received (None, 4, 9, 2)"), e.getMessage());
        // same padding accepts it, as Keras does
        assertEquals(Shape.of(Shape.UNKNOWN, 4, 9, 4), new Conv2D(4, 5, "same", "linear").outputShape(List.of(Shape.batchOf(4, 9, 2))));
    }

    private static Long[] box(long[] v) {
        Long[] r = new Long[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i];
        }
        return r;
    }
}
