package dev.hyperforge.engine.layers.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Fixtures;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.pooling.GlobalAveragePooling1D;

class MultiHeadAttentionTest {
    private static final Fixtures FIXTURES = Fixtures.load("/dev/hyperforge/engine/layers/attention-fixtures.json");

    private static void randomiseBiases(MultiHeadAttention l) {
        for (Param p : l.params()) {
            if (p.name().endsWith("bias")) {
                p.value().assign(LayerChecks.randomDouble(p.name().hashCode(), p.value().shape()).muli(0.5));
            }
        }
    }

    private static INDArray mask(long seed, long b, long t, long s) {
        INDArray m = LayerChecks.randomDouble(seed, b, t, s).gt(-0.5).castTo(DataType.DOUBLE);
        m.putScalar(new long[] {0, 0, 0}, 1.0);
        return m;
    }

    @Test
    void contractSelfAttention() {
        MultiHeadAttention l = MultiHeadAttention.builder(2, 3).valueDim(2).build().named("att");
        INDArray x = LayerChecks.randomDouble(1, 2, 4, 5);
        List<INDArray> in = List.of(x, x.dup()); // the same values; separate arrays so that each role's gradient is checked
        LayerChecks.buildDouble(l, in, 3);
        randomiseBiases(l);
        LayerChecks.assertOutputShape(l, in);
        LayerChecks.assertConfigRoundTrip(l);
        LayerChecks.assertGradients(l, in, new boolean[] {true, true}, false);
        LayerChecks.assertGradients(l, in, new boolean[] {true, false}, false);
    }

    @Test
    void contractCrossAttentionWithKeyMaskAndDropout() {
        MultiHeadAttention l = MultiHeadAttention.builder(3, 2).valueDim(4).outputShape(6).dropout(0.3).useAttentionMask(true)
                .useCausalMask(true).build().named("cross");
        List<INDArray> in = List.of(LayerChecks.randomDouble(1, 2, 3, 4), LayerChecks.randomDouble(2, 2, 5, 3),
                LayerChecks.randomDouble(3, 2, 5, 2), mask(4, 2, 3, 5));
        LayerChecks.buildDouble(l, in, 5);
        randomiseBiases(l);
        LayerChecks.assertOutputShape(l, in);
        LayerChecks.assertConfigRoundTrip(l);
        LayerChecks.assertGradients(l, in, new boolean[] {true, true, true, false}, true);
        LayerChecks.assertGradients(l, in, new boolean[] {true, true, true, false}, false);
    }

    @Test
    void contractCrossAttentionWithoutKeyOrBias() {
        MultiHeadAttention l = MultiHeadAttention.builder(2, 2).useBias(false).build();
        List<INDArray> in = List.of(LayerChecks.randomDouble(6, 3, 2, 3), LayerChecks.randomDouble(7, 3, 4, 5));
        LayerChecks.buildDouble(l, in, 8);
        assertEquals(List.of("query_kernel", "key_kernel", "value_kernel", "attention_output_kernel"),
                l.params().stream().map(Param::name).toList());
        LayerChecks.assertOutputShape(l, in);
        LayerChecks.assertConfigRoundTrip(l);
        LayerChecks.assertGradients(l, in, new boolean[] {true, true}, false);
    }

    @Test
    void weightShapesAndCountAsKeras() {
        MultiHeadAttention l = new MultiHeadAttention(2, 32);
        Shape x = Shape.batchOf(200, 32);
        assertEquals(x, l.outputShape(List.of(x, x)));
        l.build(List.of(x, x), new ParamInit(new SplittableRandom(0), DataType.FLOAT));
        List<String> shapes = new ArrayList<>();
        for (Param p : l.params()) {
            shapes.add(p.name() + java.util.Arrays.toString(p.value().shape()));
        }
        assertEquals(List.of("query_kernel[32, 2, 32]", "query_bias[2, 32]", "key_kernel[32, 2, 32]", "key_bias[2, 32]",
                "value_kernel[32, 2, 32]", "value_bias[2, 32]", "attention_output_kernel[2, 32, 32]", "attention_output_bias[32]"), shapes);
        assertEquals(8416, l.paramCount()); // Keras: 3 · (32·64 + 64) + (64·32 + 32)
        // Keras' Glorot fans for (32, 2, 32): fan_in 64, fan_out 1024, so |w| <= sqrt(6 / 1088)
        assertTrue(l.params().get(0).value().amaxNumber().doubleValue() <= Math.sqrt(6.0 / 1088));
        assertEquals(0.0, l.params().get(1).value().amaxNumber().doubleValue());
    }

