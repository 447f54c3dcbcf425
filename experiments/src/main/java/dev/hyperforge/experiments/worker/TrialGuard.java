package dev.hyperforge.experiments.worker;

import java.util.Map;

import dev.hyperforge.engine.callbacks.Callback;

/**
 * Ends a trial's training with a {@link TrialAbortedException} after the batch in which the training loss
 * became NaN or infinite (Keras' {@code TerminateOnNaN}, but failing the trial), or in which the worker was
 * asked to stop (SIGTERM, Ctrl-C).
 */
public final class TrialGuard implements Callback {
    private final StopSignal stop;
    private int epoch;

    /**
     * @param stop the worker's stop signal
     */
    public TrialGuard(StopSignal stop) {
        this.stop = stop;
    }

    @Override
    public void onEpochBegin(int e) {
        this.epoch = e;
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        check(logs, "batch " + batch + " of epoch " + epoch);
        if (stop.requested()) {
            throw new TrialAbortedException(stop.reason() + " (during batch " + batch + " of epoch " + epoch + ")");
        }
    }

    @Override
    public void onEpochEnd(int e, Map<String, Double> logs) {
        check(logs, "the end of epoch " + e);
    }

    private static void check(Map<String, Double> logs, String where) {
        for (Map.Entry<String, Double> entry : logs.entrySet()) {
            String name = entry.getKey();
            boolean loss = name.equals("loss") || name.endsWith("_loss");
            if (loss && entry.getValue() != null && !Double.isFinite(entry.getValue())) {
                throw new TrialAbortedException("training diverged: " + name + " became " + entry.getValue() + " at " + where
                        + "; try a smaller learning rate");
            }
        }
    }

    /** Thrown to end a trial that cannot go on; its message is the reason recorded with the FAILED trial. */
    public static final class TrialAbortedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * @param reason the reason
         */
        public TrialAbortedException(String reason) {
            super(reason);
        }
    }
}
