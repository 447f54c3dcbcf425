package dev.hyperforge.search.pruner;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import java.util.List;

/**
 * Decides from intermediate values whether a running trial should stop. Implementations are immutable and
 * look only at the snapshots they are given.
 *
 * <pre>{@code
 * Pruner pruner = new MedianPruner(5, 2, 1);
 * boolean stop = pruner.shouldPrune(trial, study.trials(), Direction.MINIMIZE);
 * }</pre>
 */
public interface Pruner {

    /**
     * @param trial snapshot of the running trial, with its intermediate values
     * @param trials snapshots of all trials of the study (may include {@code trial})
     * @param direction the study's direction
     * @return true if the trial should be pruned now
     */
    boolean shouldPrune(FrozenTrial trial, List<FrozenTrial> trials, Direction direction);
}
