package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import dev.hyperforge.engine.layers.Fixtures;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.MaskedChecks;
import dev.hyperforge.engine.layers.attention.MultiHeadAttention;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Dropout;
import dev.hyperforge.engine.layers.core.TokenAndPositionEmbedding;
import dev.hyperforge.engine.layers.merging.Add;
import dev.hyperforge.engine.layers.normalization.LayerNormalization;
import dev.hyperforge.engine.layers.pooling.GlobalAveragePooling1D;

/**
 * Masks from {@code mask_zero} flow through attention, residual additions and layer normalization into the
 * global average, as in Keras: padded and unpadded batches give the same outputs on the real tokens.
 */
class AttentionMaskingTest {
    private static final Fixtures FIXTURES = Fixtures.load("/dev/hyperforge/engine/layers/attention-fixtures.json");

    /** An encoder block on masked token ids; outputs the sequence and its masked mean. */
    private static Model encoder(boolean maskZero) {
        Tensor ids = Input.ints("ids", Shape.UNKNOWN);
        Tensor x = new TokenAndPositionEmbedding(20, 10, 8, maskZero).call(ids);
        Tensor att = new Dropout(0.1).call(MultiHeadAttention.builder(2, 4).build().call(x, x));
        Tensor h = new LayerNormalization(1e-6).call(new Add().call(x, att));
        Tensor ff = new Dense(8).call(new Dense(8, "relu").call(h));
        Tensor seq = new LayerNormalization(1e-6).named("seq").call(new Add().call(h, ff));
        Tensor pooled = new GlobalAveragePooling1D().call(seq);
        Tensor out = new Dense(3).named("pooled").call(pooled);
        return new Model("encoder", List.of(ids), List.of(seq, out), 7L);
    }

    @Test
    void paddedAndUnpaddedBatchesAgreeOnTheRealTokens() {
        Model m = encoder(true);
        int[][] padded = {{4, 7, 1, 0, 0, 0}, {3, 9, 2, 5, 8, 6}, {11, 0, 0, 0, 0, 0}};
        int[] lengths = {3, 6, 1};
        java.util.Map<String, INDArray> batch = m.predict(Nd4j.createFromArray(padded));
        for (int i = 0; i < padded.length; i++) {
            int[] real = java.util.Arrays.copyOf(padded[i], lengths[i]);
            java.util.Map<String, INDArray> alone = m.predict(Nd4j.createFromArray(new int[][] {real}));
            INDArray seqBatch = batch.get("seq").get(NDArrayIndex.point(i), NDArrayIndex.interval(0, lengths[i]), NDArrayIndex.all());
            Fixtures.assertClose("sample " + i + " sequence", alone.get("seq").get(NDArrayIndex.point(0)).castTo(DataType.DOUBLE),
                    seqBatch, 1e-5);
            Fixtures.assertClose("sample " + i + " pooled", alone.get("pooled").get(NDArrayIndex.point(0)).castTo(DataType.DOUBLE),
                    batch.get("pooled").get(NDArrayIndex.point(i)), 1e-5);
        }
        // without mask_zero the padding is attended to and averaged: the same weights give another answer
        Model unmasked = encoder(false);
        unmasked.setWeights(m.getWeights());
        INDArray p = unmasked.predict(Nd4j.createFromArray(padded)).get("pooled");
        assertEquals(false, p.equalsWithEps(batch.get("pooled"), 1e-3));
    }

    @Test
    void anEncoderSavesAndLoadsWithTheSamePredictions(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Model m = encoder(true);
        m.compile(new dev.hyperforge.engine.optimizers.Adam(1e-3), java.util.Map.of("seq", "mse", "pooled", "mse"), null, null);
        INDArray ids = Nd4j.createFromArray(new int[][] {{4, 7, 1, 0}, {3, 9, 2, 5}});
        java.nio.file.Path file = dir.resolve("encoder.zip");
        m.save(file);
        Model loaded = Model.load(file);
        Fixtures.assertClose("pooled after load", m.predict(ids).get("pooled").castTo(DataType.DOUBLE), loaded.predict(ids).get("pooled"), 1e-6);
        assertEquals(m.countParams(), loaded.countParams());
    }

    @Test
    void maskedAverageKnownAnswerAndGradient() {
        Fixtures.Case c = FIXTURES.get("masked_average");
        GlobalAveragePooling1D gap = new GlobalAveragePooling1D();
        INDArray x = c.array("inputs", "x");
        List<INDArray> masks = List.of(c.array("mask"));
        LayerContext ctx = MaskedChecks.context(false, masks);
        Fixtures.assertClose("masked mean", c.array("output"), gap.forward(List.of(x), ctx), 1e-12);
        Fixtures.assertClose("d x", c.array("grads", "x"), gap.backward(c.array("r"), ctx).get(0), 1e-12);
        assertNull(gap.computeMask(List.of(x), ctx), "the mask stops at the pooling");
        MaskedChecks.assertGradients(gap, List.of(x), masks, new boolean[] {true});
        INDArray none = Nd4j.zeros(DataType.DOUBLE, 2, 4);
        INDArray zeros = gap.forward(List.of(x), MaskedChecks.context(false, List.of(none)));
        assertEquals(0.0, zeros.amaxNumber().doubleValue(), "a sequence with no real step averages to zeros");
    }

    @Test
    void attentionHonoursQueryValueAndKeyMasksWithGradients() {
        MultiHeadAttention l = MultiHeadAttention.builder(2, 3).build();
        INDArray q = LayerChecks.randomDouble(1, 2, 4, 5);
        INDArray v = LayerChecks.randomDouble(2, 2, 3, 4);
        INDArray k = LayerChecks.randomDouble(3, 2, 3, 6);
        INDArray qm = Nd4j.create(new double[][] {{1, 1, 1, 0}, {1, 1, 0, 0}});
        INDArray vm = Nd4j.create(new double[][] {{1, 1, 0}, {1, 1, 1}});
        INDArray km = Nd4j.create(new double[][] {{1, 1, 1}, {0, 1, 1}});
        List<INDArray> in = List.of(q, v, k);
        LayerChecks.buildDouble(l, in, 4);
        List<INDArray> masks = java.util.Arrays.asList(qm, vm, km);
        MaskedChecks.assertGradients(l, in, masks, new boolean[] {true, true, true});
        // the same call with the combined mask given explicitly
        INDArray explicit = Nd4j.zeros(DataType.DOUBLE, 2, 4, 3);
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 3; j++) {
                    explicit.putScalar(new long[] {b, i, j}, qm.getDouble(b, i) * vm.getDouble(b, j) * km.getDouble(b, j));
                }
            }
        }
        MultiHeadAttention withMask = MultiHeadAttention.builder(2, 3).useAttentionMask(true).build();
        LayerChecks.buildDouble(withMask, List.of(q, v, k, explicit), 4);
        for (int i = 0; i < l.params().size(); i++) {
            withMask.params().get(i).value().assign(l.params().get(i).value());
        }
        LayerContext ctx = MaskedChecks.context(false, masks);
        INDArray fromMasks = l.forward(in, ctx).dup();
        INDArray fromExplicit = withMask.forward(List.of(q, v, k, explicit), new LayerContext(false, new java.util.SplittableRandom(0)));
        Fixtures.assertClose("input masks = explicit attention mask", fromExplicit, fromMasks, 1e-12);
        assertEquals(qm, l.computeMask(in, ctx), "the output carries the query's mask");
    }
}
