package dev.hyperforge.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.Layer;

/** The reference models have the sizes of their Keras originals. */
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
}
