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
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.kernels.Conv1DOps;
import dev.hyperforge.engine.kernels.Numerics;
import dev.hyperforge.engine.kernels.Windows;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.engine.layers.ParamInit;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.pooling.GlobalMaxPooling1D;
import dev.hyperforge.engine.layers.pooling.MaxPooling1D;

class Conv1DTest {
    private static final LayerContext EVAL = new LayerContext(false, new SplittableRandom(0));

    private static List<Conv1D> variants() {
        return List.of(
                new Conv1D(3, 3, "relu").named("c_valid"),
                new Conv1D(3, 3, 2, "same", 1, Activation.TANH, true).named("c_same_s2"),
                new Conv1D(2, 2, 1, "valid", 2, Activation.LINEAR, false).named("c_dil2_nobias"),
                new Conv1D(2, 4, 3, "valid", 1, Activation.SIGMOID, true).named("c_s3"),
                new Conv1D(2, 2, 1, "same", 3, Activation.LINEAR, true).named("c_same_dil3"));
    }

    @Test
    void contractForPaddingsStridesAndDilations() {
        for (Conv1D c : variants()) {
            List<INDArray> x = List.of(LayerChecks.randomDouble(1, 2, 7, 2));
            LayerChecks.buildDouble(c, x, 11);
            LayerChecks.assertOutputShape(c, x);
            LayerChecks.assertConfigRoundTrip(c);
            LayerChecks.assertGradients(c, x, new boolean[] {true}, true);
        }
    }

    @Test
    void matrixProductBackwardPassesTheSameChecks() {
        Conv1DOps.setGemmMinInChannels(1);
        // level 4: from level 5 inputs this short take conv1d_bp (the products need 2 048 batch x steps rows)
        Numerics was = Numerics.set(Numerics.V4);
        try {
            List<Conv1D> variants = new java.util.ArrayList<>(variants());
            variants.add(new Conv1D(3, 4, 1, "same", 1, Activation.RELU, true).named("c_same_even"));
            variants.add(new Conv1D(2, 3, 1, "same", 2, Activation.TANH, false).named("c_same_dil2"));
            for (Conv1D c : variants) {
                List<INDArray> x = List.of(LayerChecks.randomDouble(1, 2, 7, 2));
                LayerChecks.buildDouble(c, x, 11);
                int stride = ((List<?>) c.arguments().get("strides")).get(0) instanceof Integer i ? i : -1;
                assertEquals(stride == 1, Conv1DOps.gemmBackward(x.get(0), c.params().get(0).value(), stride, 1),
                        c.name() + ": the matrix-product backward exactly for stride 1");
                LayerChecks.assertGradients(c, x, new boolean[] {true}, true);
            }
        } finally {
            Conv1DOps.setGemmMinInChannels(0);
            Numerics.set(was);
        }
    }

    @Test
    void matrixProductBackwardInFloatEqualsTheNativeOpInDouble() {
        SplittableRandom r = new SplittableRandom(3);
        // kernel, dilation, same, input channels, filters (16 and more channels take the bulk-copy columns)
        int[][] cases = {{5, 1, 0, 6, 4}, {5, 1, 1, 6, 4}, {4, 2, 1, 6, 4}, {3, 3, 0, 6, 4}, {5, 1, 0, 20, 17}, {4, 2, 1, 17, 20}};
        for (int[] cs : cases) {
            INDArray x = LayerChecks.randomDouble(r.nextInt(), 3, 17, cs[3]);
            INDArray w = LayerChecks.randomDouble(r.nextInt(), cs[0], cs[3], cs[4]);
            INDArray b = LayerChecks.randomDouble(r.nextInt(), cs[4]);
            boolean same = cs[2] == 1;
            long steps = Windows.outLength(17, cs[0], 1, cs[1], same);
            INDArray g = LayerChecks.randomDouble(r.nextInt(), 3, (int) steps, cs[4]);
            INDArray[] op = Conv1DOps.conv1dBp(x, w, b, g, 1, cs[1], same, new LayerContext(true, new SplittableRandom(0)), w.ulike(), b.ulike());
            INDArray wf = w.castTo(DataType.FLOAT);
            INDArray bf = b.castTo(DataType.FLOAT);
            INDArray[] mm = Conv1DOps.conv1dBpGemm(x.castTo(DataType.FLOAT), wf, bf, g.castTo(DataType.FLOAT), cs[1], same,
                    new LayerContext(true, new SplittableRandom(0)), wf.ulike(), bf.ulike());
            String what = "kernel " + cs[0] + ", dilation " + cs[1] + (same ? ", same" : ", valid") + ", " + cs[3] + " -> " + cs[4] + " channels";
            for (int i = 0; i < 3; i++) {
                assertEquals(DataType.FLOAT, mm[i].dataType());
                assertArrayEquals(op[i].shape(), mm[i].shape(), what + ": shape of gradient " + i);
                assertTrue(op[i].equalsWithEps(mm[i].castTo(DataType.DOUBLE), 1e-4), what + ": gradient " + i + " (x, kernel, bias)");
            }
        }
    }

