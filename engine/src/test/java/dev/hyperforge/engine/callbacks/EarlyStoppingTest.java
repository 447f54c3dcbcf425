package dev.hyperforge.engine.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.FitOptions;
import dev.hyperforge.engine.History;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.layers.LayerChecks;

class EarlyStoppingTest {
    /** Drives the callback like fit does; returns the number of epochs run. */
    private static int run(EarlyStopping es, Model m, String metric, double... values) {
        es.setModel(m);
        es.onTrainBegin(values.length, 1);
        int epochs = 0;
        for (int e = 0; e < values.length && !m.stopRequested(); e++) {
            CallbackFixtures.fillWeights(m, e);
            es.onEpochEnd(e, CallbackFixtures.logs(metric, values[e]));
            epochs++;
        }
        es.onTrainEnd(Map.of());
        return epochs;
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        Model m = CallbackFixtures.tinyModel();
        EarlyStopping es = EarlyStopping.builder().patience(2).build();
        // best 0.8 at epoch 1; epochs 2 and 3 do not improve -> stop at epoch 3
        assertEquals(4, run(es, m, "val_loss", 1.0, 0.8, 0.85, 0.9, 0.7, 0.6));
        assertEquals(3, es.stoppedEpoch());
        assertEquals(1, es.bestEpoch());
        assertEquals(0.8, es.best());
        assertTrue(m.stopRequested());
        assertEquals(3.0, CallbackFixtures.weightsValue(m), "weights are left alone without restoreBestWeights");
    }

    @Test
    void neverStopsWhileImproving() {
        Model m = CallbackFixtures.tinyModel();
        EarlyStopping es = new EarlyStopping("val_loss", 0, Mode.MIN);
        assertEquals(4, run(es, m, "val_loss", 4, 3, 2, 1));
        assertEquals(-1, es.stoppedEpoch());
        assertFalse(m.stopRequested());
    }

    @Test
    void minDeltaMakesSmallGainsCountAsNoImprovement() {
        Model m = CallbackFixtures.tinyModel();
        EarlyStopping es = EarlyStopping.builder().patience(1).minDelta(0.1).build();
        assertEquals(2, run(es, m, "val_loss", 1.0, 0.95, 0.5));
        assertEquals(1, es.stoppedEpoch());
    }

    @Test
    void accuracyIsMaximisedInMaxAndAutoMode() {
        for (Mode mode : new Mode[] {Mode.MAX, Mode.AUTO}) {
            Model m = CallbackFixtures.tinyModel();
            EarlyStopping es = new EarlyStopping("val_accuracy", 2, mode);
            assertEquals(4, run(es, m, "val_accuracy", 0.5, 0.6, 0.55, 0.58, 0.7), mode.name());
            assertEquals(3, es.stoppedEpoch());
        }
        Model m = CallbackFixtures.tinyModel();
        EarlyStopping min = new EarlyStopping("val_accuracy", 2, Mode.MIN);
        assertEquals(3, run(min, m, "val_accuracy", 0.5, 0.6, 0.55, 0.58, 0.7));
    }

    @Test
    void restoreBestWeightsPutsBackTheBestEpochsWeights() {
        Model m = CallbackFixtures.tinyModel();
        EarlyStopping es = EarlyStopping.builder().patience(2).restoreBestWeights(true).build();
        assertEquals(4, run(es, m, "val_loss", 0.5, 0.3, 0.4, 0.45, 0.2));
        assertEquals(3, es.stoppedEpoch());
        assertEquals(1.0, CallbackFixtures.weightsValue(m), "weights of epoch 1 (val_loss 0.3)");
    }

    @Test
    void restoreBestWeightsAlsoWhenTrainingRanToTheEnd() {
        Model m = CallbackFixtures.tinyModel();
        EarlyStopping es = EarlyStopping.builder().patience(5).restoreBestWeights(true).build();
        assertEquals(3, run(es, m, "val_loss", 0.5, 0.1, 0.4));
        assertEquals(1.0, CallbackFixtures.weightsValue(m));
    }

    @Test
    void baselineKeepsCountingUntilBeaten() {
        Model m = CallbackFixtures.tinyModel();
        EarlyStopping es = EarlyStopping.builder().patience(2).baseline(0.5).build();
        // epoch 0 improves on "nothing" but not on the baseline, so its wait is not reset; epoch 1 makes it 2
        assertEquals(2, run(es, m, "val_loss", 0.9, 0.95, 0.96));
        assertEquals(1, es.stoppedEpoch());
        Model m2 = CallbackFixtures.tinyModel();
        EarlyStopping without = EarlyStopping.builder().patience(2).build();
        assertEquals(3, run(without, m2, "val_loss", 0.9, 0.95, 0.96));
    }

    @Test
    void trainBeginResetsTheState() {
        Model m = CallbackFixtures.tinyModel();
        EarlyStopping es = EarlyStopping.builder().patience(1).build();
        run(es, m, "val_loss", 1, 2, 3);
        assertEquals(1, es.stoppedEpoch());
        Model m2 = CallbackFixtures.tinyModel();
        assertEquals(3, run(es, m2, "val_loss", 3, 2, 1));
        assertEquals(-1, es.stoppedEpoch());
    }

    @Test
    void missingMetricNamesItAndTheAvailableKeys() {
        EarlyStopping es = new EarlyStopping();
        es.setModel(CallbackFixtures.tinyModel());
        var e = assertThrows(IllegalArgumentException.class, () -> es.onEpochEnd(0, Map.of("loss", 1.0)));
        assertEquals("EarlyStopping monitors 'val_loss' but the logs have no such metric; available: [loss]; "
                + "validation metrics need validation data (FitOptions validationSplit or validationData)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.builder().patience(-1).build());
    }

    @Test
    void stopsARealFit() {
        Model m = CallbackFixtures.tinyModel();
        INDArray x = LayerChecks.randomDouble(1, 32, 2).castTo(DataType.FLOAT);
        INDArray y = x.sum(true, 1);
        EarlyStopping es = EarlyStopping.builder().monitor("loss").patience(0).minDelta(1e9).build();
        History h = m.fit(x, y, FitOptions.builder().epochs(10).batchSize(16).callbacks(es).build());
        assertEquals(2, h.epochs().size());
        assertEquals(1, es.stoppedEpoch());
    }
}
