package dev.hyperforge.search;

/**
 * A request to stop a {@link TrialLoop}, with its reason, shared by the loop and the objective it runs: once
 * requested the loop claims no new trial, and an objective that checks the signal ends its trial early by
 * throwing a {@link TrialAbortedException} carrying the reason, which the loop records with the FAILED trial.
 *
 * <pre>{@code
 * StopSignal stop = new StopSignal();
 * Objective objective = trial -> {
 *     for (int epoch = 0; epoch < 100; epoch++) {
 *         if (stop.requested()) throw new TrialAbortedException(stop.reason());
 *         train(epoch);
 *     }
 *     return score();
 * };
 * TrialLoop loop = TrialLoop.builder(study, objective).trials(50).stopSignal(stop).build();
 * // elsewhere, e.g. a shutdown hook: stop.request("interrupted: SIGTERM");
 * }</pre>
 */
public final class StopSignal {
    private volatile String reason;

    /**
     * Requests the stop (the first reason wins).
     *
     * @param why the reason recorded with the trials it fails
     */
    public synchronized void request(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    /** @return whether a stop was requested */
    public boolean requested() {
        return reason != null;
    }

    /** @return the reason, or null */
    public String reason() {
        return reason;
    }
}
