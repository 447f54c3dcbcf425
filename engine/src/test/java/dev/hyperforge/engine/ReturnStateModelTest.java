package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.merging.Concatenate;
import dev.hyperforge.engine.layers.recurrent.Bidirectional;
import dev.hyperforge.engine.layers.recurrent.GRU;
import dev.hyperforge.engine.layers.recurrent.LSTM;
import dev.hyperforge.engine.optimizers.SGD;

/** Layers with several outputs (return_state) in a model: gradients through every output, saving and loading. */
class ReturnStateModelTest {
    /** x → LSTM(return_state) → [h, c] → Dense; the sequence output is unused, h and c both reach the loss. */
    private static Model encoder() {
        Tensor x = Input.create("x", DType.FLOAT64, 4, 3);
        List<Tensor> ohc = new LSTM(3, false, true, false).named("enc").callAll(x);
        assertEquals(3, ohc.size());
        assertEquals(1, ohc.get(1).index());
        Tensor y = new Dense(1).named("y").call(new Concatenate().call(ohc.get(1), ohc.get(2)));
        return new Model("enc", List.of(x), List.of(y), 3L);
    }

    @Test
    void gradientsFlowThroughTheStateOutputs() {
        Model m = encoder();
        m.compile(new SGD(0.1), "mse");
        INDArray x = LayerChecks.randomDouble(1, 5, 4, 3);
        INDArray y = LayerChecks.randomDouble(2, 5, 1);
        double loss = m.computeGradients(x, y, 0L);
        Layer lstm = m.getLayer("enc");
        for (Param p : lstm.params()) {
            INDArray g = p.grad().dup();
            long i = p.value().length() / 2;
            double orig = p.value().getDouble(i);
            double eps = 1e-6;
            p.value().putScalar(i, orig + eps);
            double up = m.evaluate(x, y).get("loss");
            p.value().putScalar(i, orig - eps);
            double down = m.evaluate(x, y).get("loss");
            p.value().putScalar(i, orig);
            assertEquals((up - down) / (2 * eps), g.getDouble(i), 1e-6, p.name());
        }
        assertTrue(loss > 0);
        assertTrue(m.summary().contains("'enc[0][2]'"), "the summary names the cell-state output: " + m.summary());
    }

    @Test
    void savedModelWithStateOutputsLoadsBack(@TempDir Path dir) throws Exception {
        Model m = encoder();
        m.compile(new SGD(0.1), "mse");
        Path f = dir.resolve("m.zip");
        m.save(f);
        Model back = Model.load(f);
        INDArray x = LayerChecks.randomDouble(3, 2, 4, 3);
        assertArrayEquals(m.predict(x).get("y").toDoubleVector(), back.predict(x).get("y").toDoubleVector(), 1e-12);
        assertTrue(m.toJson().contains("\"enc\", 0, 2") || m.toJson().replaceAll("\\s", "").contains("[\"enc\",0,2]"), m.toJson());
    }

    @Test
    void stackedBidirectionalModelTrainsAndSaves(@TempDir Path dir) throws Exception {
        Tensor x = Input.create("x", DType.FLOAT32, 6, 2);
        Tensor h = new Bidirectional(new LSTM(3, true)).call(x);
        Tensor y = new Dense(1, "sigmoid").named("y").call(new Bidirectional(new GRU(3)).call(h));
        Model m = new Model("s8ish", List.of(x), List.of(y), 1L);
        assertEquals(2L * 4 * 3 * (2 + 3 + 1) + 2L * 3 * 3 * (6 + 3 + 2) + 7, m.countParams());
        m.compile(new SGD(0.5), "binary_crossentropy");
        INDArray xs = LayerChecks.randomDouble(4, 16, 6, 2).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray ys = xs.sum(1, 2).gt(0).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).reshape(16, 1);
        double before = m.evaluate(xs, ys).get("loss");
        m.fit(xs, ys, FitOptions.builder().epochs(5).batchSize(8).shuffle(false).build());
        assertTrue(m.evaluate(xs, ys).get("loss") < before);
        Path f = dir.resolve("s.zip");
        m.save(f);
        Map<String, INDArray> again = Model.load(f).predict(xs);
        assertArrayEquals(m.predict(xs).get("y").toDoubleVector(), again.get("y").toDoubleVector(), 1e-7);
    }
}
