package dev.hyperforge.search;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The reason a {@link TrialLoop} records with a trial whose objective failed: one line first, then details. */
final class FailureReason {
    private FailureReason() {
    }

    /**
     * @param e what the objective threw
     * @return the message alone for a {@link TrialAbortedException}; a fixed line for running out of memory or
     *     stack; otherwise "objective failed: Type: message" followed by the stack trace
     */
    static String of(Throwable e) {
        if (e instanceof TrialAbortedException) {
            return e.getMessage();
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "): the trial's model or batches do not fit; the study goes on";
        }
        if (e instanceof StackOverflowError) {
            return "stack overflow: the objective recursed too deeply; the study goes on";
        }
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return "objective failed: " + e.getClass().getSimpleName() + ": " + e.getMessage() + "\n" + w;
    }
}
