package dev.hyperforge.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.search.storage.StudyStorage;
import dev.hyperforge.search.storage.StudyStorageContract;
import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A store seen through {@link TrialStore#withRunContext} passes the same contract, and records the context:
 * the experiment link of a study it creates, the provenance of each trial it starts, the distributions of the
 * parameters it sets.
 */
class ContextStudyStorageTest extends StudyStorageContract {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @Override
    protected StudyStorage newStorage() {
        return new InMemoryRunStore().withRunContext(new RunContext(() -> TestFixtures.provenance(), null, Map.of()));
    }

    @Test
    void theContextIsRecordedWithTheStudyTheTrialAndItsParameters() {
        RunStore store = new InMemoryRunStore();
        long experiment = store.saveExperiment("epochs: 3\n").id();
        StudyStorage s = store.withRunContext(new RunContext(() -> TestFixtures.provenance(), experiment,
                Map.of("lr", "{\"type\":\"float\",\"log\":true}")));
        long study = s.createStudy(new StudySpec("ctx", Direction.MINIMIZE, "random", "{}", 3)).id();
        assertEquals(experiment, store.study(study).experimentId());
        FrozenTrial t = s.createTrial(study, T0);
        assertTrue(store.provenance(t.id()).isPresent(), "provenance recorded with the trial");
        s.setTrialParams(t.id(), Map.of("lr", 0.01), Map.of());
        assertEquals("{\"type\":\"float\",\"log\":true}", store.run(t.id()).params().get("lr").distributionJson());
        assertEquals(T0, store.run(t.id()).startedAt(), "the caller's clock stamps the trial");
        assertTrue(store.provenance(store.createTrial(study, T0).id()).isEmpty(), "the bare store records none");
    }

    @Override
    protected boolean supportsMultiObjective() {
        return true;
    }
}
