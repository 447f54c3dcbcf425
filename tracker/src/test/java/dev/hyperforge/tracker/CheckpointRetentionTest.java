package dev.hyperforge.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointRetentionTest {
    private final InMemoryRunStore store = new InMemoryRunStore();

    /** Runs with these objective values (null: PRUNED), each with a checkpoint and predictions. */
    private List<Run> study(long studyId, Double... values) {
        List<Run> runs = new ArrayList<>();
        for (Double v : values) {
            Run r = store.startRun(studyId, TestFixtures.provenance());
            store.saveArtifact(r.id(), "best-checkpoint.zip", ArtifactKind.CHECKPOINT, "application/zip", new byte[] {(byte) r.id()});
            store.saveArtifact(r.id(), "val_predictions/out", ArtifactKind.PREDICTIONS, "application/x-hf-floats", new byte[] {1});
            store.finishRun(r.id(), v == null ? TrialState.PRUNED : TrialState.COMPLETE, v, null);
            runs.add(r);
        }
        return runs;
    }

    private List<Integer> withCheckpoint(List<Run> runs) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            if (store.artifacts(runs.get(i).id()).stream().anyMatch(a -> a.kind() == ArtifactKind.CHECKPOINT)) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void topKKeepsTheBestTrialsCheckpointsByTheStudysDirectionAndAllPredictions() {
        long max = store.createOrGetStudy(new StudySpec("max", Direction.MAXIMIZE, "random", "{}", 1)).id();
        List<Run> runs = study(max, 0.5, 0.9, null, 0.7, 0.8);
        CheckpointRetention.parse("2", "--keep-checkpoints").save(store, max);
        List<Artifact> dropped = CheckpointRetention.load(store, max).apply(store, max);
        assertEquals(3, dropped.size());
        assertEquals(List.of(1, 4), withCheckpoint(runs));
        runs.forEach(r -> assertEquals(1, store.artifacts(r.id()).stream().filter(a -> a.kind() == ArtifactKind.PREDICTIONS).count()));
        assertEquals(List.of(), CheckpointRetention.load(store, max).apply(store, max), "applying again drops nothing");

        long min = store.createOrGetStudy(new StudySpec("min", Direction.MINIMIZE, "random", "{}", 1)).id();
        List<Run> loss = study(min, 0.5, 0.9, 0.1);
        new CheckpointRetention(1).apply(store, min);
        assertEquals(List.of(2), withCheckpoint(loss));
    }

    @Test
    void allIsTheDefaultNoneDropsEveryCheckpointAndBadValuesAreRefused() {
        long s = store.createOrGetStudy(new StudySpec("s", Direction.MAXIMIZE, "random", "{}", 1)).id();
        List<Run> runs = study(s, 0.1, 0.2);
        assertEquals(CheckpointRetention.ALL, CheckpointRetention.load(store, s));
        assertEquals(List.of(), CheckpointRetention.ALL.apply(store, s));
        CheckpointRetention.parse("none", "x").save(store, s);
        CheckpointRetention.load(store, s).apply(store, s);
        assertEquals(List.of(), withCheckpoint(runs));
        for (String bad : List.of("-1", "three", "", "2.5")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CheckpointRetention.parse(bad, "--keep-checkpoints"));
            assertEquals("--keep-checkpoints must be a count >= 0, 'all' or 'none', received '" + bad + "'", e.getMessage());
        }
    }
}
