package dev.hyperforge.engine.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.FitOptions;
import dev.hyperforge.engine.History;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.layers.LayerChecks;

class ReduceLROnPlateauTest {
    /** The learning rate after each epoch. */
    private static List<Double> run(ReduceLROnPlateau r, Model m, double... values) {
        r.setModel(m);
        r.onTrainBegin(values.length, 1);
        List<Double> lrs = new ArrayList<>();
        for (int e = 0; e < values.length; e++) {
            r.onEpochEnd(e, CallbackFixtures.logs("val_loss", values[e]));
            lrs.add(m.optimizer().learningRate());
        }
        return lrs;
    }

    private static void assertRates(List<Double> expected, List<Double> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), 1e-12, "learning rate after epoch " + i + ": " + actual);
        }
    }

    @Test
    void reducesAfterPatienceEpochsAndNeverBelowMinLr() {
        Model m = CallbackFixtures.tinyModel();
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().patience(2).minLr(0.005).build();
        // best 0.9 at epoch 1; epochs 2, 3 flat -> 0.01 after epoch 3; epochs 4, 5 flat -> max(0.001, 0.005)
        List<Double> lrs = run(r, m, 1.0, 0.9, 0.95, 0.97, 0.96, 0.99, 0.98, 0.97, 0.99, 0.99);
        assertRates(List.of(0.1, 0.1, 0.1, 0.01, 0.01, 0.005, 0.005, 0.005, 0.005, 0.005), lrs);
    }

    @Test
    void cooldownDelaysTheNextCount() {
        Model m = CallbackFixtures.tinyModel();
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().patience(2).cooldown(2).build();
        List<Double> lrs = run(r, m, 1.0, 0.9, 0.95, 0.97, 0.96, 0.99, 0.98, 0.97);
        assertRates(List.of(0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001, 0.001), lrs);
    }

    @Test
    void improvementsSmallerThanMinDeltaDoNotCount() {
        Model m = CallbackFixtures.tinyModel();
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().patience(2).build(); // minDelta 1e-4
        List<Double> lrs = run(r, m, 1.0, 0.99995, 0.99992);
        assertRates(List.of(0.1, 0.1, 0.01), lrs);
    }

    @Test
    void maxModeWatchesAccuracy() {
        Model m = CallbackFixtures.tinyModel();
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().monitor("val_acc").patience(1).factor(0.5).minDelta(0).build();
        r.setModel(m);
        r.onTrainBegin(3, 1);
        r.onEpochEnd(0, CallbackFixtures.logs("val_acc", 0.5));
        r.onEpochEnd(1, CallbackFixtures.logs("val_acc", 0.6));
        assertEquals(0.1, m.optimizer().learningRate(), 1e-12);
        r.onEpochEnd(2, CallbackFixtures.logs("val_acc", 0.55));
        assertEquals(0.05, m.optimizer().learningRate(), 1e-12);
    }

    @Test
    void reducesDuringARealFit() {
        Model m = CallbackFixtures.tinyModel();
        INDArray x = LayerChecks.randomDouble(1, 32, 2).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray y = x.sum(true, 1);
        ReduceLROnPlateau r = ReduceLROnPlateau.builder().monitor("loss").patience(0).minDelta(1e9).build();
        History h = m.fit(x, y, FitOptions.builder().epochs(3).batchSize(16).callbacks(r).build());
        // "lr" in the history is the rate used during the epoch; the callback reduces it at epoch ends 1 and 2
        assertRates(List.of(0.1, 0.1, 0.01), h.get("lr"));
        assertEquals(0.001, m.optimizer().learningRate(), 1e-12);
    }

    @Test
    void rejectsBadSettingsAndNamesMissingMetrics() {
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().factor(1.0).build());
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().minLr(-1).build());
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().cooldown(-1).build());
        ReduceLROnPlateau r = new ReduceLROnPlateau();
        r.setModel(CallbackFixtures.tinyModel());
        var e = assertThrows(IllegalArgumentException.class, () -> r.onEpochEnd(0, Map.of("loss", 1.0, "val_mae", 2.0)));
        assertEquals(true, e.getMessage().startsWith("ReduceLROnPlateau monitors 'val_loss' but the logs have no such metric; available: "),
                e.getMessage());
        assertEquals(true, e.getMessage().contains("val_mae") && e.getMessage().contains("loss"), e.getMessage());
    }
}