    @Test
    void dilatedConvolutionsTrainInFloat() {
        // libnd4j's conv1d fails for dilations above 1 in float on the oneDNN build; the layer must not use it then.
        for (String padding : List.of("valid", "same")) {
            Conv1D c = new Conv1D(3, 3, 1, padding, 2, Activation.RELU, true);
            c.build(List.of(Shape.batchOf(9, 4)), new ParamInit(new SplittableRandom(6), DataType.FLOAT));
            c.params().get(1).value().assign(LayerChecks.randomDouble(8, 3).castTo(DataType.FLOAT));
            INDArray x = LayerChecks.randomDouble(7, 2, 9, 4);
            LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
            INDArray out = c.forward(List.of(x.castTo(DataType.FLOAT)), ctx);
            INDArray ref = Activation.RELU.apply(Conv1DReference.conv1d(x, c.params().get(0).value().castTo(DataType.DOUBLE),
                    c.params().get(1).value().castTo(DataType.DOUBLE), 1, 2, "same".equals(padding)));
            assertArrayEquals(ref.shape(), out.shape(), padding);
            assertTrue(ref.equalsWithEps(out.castTo(DataType.DOUBLE), 1e-5), padding + ": forward against the plain reference");
            INDArray dx = c.backward(out.ulike().assign(1), ctx).get(0);
            assertArrayEquals(x.shape(), dx.shape(), padding + ": input gradient shape");
            assertTrue(c.params().get(0).grad().norm2Number().doubleValue() > 0, padding + ": kernel gradient");
        }
        LayerChecks.assertOneStepLowersLoss(t -> new GlobalMaxPooling1D().call(new Conv1D(6, 3, 1, "same", 2, Activation.RELU, true).call(t)),
                DType.FLOAT32, 0, 9, 3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void matchesPlainReferenceForEveryVariant() {
        for (Conv1D c : variants()) {
            INDArray x = LayerChecks.randomDouble(3, 2, 8, 3);
            LayerChecks.buildDouble(c, List.of(x), 5);
            if (c.params().size() > 1) {
                c.params().get(1).value().assign(LayerChecks.randomDouble(9, c.filters()));
            }
            INDArray kernel = c.params().get(0).value();
            INDArray bias = c.params().size() > 1 ? c.params().get(1).value() : null;
            Map<String, Object> cfg = c.arguments();
            int s = ((List<Integer>) cfg.get("strides")).get(0);
            int d = ((List<Integer>) cfg.get("dilation_rate")).get(0);
            INDArray z = Conv1DReference.conv1d(x, kernel, bias, s, d, "same".equals(cfg.get("padding")));
            INDArray expected = c.activation().apply(z);
            INDArray out = c.forward(List.of(x), EVAL);
            assertArrayEquals(expected.shape(), out.shape(), c.describe());
            assertTrue(expected.equalsWithEps(out, 1e-9), c.describe() + ": " + out + " vs " + expected);
        }
    }

    @Test
    void knownAnswerByHand() {
        // x = 1, 2, 3, 4 (one channel); kernel taps (1, 0, -1); bias 0.5:
        // valid: [1 - 3, 2 - 4] + 0.5 = [-1.5, -1.5];
        // same (pad 1 left, 1 right): [0*1 + 1*0 - 2, 1 - 3, 2 - 4, 3 - 0] + 0.5 = [-1.5, -1.5, -1.5, 3.5]
        INDArray x = Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {1, 4, 1}, DataType.DOUBLE);
        for (String padding : List.of("valid", "same")) {
            Conv1D c = new Conv1D(1, 3, 1, padding, 1, Activation.LINEAR, true);
            c.build(List.of(Shape.batchOf(4, 1)), new ParamInit(new SplittableRandom(0), DataType.DOUBLE));
            c.params().get(0).value().assign(Nd4j.create(new double[] {1, 0, -1}, new long[] {3, 1, 1}, DataType.DOUBLE));
            c.params().get(1).value().assign(0.5);
            INDArray out = c.forward(List.of(x), EVAL);
            double[] expected = "valid".equals(padding) ? new double[] {-1.5, -1.5} : new double[] {-1.5, -1.5, -1.5, 3.5};
            assertArrayEquals(expected, out.reshape(out.length()).toDoubleVector(), 1e-12, padding);
        }
    }

    @Test
    void floatInputsGiveTheDoubleResult() {
        Conv1D c = new Conv1D(3, 2, "relu");
        c.build(List.of(Shape.batchOf(5, 2)), new ParamInit(new SplittableRandom(4), DataType.FLOAT));
        INDArray x = LayerChecks.randomDouble(2, 3, 5, 2);
        INDArray out = c.forward(List.of(x.castTo(DataType.FLOAT)), EVAL);
        assertEquals(DataType.FLOAT, out.dataType());
        INDArray ref = Conv1DReference.conv1d(x, c.params().get(0).value().castTo(DataType.DOUBLE), null, 1, 1, false);
        assertTrue(Activation.RELU.apply(ref).equalsWithEps(out.castTo(DataType.DOUBLE), 1e-5));
        LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
        c.forward(List.of(x.castTo(DataType.FLOAT)), ctx);
        assertEquals(DataType.FLOAT, c.backward(out.ulike().assign(1), ctx).get(0).dataType());
    }

    @Test
    void unknownStepsGiveUnknownOutputSteps() {
        Conv1D c = new Conv1D(4, 5, "relu");
        assertEquals(Shape.of(-1, -1, 4), c.outputShape(List.of(Shape.batchOf(Shape.UNKNOWN, 8))));
        c.build(List.of(Shape.batchOf(Shape.UNKNOWN, 8)), new ParamInit(new SplittableRandom(1), DataType.DOUBLE));
        for (int steps : new int[] {5, 9, 20}) {
            assertEquals(steps - 4, c.forward(List.of(LayerChecks.randomDouble(1, 2, steps, 8)), EVAL).size(1));
        }
        var e = assertThrows(IllegalArgumentException.class, () -> c.forward(List.of(LayerChecks.randomDouble(1, 2, 3, 8)), EVAL));
        assertTrue(e.getMessage().contains("3 steps") && e.getMessage().contains("kernel_size 5"), e.getMessage());
    }

    @Test
    void parameterShapesFollowKeras() {
        Conv1D c = new Conv1D(128, 5, "relu");
        c.build(List.of(Shape.batchOf(100, 256)), new ParamInit(new SplittableRandom(1), DataType.FLOAT));
        assertArrayEquals(new long[] {5, 256, 128}, c.params().get(0).value().shape());
        assertArrayEquals(new long[] {128}, c.params().get(1).value().shape());
        assertEquals(5L * 256 * 128 + 128, c.paramCount());
        double limit = Math.sqrt(6.0 / (5 * 256 + 5 * 128));
        assertTrue(c.params().get(0).value().amaxNumber().doubleValue() <= limit);
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new GlobalMaxPooling1D().call(new Conv1D(6, 3, "relu").call(t)), DType.FLOAT32, 0, 9, 3);
    }

