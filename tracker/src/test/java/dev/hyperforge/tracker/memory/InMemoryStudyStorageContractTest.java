package dev.hyperforge.tracker.memory;

import dev.hyperforge.search.storage.StudyStorage;
import dev.hyperforge.search.storage.StudyStorageContract;

/** Search's storage contract on the tracker's in-memory store itself. */
class InMemoryStudyStorageContractTest extends StudyStorageContract {
    @Override
    protected StudyStorage newStorage() {
        return new InMemoryRunStore();
    }

    @Override
    protected boolean supportsMultiObjective() {
        return true;
    }
}
