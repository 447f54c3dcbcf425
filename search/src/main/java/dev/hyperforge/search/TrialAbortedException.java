package dev.hyperforge.search;

/**
 * Thrown by an objective to end a trial that cannot go on (training diverged, a stop was requested); the
 * {@link TrialLoop} records the trial FAILED with this exception's message as the whole reason, without a
 * stack trace, since the message already says what happened.
 *
 * <pre>{@code
 * if (!Double.isFinite(loss)) throw new TrialAbortedException("training diverged: loss became " + loss);
 * }</pre>
 */
public class TrialAbortedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param reason the reason recorded with the FAILED trial
     */
    public TrialAbortedException(String reason) {
        super(reason);
    }
}
