package dev.hyperforge.engine.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.FitOptions;
import dev.hyperforge.engine.History;
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.optimizers.SGD;

class TerminateOnNaNTest {
    private static Model model() {
        Tensor x = Input.of("x", 3);
        Model m = new Model(x, new Dense(1).named("y").call(x));
        m.compile(new SGD(0.01), "mse");
        return m;
    }

    /** 24 rows, batches of 8, no shuffling: a NaN target in row 20 makes the third batch's loss NaN. */
    private static INDArray[] data() {
        INDArray x = LayerChecks.randomDouble(1, 24, 3).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray y = LayerChecks.randomDouble(2, 24, 1).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        y.putScalar(20, 0, Double.NaN);
        return new INDArray[] {x, y};
    }

    @Test
    void stopsAtTheFirstNonFiniteBatchKeepingFiniteWeights() {
        Model m = model();
        INDArray[] d = data();
        TerminateOnNaN t = new TerminateOnNaN();
        List<Integer> batches = new java.util.ArrayList<>();
        Callback count = new Callback() {
            @Override
            public void onBatchEnd(int batch, java.util.Map<String, Double> logs) {
                batches.add(batch);
            }
        };
        History h = m.fit(d[0], d[1], FitOptions.builder().epochs(5).batchSize(8).shuffle(false).callbacks(t, count).build());
        assertEquals(1, h.epochs().size(), "no epoch after the NaN one");
        assertTrue(Double.isNaN(h.get("loss").get(0)));
        assertEquals(2, t.stoppedAtBatch());
        assertEquals(List.of(0, 1, 2), batches);
        for (INDArray w : m.getWeights()) {
            assertTrue(Double.isFinite(w.sumNumber().doubleValue()), "weights stay finite");
        }
    }

    @Test
    void withoutItANonFiniteLossIsAnError() {
        Model m = model();
        INDArray[] d = data();
        assertThrows(ArithmeticException.class, () -> m.fit(d[0], d[1], FitOptions.builder().epochs(1).batchSize(8).shuffle(false).build()));
    }
}
