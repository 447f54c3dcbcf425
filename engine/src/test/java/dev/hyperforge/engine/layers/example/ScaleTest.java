package dev.hyperforge.engine.layers.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.engine.layers.core.Dense;

/** The example layer of docs/adding-a-layer.md passes the layer contract and loads by name from its provider. */
class ScaleTest {
    @Test
    void contractOnRank2AndRank3Inputs() {
        for (long[] shape : new long[][] {{4, 3}, {2, 5, 3}}) {
            Scale s = new Scale(0.5).named("scale");
            List<INDArray> x = List.of(LayerChecks.randomDouble(1, shape));
            LayerChecks.buildDouble(s, x, 2);
            LayerChecks.assertOutputShape(s, x);
            LayerChecks.assertConfigRoundTrip(s);
            LayerChecks.assertGradients(s, x, new boolean[] {true}, true);
        }
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new Scale(1.0).call(t), DType.FLOAT32, 0, 4);
    }

    @Test
    void knownAnswerMultipliesEachFeatureByItsFactor() {
        Scale s = new Scale(2.0);
        List<INDArray> x = List.of(LayerChecks.randomDouble(3, 2, 3));
        LayerChecks.buildDouble(s, x, 2);
        INDArray y = s.forward(x, new dev.hyperforge.engine.layers.LayerContext(false, new java.util.SplittableRandom(0)));
        assertArrayEquals(x.get(0).mul(2.0).data().asDouble(), y.data().asDouble(), 1e-12);
    }

    @Test
    void rejectsAnUnknownFeatureAxis() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Scale(1.0).named("s").call(Input.of("x", Shape.UNKNOWN)));
        assertTrue(e.getMessage().startsWith("Scale 's' expects input with a known last (feature) axis"), e.getMessage());
    }

    @Test
    void theProviderOnTheClassPathMakesItKnownByName() {
        assertTrue(LayerRegistry.names().contains("Scale"), LayerRegistry.names().toString());
        Layer l = LayerRegistry.create("Scale", Map.of("initial", 3.0));
        assertEquals(Map.of("initial", 3.0), l.arguments());
    }

    @Test
    void aModelWithItSavesAndLoads(@TempDir Path dir) throws Exception {
        Tensor x = Input.of("x", 4);
        Tensor y = new Dense(1).named("y").call(new Scale(0.5).call(x));
        Model m = new Model("scaled", List.of(x), List.of(y), 1L);
        Path file = dir.resolve("scaled.zip");
        m.save(file);
        Model back = Model.load(file);
        INDArray in = LayerChecks.randomDouble(4, 3, 4).castTo(DataType.FLOAT);
        assertArrayEquals(m.predict(in).get("y").data().asFloat(), back.predict(in).get("y").data().asFloat(), 0f);
        assertEquals("Scale", back.layers().get(1).type());
    }
}
