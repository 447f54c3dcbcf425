package dev.hyperforge.search;

/** Thrown by an objective to stop a trial that its pruner flagged; the trial is recorded as PRUNED. */
public class TrialPrunedException extends RuntimeException {

    /** Creates the exception. */
    public TrialPrunedException() {
        super("trial pruned");
    }

    /**
     * @param message why
     */
    public TrialPrunedException(String message) {
        super(message);
    }
}
