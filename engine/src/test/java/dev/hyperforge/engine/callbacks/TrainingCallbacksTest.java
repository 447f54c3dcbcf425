package dev.hyperforge.engine.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.FitOptions;
import dev.hyperforge.engine.History;
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.optimizers.Adam;
import dev.hyperforge.engine.optimizers.SGD;
import dev.hyperforge.engine.optimizers.schedules.ExponentialDecay;

/** LearningRateScheduler and CSVLogger on a small regression. */
class TrainingCallbacksTest {
    @TempDir
    Path dir;

    private static Model model(dev.hyperforge.engine.optimizers.Optimizer opt) {
        Tensor x = Input.of("x", 3);
        Model m = new Model(x, new Dense(1).named("y").call(x));
        m.compile(opt, "mse", "mae");
        return m;
    }

    private static final INDArray X = LayerChecks.randomDouble(1, 32, 3).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
    private static final INDArray Y = X.sum(true, 1);

    @Test
    void schedulerSetsEachEpochsRateFromValuesOrASchedule() {
        Model m = model(new SGD(0.5));
        History h = m.fit(X, Y, FitOptions.builder().epochs(4).callbacks(
                LearningRateScheduler.fromConfig(Map.of("values", List.of(0.1, 0.05, 0.01)))).build());
        assertEquals(List.of(0.1, 0.05, 0.01, 0.01), h.get("lr"));

        Model n = model(new SGD(0.5));
        History g = n.fit(X, Y, FitOptions.builder().epochs(3).callbacks(LearningRateScheduler.fromConfig(Map.of("schedule",
                Map.of("type", "ExponentialDecay", "initial_learning_rate", 0.08, "decay_steps", 1, "decay_rate", 0.5)))).build());
        assertEquals(List.of(0.08, 0.04, 0.02), g.get("lr"));

        Model k = model(new SGD(0.5));
        History f = k.fit(X, Y, FitOptions.builder().epochs(3).callbacks(new LearningRateScheduler((epoch, lr) -> lr * 0.5)).build());
        assertEquals(List.of(0.25, 0.125, 0.0625), f.get("lr"));
    }

    @Test
    void schedulerRefusesBadArgumentsAndAnOptimizerWithItsOwnSchedule() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateScheduler.fromConfig(Map.of()));
        assertThrows(IllegalArgumentException.class, () -> LearningRateScheduler.fromConfig(Map.of("values", List.of(0.1, -1))));
        assertThrows(IllegalArgumentException.class, () -> LearningRateScheduler.fromConfig(Map.of("values", List.of(0.1), "factor", 2)));
        Model m = model(new Adam(0.01).learningRate(new ExponentialDecay(0.01, 10, 0.5, false)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> m.fit(X, Y, FitOptions.builder().callbacks(LearningRateScheduler.perEpoch(0.1)).build()));
        assertTrue(e.getMessage().contains("cannot be set"), e.getMessage());
    }

    @Test
    void csvLoggerWritesKerasColumnsAndAppends() throws IOException {
        Path csv = dir.resolve("logs/train.csv");
        Model m = model(new SGD(0.01));
        m.fit(X, Y, FitOptions.builder().epochs(2).callbacks(CSVLogger.fromConfig(Map.of("filename", csv.toString()))).build());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("epoch,loss,lr,mae,val_loss,val_lr,val_mae", lines.get(0));
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).startsWith("0,") && lines.get(1).endsWith(",NA,NA,NA"), lines.get(1));

        m.fit(X, Y, FitOptions.builder().epochs(1).validationSplit(0.25)
                .callbacks(CSVLogger.fromConfig(Map.of("filename", csv.toString(), "separator", ";", "append", true))).build());
        lines = Files.readAllLines(csv);
        assertEquals(4, lines.size(), "appended one row without a second header");
        String[] cells = lines.get(3).split(";");
        assertEquals(6, cells.length, "epoch;loss;lr;mae;val_loss;val_mae: " + lines.get(3));
        assertEquals("0", cells[0]);

        m.fit(X, Y, FitOptions.builder().epochs(1).callbacks(new CSVLogger(csv, ",", false)).build());
        assertEquals(2, Files.readAllLines(csv).size(), "overwritten without append");
        assertThrows(IllegalArgumentException.class, () -> CSVLogger.fromConfig(Map.of("file", "a.csv")));
    }
}
