package dev.hyperforge.engine.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hyperforge.engine.Model;

class ModelCheckpointTest {
    @TempDir
    Path dir;

    private static void run(ModelCheckpoint c, Model m, String metric, double... values) {
        c.setModel(m);
        c.onTrainBegin(values.length, 1);
        for (int e = 0; e < values.length; e++) {
            CallbackFixtures.fillWeights(m, e);
            c.onEpochEnd(e, CallbackFixtures.logs(metric, values[e]));
        }
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void saveBestOnlyWritesOnlyWhenTheMetricImproved() throws IOException {
        Model m = CallbackFixtures.tinyModel();
        ModelCheckpoint c = new ModelCheckpoint(dir.resolve("ckpt-{epoch}.zip"), "val_loss", Mode.MIN, true);
        // improvements at epochs 0 and 2 (0-based); an equal value is not an improvement
        run(c, m, "val_loss", 0.5, 0.6, 0.4, 0.4, 0.45);
        assertEquals(List.of("ckpt-1.zip", "ckpt-3.zip"), files());
        assertEquals(dir.resolve("ckpt-3.zip"), c.lastSaved());
        assertEquals(0.4, c.best());
        assertEquals(2.0, CallbackFixtures.weightsValue(Model.load(dir.resolve("ckpt-3.zip"))), "weights of the best epoch");
    }

    @Test
    void oneFileKeepsTheBestModel() throws IOException {
        Model m = CallbackFixtures.tinyModel();
        ModelCheckpoint c = new ModelCheckpoint(dir.resolve("best.zip"), "val_accuracy", Mode.AUTO, true);
        run(c, m, "val_accuracy", 0.5, 0.7, 0.6, 0.65);
        assertEquals(List.of("best.zip"), files());
        assertEquals(1.0, CallbackFixtures.weightsValue(Model.load(dir.resolve("best.zip"))));
    }

    @Test
    void savesEveryEpochWithFormattedPlaceholders() throws IOException {
        Model m = CallbackFixtures.tinyModel();
        ModelCheckpoint c = new ModelCheckpoint(dir.resolve("e{epoch:02d}-{val_loss:.2f}.zip"));
        run(c, m, "val_loss", 0.5, 0.625, 0.4);
        assertEquals(List.of("e01-0.50.zip", "e02-0.63.zip", "e03-0.40.zip"), files());
        assertEquals(1.0, CallbackFixtures.weightsValue(Model.load(dir.resolve("e02-0.63.zip"))));
    }

    @Test
    void errorsNameTheMissingMetric() {
        Model m = CallbackFixtures.tinyModel();
        ModelCheckpoint best = new ModelCheckpoint(dir.resolve("b.zip"), "val_loss", Mode.MIN, true);
        best.setModel(m);
        var e = assertThrows(IllegalArgumentException.class, () -> best.onEpochEnd(0, Map.of("loss", 1.0)));
        assertTrue(e.getMessage().startsWith("ModelCheckpoint monitors 'val_loss' but the logs have no such metric; available: [loss]"),
                e.getMessage());
        ModelCheckpoint each = new ModelCheckpoint(dir.resolve("m-{val_auc}.zip"));
        each.setModel(m);
        var p = assertThrows(IllegalArgumentException.class, () -> each.onEpochEnd(0, Map.of("loss", 1.0)));
        assertTrue(p.getMessage().contains("uses {val_auc} but the logs have no metric 'val_auc'; available: epoch and [loss]"), p.getMessage());
        assertNull(each.lastSaved());
    }

    @Test
    void unattachedCheckpointSaysHowToUseIt() {
        ModelCheckpoint c = new ModelCheckpoint(dir.resolve("x.zip"));
        assertThrows(IllegalStateException.class, () -> c.onEpochEnd(0, Map.of("loss", 1.0)));
    }
}
