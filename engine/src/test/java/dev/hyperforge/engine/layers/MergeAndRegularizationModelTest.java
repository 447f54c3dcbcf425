package dev.hyperforge.engine.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.FitOptions;
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Dropout;
import dev.hyperforge.engine.layers.merging.Add;
import dev.hyperforge.engine.layers.merging.Concatenate;
import dev.hyperforge.engine.layers.normalization.BatchNormalization;
import dev.hyperforge.engine.optimizers.Adam;

/** Dropout, BatchNormalization, Concatenate and Add inside a model: training, summary, save and load. */
class MergeAndRegularizationModelTest {
    @TempDir
    Path dir;

    @Test
    void trainsSavesAndLoadsWithMovingStatistics() throws IOException {
        Tensor x = Input.of("x", 4);
        Tensor a = new Dropout(0.3).call(new BatchNormalization().named("bn").call(new Dense(6, "relu").call(x)));
        Tensor b = new Dense(6, "tanh").call(x);
        Tensor merged = new Concatenate().named("merge").call(new Add().named("sum").call(a, b), x);
        Tensor out = new Dense(1).named("y").call(merged);
        Model m = new Model("mixed", List.of(x), List.of(out), 2L);
        m.compile(new Adam(0.01), "mse");
        assertTrue(m.summary().contains("merge"), m.summary());

        INDArray xs = LayerChecks.randomDouble(1, 64, 4).castTo(DataType.FLOAT);
        INDArray ys = xs.sum(true, 1).castTo(DataType.FLOAT);
        double before = m.evaluate(xs, ys).get("loss");
        m.fit(xs, ys, FitOptions.builder().epochs(5).batchSize(16).build());
        assertTrue(m.evaluate(xs, ys).get("loss") < before);
        INDArray movingMean = m.getLayer("bn").params().get(2).value();
        assertNotEquals(0.0, movingMean.sumNumber().doubleValue(), "moving mean was updated by training");

        Path file = dir.resolve("mixed.zip");
        m.save(file);
        Model loaded = Model.load(file);
        assertEquals(m.toJson(), loaded.toJson());
        assertEquals(movingMean, loaded.getLayer("bn").params().get(2).value());
        assertEquals(m.predict(xs).get("y"), loaded.predict(xs).get("y"));
    }
}
