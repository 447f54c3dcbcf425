package dev.hyperforge.search.storage;

class InMemoryStudyStorageTest extends StudyStorageContract {

    @Override
    protected StudyStorage newStorage() {
        return new InMemoryStudyStorage();
    }

    @Override
    protected boolean supportsMultiObjective() {
        return true;
    }
}
