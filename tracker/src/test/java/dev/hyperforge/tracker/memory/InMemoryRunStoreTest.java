package dev.hyperforge.tracker.memory;

import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.RunStoreContract;

/** The contract on the in-memory store. */
class InMemoryRunStoreTest extends RunStoreContract {
    @Override
    protected RunStore newStore() {
        return new InMemoryRunStore(clock);
    }
}