    @Test
    void sequenceStackRoundTripsThroughJson() {
        Tensor in = Input.of("posts", Shape.UNKNOWN, 6);
        Tensor h = new MaxPooling1D(2).named("pool_1").call(new Conv1D(4, 3, "relu").named("conv_1").call(in));
        h = new GlobalMaxPooling1D().call(new SeparableConv1D(4, 2, 1, "same", 1, 2, Activation.RELU, true).call(h));
        Model m = new Model("s2ish", List.of(in), List.of(new Dense(1).named("age").call(h)), 3L);
        assertTrue(m.summary().contains("(None, None, 4)"), m.summary());
        Model again = Model.fromJson(m.toJson(), 9L);
        again.setWeights(m.getWeights());
        INDArray x = LayerChecks.randomDouble(8, 3, 11, 6).castTo(DataType.FLOAT);
        assertTrue(m.predict(x).get("age").equalsWithEps(again.predict(x).get("age"), 1e-6));
        assertEquals(m.toJson(), again.toJson());
    }

    @Test
    void fromKerasStyleConfig() {
        Layer l = LayerRegistry.create("Conv1D", Map.of("filters", 8, "kernel_size", List.of(5), "strides", 1, "padding", "same",
                "activation", "relu"));
        assertEquals(Shape.of(-1, 20, 8), l.outputShape(List.of(Shape.batchOf(20, 3))));
        var e = assertThrows(IllegalArgumentException.class, () -> LayerRegistry.create("Conv1D", Map.of("filters", 8)));
        assertTrue(e.getMessage().contains("kernel_size"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LayerRegistry.create("Conv1D", Map.of("filters", 8, "kernel_size", 3, "data_format", "channels_first")));
    }

    @Test
    void rejectsRank2InputNamingTheLayer() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Conv1D(8, 3).named("conv_1").outputShape(List.of(Shape.batchOf(100))));
        assertTrue(e.getMessage().startsWith("Conv1D 'conv_1' expects input of rank 3 (batch, steps, channels), received (None, 100)"), e.getMessage());
        assertTrue(e.getMessage().contains("Embedding"), e.getMessage());
    }

    @Test
    void rejectsKernelLongerThanInput() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Conv1D(8, 5).named("conv_4").outputShape(List.of(Shape.batchOf(4, 16))));
        assertTrue(e.getMessage().startsWith("Conv1D 'conv_4' expects at least 5 steps"), e.getMessage());
        assertTrue(e.getMessage().contains("kernel_size 5") && e.getMessage().contains("(None, 4, 16)"), e.getMessage());
        assertEquals(Shape.of(-1, 4, 8), new Conv1D(8, 5, 1, "same", 1, Activation.LINEAR, true).outputShape(List.of(Shape.batchOf(4, 16))));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Conv1D(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new Conv1D(4, 0));
        var e = assertThrows(IllegalArgumentException.class, () -> new Conv1D(4, 3, 1, "causal", 1, Activation.LINEAR, true));
        assertTrue(e.getMessage().contains("\"valid\" or \"same\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv1D(4, 3, 2, "valid", 2, Activation.LINEAR, true));
    }
}
