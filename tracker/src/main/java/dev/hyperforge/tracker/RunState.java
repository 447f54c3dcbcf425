package dev.hyperforge.tracker;

/**
 * Lifecycle state of a trial/run, the same five states as Optuna's {@code TrialState}.
 *
 * <p>{@link #WAITING} trials were enqueued and wait to be claimed; {@link #RUNNING} trials are being
 * written; {@link #COMPLETE}, {@link #PRUNED} and {@link #FAILED} are final: a run in a final state is
 * immutable.
 */
public enum RunState {
    /** Being evaluated by a worker. */
    RUNNING,
    /** Finished with an objective value. */
    COMPLETE,
    /** Stopped early by a pruner. */
    PRUNED,
    /** Finished with an error (or its worker stopped sending heartbeats). */
    FAILED,
    /** Enqueued with fixed parameters, not yet claimed by a worker. */
    WAITING;

    /**
     * Whether this state is final.
     *
     * @return true for COMPLETE, PRUNED and FAILED
     */
    public boolean isFinished() {
        return this == COMPLETE || this == PRUNED || this == FAILED;
    }
}
