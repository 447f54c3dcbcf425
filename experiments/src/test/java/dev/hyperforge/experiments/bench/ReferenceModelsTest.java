package dev.hyperforge.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The S8 reference model has Keras' parameter count and trains. */
class ReferenceModelsTest {
    @Test
    void s8HasKerasParameterCountAndTrains() {
        ReferenceModels.Case c = ReferenceModels.build("s8");
        // Embedding 20000·128 + 2 LSTM(64) over 128 (4·64·(128+64+1) each) + 2 GRU(64) over 128 (3·64·(128+64+2) each) + Dense 129
        assertEquals(2_560_000L + 2 * 49_408 + 2 * 37_248 + 129, c.model().countParams());
        assertEquals(2_733_441L, c.model().countParams());
        assertEquals(32, c.batch());
        double loss = c.model().trainOnBatch(c.x(), c.y()).get("loss");
        assertTrue(Double.isFinite(loss) && loss > 0.5 && loss < 0.9, "binary cross-entropy near log 2 at the start: " + loss);
        assertTrue(ReferenceModels.names().contains("s8"));
    }
}
