package dev.hyperforge.experiments.worker;

import java.util.Map;

import dev.hyperforge.engine.callbacks.Callback;
import dev.hyperforge.search.StopSignal;
import dev.hyperforge.search.Trial;
import dev.hyperforge.search.TrialAbortedException;

/**
 * Ends a training run with a {@link TrialAbortedException} after the batch in which a stop was requested
 * (SIGTERM, Ctrl-C: {@link dev.hyperforge.experiments.run.GracefulStop}) or, for trials, in which the training
 * loss became NaN or infinite (Keras' {@code TerminateOnNaN}, but failing the trial). The trial loop records the
 * exception's message as the reason of the FAILED trial.
 *
 * <pre>{@code
 * callbacks.add(TrialGuard.forTrial(loop.stopSignal()));   // hf tune, hf worker
 * callbacks.add(TrialGuard.stopOnly(signal));              // hf train: a diverging run still finishes
 * }</pre>
 */
public final class TrialGuard implements Callback {
    private final StopSignal stop;
    private final Trial trial;
    private final boolean failOnDivergence;
    private int epoch;

    private TrialGuard(StopSignal stop, Trial trial, boolean failOnDivergence) {
        this.stop = stop;
        this.trial = trial;
        this.failOnDivergence = failOnDivergence;
    }

    /**
     * @param stop the trial loop's stop signal
     * @param trial the trial being trained: it also ends when its loop gives it up ({@link Trial#abortReason()},
     *     e.g. another worker failed it for a stale heartbeat), or null
     * @return a guard that ends the trial on a stop, on an abandoned trial and on a diverging loss
     */
    public static TrialGuard forTrial(StopSignal stop, Trial trial) {
        return new TrialGuard(stop, trial, true);
    }

    /**
     * @param stop the trial loop's stop signal
     * @return a guard that ends the trial on a stop and on a diverging loss
     */
    public static TrialGuard forTrial(StopSignal stop) {
        return forTrial(stop, null);
    }

    /**
     * @param stop the command's stop signal
     * @return a guard that ends the run on a stop only
     */
    public static TrialGuard stopOnly(StopSignal stop) {
        return new TrialGuard(stop, null, false);
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
        if (trial != null && trial.abortReason() != null) {
            throw new TrialAbortedException(trial.abortReason() + " (during batch " + batch + " of epoch " + epoch + ")");
        }
    }

    @Override
    public void onEpochEnd(int e, Map<String, Double> logs) {
        check(logs, "the end of epoch " + e);
    }

    private void check(Map<String, Double> logs, String where) {
        if (!failOnDivergence) {
            return;
        }
        for (Map.Entry<String, Double> entry : logs.entrySet()) {
            String name = entry.getKey();
            boolean loss = name.equals("loss") || name.endsWith("_loss");
            if (loss && entry.getValue() != null && !Double.isFinite(entry.getValue())) {
                throw new TrialAbortedException("training diverged: " + name + " became " + entry.getValue() + " at " + where
                        + "; try a smaller learning rate");
            }
        }
    }
}
