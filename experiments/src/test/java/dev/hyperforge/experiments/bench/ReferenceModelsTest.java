package dev.hyperforge.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.Layer;

/** The S7 and S8 reference models have the sizes of their Keras originals and train. */
class ReferenceModelsTest {
    @Test
    void s7HasKerasParameterCountAndTrains() {
        ReferenceModels.Case c = ReferenceModels.build("s7");
        assertEquals(657_758, c.model().countParams(), "Keras' text classification with Transformer example");
        assertEquals(32, c.batch());
        List<String> types = c.model().layers().stream().map(Layer::type).distinct().toList();
        assertTrue(types.containsAll(List.of("TokenAndPositionEmbedding", "MultiHeadAttention", "LayerNormalization", "GlobalAveragePooling1D")),
                types.toString());
        double first = c.model().trainOnBatch(c.x(), c.y()).get("loss");
        double later = first;
        for (int i = 0; i < 5; i++) {
            later = c.model().trainOnBatch(c.x(), c.y()).get("loss");
        }
        assertTrue(later < first, "training on one batch lowers its loss: " + first + " -> " + later);
        INDArray probs = c.model().predict(c.x(), c.batch()).get("label");
        assertEquals(32, probs.size(0));
        assertEquals(2, probs.size(1));
    }

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
