package dev.hyperforge.engine.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.core.Embedding;

/**
 * Padded and unpadded batches give the same outputs on the real tokens: Embedding(mask_zero) in front of
 * each recurrent layer, the same weights (seed), sequences of 4 real ids with and without 3 padding ids.
 */
class RecurrentMaskingTest {
    private static final int[][] REAL = {{5, 3, 7, 2}, {1, 9, 4, 8}};
    private static final int[][] PADDED = {{5, 3, 7, 2, 0, 0, 0}, {1, 9, 4, 8, 0, 0, 0}};
    private static final int[][] LEFT_PADDED = {{0, 0, 5, 3, 7, 2, 0}, {0, 1, 9, 4, 8, 0, 0}};

    private static Model model(Supplier<? extends dev.hyperforge.engine.layers.Layer> layer) {
        Tensor ids = Input.ints("ids", Shape.UNKNOWN);
        Tensor out = layer.get().named("y").call(new Embedding(10, 3, true).call(ids));
        return new Model("m", List.of(ids), List.of(out), 7L);
    }

    private static void sameOnRealTokens(String what, Supplier<? extends dev.hyperforge.engine.layers.Layer> layer, boolean sequences) {
        Model m = model(layer);
        INDArray real = m.predict(Nd4j.createFromArray(REAL)).get("y");
        INDArray padded = m.predict(Nd4j.createFromArray(PADDED)).get("y");
        if (!sequences) {
            assertTrue(real.equalsWithEps(padded, 1e-6), what + ": last output\n" + real + "\n" + padded);
            INDArray gaps = m.predict(Nd4j.createFromArray(LEFT_PADDED)).get("y");
            assertTrue(real.equalsWithEps(gaps, 1e-6), what + ": left and right padding\n" + real + "\n" + gaps);
            return;
        }
        INDArray head = padded.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4), NDArrayIndex.all());
        assertTrue(real.equalsWithEps(head, 1e-6), what + ": outputs on the real steps\n" + real + "\n" + head);
        assertEquals(7, padded.size(1));
    }

    @Test
    void lstm() {
        sameOnRealTokens("LSTM", () -> new LSTM(4), false);
        sameOnRealTokens("LSTM sequences", () -> new LSTM(4, true), true);
    }

    @Test
    void gru() {
        sameOnRealTokens("GRU", () -> new GRU(4), false);
        sameOnRealTokens("GRU sequences", () -> new GRU(4, true, false, false), true);
    }

    @Test
    void simpleRnn() {
        sameOnRealTokens("SimpleRNN", () -> new SimpleRNN(4), false);
        sameOnRealTokens("SimpleRNN sequences", () -> new SimpleRNN(4, true, false, false), true);
    }

    @Test
    void bidirectional() {
        sameOnRealTokens("Bidirectional LSTM", () -> new Bidirectional(new LSTM(3)), false);
        sameOnRealTokens("Bidirectional LSTM sequences", () -> new Bidirectional(new LSTM(3, true)), true);
        sameOnRealTokens("Bidirectional GRU", () -> new Bidirectional(new GRU(3), "sum"), false);
        sameOnRealTokens("Bidirectional GRU sequences", () -> new Bidirectional(new GRU(3, true, false, false), "ave"), true);
    }

    @Test
    void withoutMaskThePaddingChangesTheResult() {
        Tensor ids = Input.ints("ids", Shape.UNKNOWN);
        Model m = new Model("m", List.of(ids), List.of(new GRU(4).named("y").call(new Embedding(10, 3).call(ids))), 7L);
        INDArray real = m.predict(Nd4j.createFromArray(REAL)).get("y");
        INDArray padded = m.predict(Nd4j.createFromArray(PADDED)).get("y");
        assertTrue(!real.equalsWithEps(padded, 1e-6), "the padding counts when nothing masks it");
    }

    @Test
    void sequenceOutputsKeepTheMaskAndPaddedStepsOutputTheCarriedState() {
        Model m = model(() -> new LSTM(3, true));
        INDArray padded = m.predict(Nd4j.createFromArray(PADDED)).get("y");
        // Keras (zero_output_for_mask=False): a masked step repeats the last real output
        INDArray last = padded.get(NDArrayIndex.all(), NDArrayIndex.point(3), NDArrayIndex.all());
        INDArray after = padded.get(NDArrayIndex.all(), NDArrayIndex.point(6), NDArrayIndex.all());
        assertTrue(last.equalsWithEps(after, 1e-7));
        Model bi = model(() -> new Bidirectional(new LSTM(3, true)));
        INDArray zeros = bi.predict(Nd4j.createFromArray(PADDED)).get("y").get(NDArrayIndex.all(), NDArrayIndex.point(5), NDArrayIndex.all());
        assertEquals(0.0, zeros.amaxNumber().doubleValue(), 0.0, "Bidirectional sequences output zeros at masked steps");
    }
}