    @Test
    void knownAnswersAgainstTorch() {
        for (String name : List.of("mha_self", "mha_self_explicit_mask", "mha_self_causal", "mha_cross_key_mask_causal", "mha_cross_no_key")) {
            for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
                checkFixture(name, FIXTURES.get(name), dt);
            }
        }
    }

    private static void checkFixture(String name, Fixtures.Case c, DataType dt) {
        double tol = dt == DataType.DOUBLE ? 1e-9 : 2e-4;
        boolean self = !c.has("inputs", "value");
        boolean withKey = c.has("inputs", "key");
        boolean explicit = c.has("attention_mask");
        MultiHeadAttention l = MultiHeadAttention.builder(c.value("num_heads"), c.value("key_dim")).valueDim(c.value("value_dim"))
                .outputShape(c.value("output_shape")).useCausalMask(c.value("use_causal_mask")).useAttentionMask(explicit).build();
        INDArray q = c.array("inputs", "query").castTo(dt);
        List<INDArray> in = new ArrayList<>(List.of(q, self ? q : c.array("inputs", "value").castTo(dt)));
        if (withKey) {
            in.add(c.array("inputs", "key").castTo(dt));
        }
        if (explicit) {
            in.add(c.array("attention_mask").castTo(dt));
        }
        List<Shape> shapes = in.stream().map(a -> Shape.ofArray(a.shape()).with(0, Shape.UNKNOWN)).toList();
        l.outputShape(shapes);
        l.build(shapes, new ParamInit(new SplittableRandom(0), dt));
        for (Param p : l.params()) {
            p.value().assign(c.array("weights", p.name()));
        }
        LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
        INDArray out = l.forward(in, ctx);
        assertEquals(dt, out.dataType());
        Fixtures.assertClose(name + " output", c.array("output"), out, tol);
        List<INDArray> grads = l.backward(c.array("r").castTo(dt), ctx);
        INDArray dq = self ? grads.get(0).add(grads.get(1)) : grads.get(0);
        Fixtures.assertClose(name + " d query", c.array("grads", "query"), dq, tol);
        if (!self) {
            Fixtures.assertClose(name + " d value", c.array("grads", "value"), grads.get(1), tol);
        }
        if (withKey) {
            Fixtures.assertClose(name + " d key", c.array("grads", "key"), grads.get(2), tol);
        }
        if (explicit) {
            assertNull(grads.get(grads.size() - 1), "the attention mask has no gradient");
        }
        for (Param p : l.params()) {
            Fixtures.assertClose(name + " d " + p.name(), c.array("grads", p.name()), p.grad(), tol);
        }
    }

    @Test
    void maskedKeysGetNoWeightAndTheirValuesDoNotMatter() {
        MultiHeadAttention l = MultiHeadAttention.builder(2, 3).useAttentionMask(true).build();
        INDArray q = LayerChecks.randomDouble(1, 2, 3, 4);
        INDArray v = LayerChecks.randomDouble(2, 2, 5, 4);
        INDArray m = Nd4j.ones(DataType.DOUBLE, 2, 3, 5);
        m.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 5)).assign(0);
        LayerChecks.buildDouble(l, List.of(q, v, m), 1);
        INDArray a = l.forward(List.of(q, v, m), new LayerContext(false, new SplittableRandom(0))).dup();
        INDArray v2 = v.dup();
        v2.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 5),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(LayerChecks.randomDouble(9, 2, 2, 4).muli(100));
        INDArray b = l.forward(List.of(q, v2, m), new LayerContext(false, new SplittableRandom(0)));
        Fixtures.assertClose("output with other masked values", a, b, 1e-12);
        INDArray shortV = v.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
        MultiHeadAttention unmasked = new MultiHeadAttention(2, 3);
        unmasked.build(List.of(Shape.batchOf(3, 4), Shape.batchOf(3, 4)), new ParamInit(new SplittableRandom(0), DataType.DOUBLE));
        for (int i = 0; i < l.params().size(); i++) {
            unmasked.params().get(i).value().assign(l.params().get(i).value());
        }
        INDArray c = unmasked.forward(List.of(q, shortV), new LayerContext(false, new SplittableRandom(0)));
        Fixtures.assertClose("masked keys = shorter value", c, a, 1e-12);
    }

    @Test
    void dropoutActsOnlyWhileTraining() {
        MultiHeadAttention l = MultiHeadAttention.builder(2, 4).dropout(0.5).build();
        INDArray x = LayerChecks.randomDouble(1, 2, 6, 4);
        LayerChecks.buildDouble(l, List.of(x, x), 1);
        INDArray inferA = l.forward(List.of(x, x), new LayerContext(false, new SplittableRandom(1))).dup();
        INDArray inferB = l.forward(List.of(x, x), new LayerContext(false, new SplittableRandom(2))).dup();
        assertEquals(inferA, inferB);
        INDArray train = l.forward(List.of(x, x), new LayerContext(true, new SplittableRandom(1)));
        assertNotEquals(inferA, train);
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> {
            var x = new Dense(8).call(t);
            return new GlobalAveragePooling1D().call(new MultiHeadAttention(2, 4).call(x, x));
        }, DType.FLOAT32, 0, 5, 3);
    }

    @Test
    void errorsNameTheLayerAndTheRule() {
        MultiHeadAttention l = new MultiHeadAttention(2, 4).named("att");
        var one = assertThrows(IllegalArgumentException.class, () -> l.outputShape(List.of(Shape.batchOf(3, 4))));
        assertTrue(one.getMessage().startsWith("MultiHeadAttention 'att' takes query, value, an optional key as inputs, received 1 input"),
                one.getMessage());
        assertTrue(one.getMessage().contains("self-attention"), one.getMessage());
        var rank = assertThrows(IllegalArgumentException.class, () -> l.outputShape(List.of(Shape.batchOf(4), Shape.batchOf(3, 4))));
        assertEquals("MultiHeadAttention 'att' expects query of rank 3 (batch, steps, features) with known features, received (None, 4)",
                rank.getMessage());
        var steps = assertThrows(IllegalArgumentException.class,
                () -> l.outputShape(List.of(Shape.batchOf(3, 4), Shape.batchOf(5, 4), Shape.batchOf(6, 4))));
        assertTrue(steps.getMessage().contains("value and key of the same number of steps"), steps.getMessage());
        MultiHeadAttention masked = MultiHeadAttention.builder(2, 4).useAttentionMask(true).build().named("m");
        var mask = assertThrows(IllegalArgumentException.class,
                () -> masked.outputShape(List.of(Shape.batchOf(3, 4), Shape.batchOf(5, 4), Shape.batchOf(5, 3))));
        assertTrue(mask.getMessage().startsWith("MultiHeadAttention 'm' expects an attention mask (batch, query steps, value steps) = (None, 3, 5)"),
                mask.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(0, 4));
        assertThrows(IllegalArgumentException.class, () -> MultiHeadAttention.builder(2, 4).dropout(1.0).build());
        var axes = assertThrows(IllegalArgumentException.class, () -> LayerRegistry.create("MultiHeadAttention",
                Map.of("num_heads", 2, "key_dim", 4, "attention_axes", List.of(1, 2))));
        assertTrue(axes.getMessage().contains("attention_axes"), axes.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> LayerRegistry.create("MultiHeadAttention", Map.of("num_heads", 2)));
        assertEquals("MultiHeadAttention: missing argument 'key_dim'", missing.getMessage());
    }

    @Test
    void fromKerasLikeConfig() {
        MultiHeadAttention l = (MultiHeadAttention) LayerRegistry.create("MultiHeadAttention",
                Map.of("num_heads", 2, "key_dim", 8, "value_dim", 4, "output_shape", 6, "attention_axes", List.of(1), "dropout", 0.1));
        assertEquals(Shape.batchOf(7, 6), l.outputShape(List.of(Shape.batchOf(7, 3), Shape.batchOf(9, 5))));
        assertEquals(4, l.arguments().get("value_dim"));
        assertEquals(List.of(6), l.arguments().get("output_shape"));
    }
}
