package dev.hyperforge.search;

/** The lifecycle of a trial: WAITING (queued) → RUNNING → COMPLETE, PRUNED or FAILED. */
public enum TrialState {
    /** Being evaluated by a worker. */
    RUNNING,
    /** Finished with a value. */
    COMPLETE,
    /** Stopped early by a pruner; keeps its last intermediate value. */
    PRUNED,
    /** The objective threw, returned NaN, or the worker's heartbeat went stale. */
    FAILED,
    /** Queued with fixed parameters, waiting for a worker. */
    WAITING;

    /** @return true for COMPLETE, PRUNED and FAILED */
    public boolean isFinished() {
        return this == COMPLETE || this == PRUNED || this == FAILED;
    }
}
