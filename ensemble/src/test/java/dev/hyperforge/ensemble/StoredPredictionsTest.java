package dev.hyperforge.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.ArtifactKind;
import dev.hyperforge.tracker.FloatArrays;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.TestFixtures;
import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoded-predictions cache stays within its value budget however many runs are loaded, and answers right. */
class StoredPredictionsTest {
    @Test
    void manyDistinctRunsKeepAtMostTheBudgetOfDecodedValues() {
        InMemoryRunStore store = new InMemoryRunStore();
        StudyRecord study = store.createOrGetStudy(new StudySpec("cache", Direction.MINIMIZE, "random", "{}", 1), null);
        StoredPredictions predictions = new StoredPredictions(store, 40);
        float[] targets = {0, 1, 2, 3, 4, 5, 6, 7};
        Run first = run(store, study, 0f, targets);
        for (int i = 1; i <= 50; i++) {
            Run r = run(store, study, i, targets);
            EnsembleData data = predictions.load(List.of(first, r));
            float[] expected = targets.clone();
            for (int k = 0; k < expected.length; k++) {
                expected[k] += i;
            }
            assertArrayEquals(expected, data.members().get(1).predictions().get("y"));
            assertTrue(predictions.keptFloats() <= 40, "kept " + predictions.keptFloats() + " values");
        }
        store.close();
    }

    private static Run run(InMemoryRunStore store, StudyRecord s, float offset, float[] targets) {
        Run r = store.startRun(s.id(), TestFixtures.provenance());
        float[] p = targets.clone();
        for (int i = 0; i < p.length; i++) {
            p[i] += offset;
        }
        store.saveArtifact(r.id(), "val_predictions/y", ArtifactKind.PREDICTIONS, "application/x-hf-floats",
                FloatArrays.encode(p, p.length, 1));
        store.saveArtifact(r.id(), "val_targets/y", ArtifactKind.PREDICTIONS, "application/x-hf-floats",
                FloatArrays.encode(targets, targets.length, 1));
        return store.finishRun(r.id(), TrialState.COMPLETE, 1.0, null);
    }
}
