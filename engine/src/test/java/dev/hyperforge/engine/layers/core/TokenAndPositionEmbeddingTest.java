package dev.hyperforge.engine.layers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;
import dev.hyperforge.engine.layers.merging.Add;
import dev.hyperforge.engine.layers.pooling.GlobalAveragePooling1D;

class TokenAndPositionEmbeddingTest {
    private static final Fixtures FIXTURES = Fixtures.load("/dev/hyperforge/engine/layers/attention-fixtures.json");

    @Test
    void contract() {
        TokenAndPositionEmbedding e = new TokenAndPositionEmbedding(9, 6, 3, true).named("tp");
        List<INDArray> ids = List.of(LayerChecks.randomIds(1, 9, 3, 4));
        LayerChecks.buildDouble(e, ids, 2);
        LayerChecks.assertOutputShape(e, ids);
        LayerChecks.assertConfigRoundTrip(e);
        LayerChecks.assertGradients(e, ids, new boolean[] {false}, true);
        assertEquals(List.of("token_embeddings", "position_embeddings"), e.params().stream().map(Param::name).toList());
    }

    @Test
    void parameterCountOfS7sEmbedding() {
        TokenAndPositionEmbedding e = new TokenAndPositionEmbedding(20000, 200, 32);
        assertEquals(Shape.batchOf(200, 32), e.outputShape(List.of(Shape.batchOf(200))));
        e.build(List.of(Shape.batchOf(200)), new ParamInit(new SplittableRandom(0), DataType.FLOAT));
        assertEquals(20000 * 32 + 200 * 32, e.paramCount());
        assertTrue(e.params().get(1).value().amaxNumber().doubleValue() <= 0.05);
    }

