package dev.hyperforge.experiments.worker;

/**
 * A request to stop, with its reason, shared by a worker and the trials it runs (the training loop checks it
 * after every batch through {@link TrialGuard}).
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
