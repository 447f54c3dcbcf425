package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.convolutional.Conv1D;
import dev.hyperforge.engine.layers.core.Embedding;
import dev.hyperforge.engine.layers.core.Flatten;
import dev.hyperforge.engine.layers.pooling.MaxPooling1D;


/**
 * Layers reuse their arrays across passes (the Embedding's lookup output); model outputs living in them,
 * directly or through a view, must still outlive the pass, and another thread must not overwrite them.
 */
class ReusedBuffersTest {
    private static Model model(boolean flatten) {
        Tensor ids = Input.ints("ids", 3);
        Tensor e = new Embedding(50, 4).named("words").call(ids);
        return new Model("lookup", List.of(ids), List.of(flatten ? new Flatten().call(e) : e), 3L);
    }

    private static INDArray ids(int n, int shift) {
        INDArray a = Nd4j.create(DataType.INT, n, 3);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                a.putScalar(i, j, (7 * i + 3 * j + shift) % 50);
            }
        }
        return a;
    }

    /** Rows of the embedding table for the ids, looked up in one batch of all samples. */
    private static INDArray expected(Model m, INDArray ids) {
        INDArray table = m.layers().stream().filter(l -> l instanceof Embedding).findFirst().orElseThrow().params().get(0).value();
        INDArray out = Nd4j.create(DataType.FLOAT, ids.size(0), 3, 4);
        for (int i = 0; i < ids.size(0); i++) {
            for (int j = 0; j < 3; j++) {
                out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.point(j))
                        .assign(table.getRow(ids.getInt(i, j)));
            }
        }
        return out;
    }

    @Test
    void batchedPredictionsKeepEachBatchsOutput() {
        for (boolean flatten : new boolean[] {false, true}) {
            Model m = model(flatten);
            INDArray x = ids(8, 0);
            INDArray want = expected(m, x);
            INDArray got = m.predict(x, 2).values().iterator().next();
            assertEquals(flatten ? want.reshape(8, 12) : want, got, "batches of 2, flatten " + flatten);
            INDArray first = m.predict(x, 8).values().iterator().next();
            m.predict(ids(8, 5), 8);
            assertEquals(flatten ? want.reshape(8, 12) : want, first, "an earlier prediction is not overwritten by the next");
        }
    }

    @Test
    void convolutionOutputsOfEarlierBatchesSurvive() {
        for (boolean pool : new boolean[] {false, true}) {
            convolutionOutputsSurvive(pool);
        }
    }

    private static void convolutionOutputsSurvive(boolean pool) {
        Tensor x = Input.of("x", 6, 4);
        Tensor c = new Conv1D(3, 2, "relu").call(x);
        Model m = new Model("conv", List.of(x), List.of(pool ? new MaxPooling1D(2).call(c) : c), 4L);
        INDArray in = Nd4j.rand(DataType.FLOAT, 8, 6, 4).subi(0.5);
        INDArray whole = m.predict(in, 8).values().iterator().next();
        INDArray batched = m.predict(in, 2).values().iterator().next();
        assertEquals(whole, batched, "batches of 2 against one batch");
        for (int i = 0; i < 8; i++) {
            INDArray one = m.predict(in.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)), 1).values().iterator().next();
            assertEquals(whole.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)), one, "sample " + i);
        }
    }

    @Test
    void anotherThreadDoesNotOverwriteTheOwnersArrays() throws Exception {
        Model m = model(false);
        INDArray x = ids(4, 0);
        INDArray mine = m.predict(x, 4).values().iterator().next();
        AtomicReference<INDArray> theirs = new AtomicReference<>();
        Thread t = new Thread(() -> theirs.set(m.predict(ids(4, 9), 4).values().iterator().next()));
        t.start();
        t.join();
        assertEquals(expected(m, x), mine);
        assertEquals(expected(m, ids(4, 9)), theirs.get());
        assertNotEquals(mine, theirs.get());
    }
}