    @Test
    void knownAnswerAgainstTorchInBothPrecisions() {
        Fixtures.Case c = FIXTURES.get("token_and_position");
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = dt == DataType.DOUBLE ? 1e-12 : 1e-6;
            TokenAndPositionEmbedding e = new TokenAndPositionEmbedding(c.value("vocabulary_size"), c.value("sequence_length"),
                    c.value("embedding_dim"));
            e.build(List.of(Shape.batchOf(4)), new ParamInit(new SplittableRandom(0), dt));
            e.params().get(0).value().assign(c.array("weights", "token_embeddings"));
            e.params().get(1).value().assign(c.array("weights", "position_embeddings"));
            LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
            INDArray out = e.forward(List.of(c.array("inputs", "ids").castTo(DataType.FLOAT)), ctx);
            assertEquals(dt, out.dataType());
            Fixtures.assertClose("output", c.array("output"), out, tol);
            assertNull(e.backward(c.array("r").castTo(dt), ctx).get(0));
            Fixtures.assertClose("d token", c.array("grads", "token_embeddings"), e.params().get(0).grad(), tol);
            Fixtures.assertClose("d position", c.array("grads", "position_embeddings"), e.params().get(1).grad(), tol);
        }
    }

    /**
     * The float path's rows, token row plus position row in one float addition each, bit for bit, on a batch large
     * enough for the kernel threads to split it in the middle of a sample.
     */
    @Test
    void floatRowsAreTokenPlusPositionToTheBit() {
        int b = 33;
        int t = 200;
        int d = 32;
        TokenAndPositionEmbedding e = new TokenAndPositionEmbedding(50, t, d);
        e.build(List.of(Shape.batchOf(t)), new ParamInit(new SplittableRandom(0), DataType.FLOAT));
        float[] tok = e.params().get(0).value().dup().data().asFloat();
        float[] pos = e.params().get(1).value().dup().data().asFloat();
        SplittableRandom r = new SplittableRandom(7);
        float[] ids = new float[b * t];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(50);
        }
        for (boolean training : new boolean[] {false, true}) {
            float[] out = e.forward(List.of(Nd4j.create(ids, new long[] {b, t})), new LayerContext(training, new SplittableRandom(0)))
                    .dup().data().asFloat();
            for (int n = 0; n < b * t; n++) {
                for (int j = 0; j < d; j++) {
                    float expected = tok[(int) ids[n] * d + j] + pos[(n % t) * d + j];
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(out[n * d + j]), "row " + n + " feature " + j);
                }
            }
        }
    }

    @Test
    void shorterSequencesUseTheFirstPositions() {
        TokenAndPositionEmbedding e = new TokenAndPositionEmbedding(5, 4, 2);
        e.build(List.of(Shape.batchOf(Shape.UNKNOWN)), new ParamInit(new SplittableRandom(0), DataType.FLOAT));
        INDArray out = e.forward(List.of(Nd4j.create(new float[] {3, 1}, new long[] {1, 2})), new LayerContext(false, new SplittableRandom(0)));
        INDArray tok = e.params().get(0).value();
        INDArray pos = e.params().get(1).value();
        assertEquals(tok.getDouble(3, 1) + pos.getDouble(0, 1), out.getDouble(0, 0, 1), 1e-7);
        assertEquals(tok.getDouble(1, 0) + pos.getDouble(1, 0), out.getDouble(0, 1, 0), 1e-7);
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new GlobalAveragePooling1D().call(new TokenAndPositionEmbedding(10, 6, 4).call(t)),
                DType.INT32, 10, 6);
    }

    @Test
    void errorsNameTheLayer() {
        TokenAndPositionEmbedding e = new TokenAndPositionEmbedding(5, 3, 2).named("tp");
        var rank = assertThrows(IllegalArgumentException.class, () -> e.outputShape(List.of(Shape.batchOf(3, 2))));
        assertEquals("TokenAndPositionEmbedding 'tp' expects token ids of rank 2 (batch, steps), received (None, 3, 2)", rank.getMessage());
        var longer = assertThrows(IllegalArgumentException.class, () -> e.outputShape(List.of(Shape.batchOf(4))));
        assertEquals("TokenAndPositionEmbedding 'tp' expects at most sequence_length 3 steps, received (None, 4); raise sequence_length",
                longer.getMessage());
        e.build(List.of(Shape.batchOf(Shape.UNKNOWN)), new ParamInit(new SplittableRandom(0), DataType.FLOAT));
        var id = assertThrows(IllegalArgumentException.class,
                () -> e.forward(List.of(Nd4j.create(new float[] {1, 5}, new long[] {1, 2})), new LayerContext(false, new SplittableRandom(0))));
        assertTrue(id.getMessage().startsWith("TokenAndPositionEmbedding 'tp' received token id 5 outside its vocabulary"), id.getMessage());
        var steps = assertThrows(IllegalArgumentException.class,
                () -> e.forward(List.of(Nd4j.zeros(DataType.FLOAT, 1, 4)), new LayerContext(false, new SplittableRandom(0))));
        assertTrue(steps.getMessage().contains("4 steps, longer than its sequence_length 3"), steps.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TokenAndPositionEmbedding(0, 3, 2));
    }

    @Test
    void positionEmbeddingContractAndValues() {
        PositionEmbedding p = new PositionEmbedding(5).named("pos");
        List<INDArray> x = List.of(LayerChecks.randomDouble(1, 2, 3, 4));
        LayerChecks.buildDouble(p, x, 3);
        LayerChecks.assertOutputShape(p, x);
        LayerChecks.assertConfigRoundTrip(p);
        LayerChecks.assertGradients(p, x, new boolean[] {false}, true);
        INDArray out = p.forward(x, new LayerContext(false, new SplittableRandom(0))).dup();
        INDArray table = p.params().get(0).value();
        assertEquals(table.getDouble(2, 1), out.getDouble(1, 2, 1), 0);
        INDArray other = p.forward(List.of(LayerChecks.randomDouble(9, 2, 3, 4)), new LayerContext(false, new SplittableRandom(0)));
        assertEquals(out, other, "the output depends on the input's shape only");
        assertEquals(List.of(5L, 4L), java.util.Arrays.stream(table.shape()).boxed().toList());
        // Glorot uniform over (5, 4): |w| <= sqrt(6 / 9)
        assertTrue(table.amaxNumber().doubleValue() <= Math.sqrt(6.0 / 9));
        LayerChecks.assertOneStepLowersLoss(t -> new GlobalAveragePooling1D().call(new Add().call(t, new PositionEmbedding(5).call(t))),
                DType.FLOAT32, 0, 5, 3);
        var longer = assertThrows(IllegalArgumentException.class, () -> p.outputShape(List.of(Shape.batchOf(6, 4))));
        assertTrue(longer.getMessage().contains("at most sequence_length 5"), longer.getMessage());
    }
}
