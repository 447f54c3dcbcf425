package dev.hyperforge.search.pruner;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import java.util.List;

/** Never prunes. */
public final class NopPruner implements Pruner {

    /** Creates the pruner. */
    public NopPruner() {
    }

    @Override
    public boolean shouldPrune(FrozenTrial trial, List<FrozenTrial> trials, Direction direction) {
        return false;
    }
}
