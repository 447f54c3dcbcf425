package dev.hyperforge.engine.callbacks;

import java.util.Map;

import dev.hyperforge.engine.Model;

/**
 * Stops training as soon as a batch's loss is NaN or infinite (Keras' {@code TerminateOnNaN}). Without it
 * such a loss stops {@code fit} with an error; with it the batch's update is skipped (the weights keep
 * their last finite values), the epoch ends there with {@code loss} NaN in its logs, and no further epoch runs.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.builder().epochs(50).callbacks(new TerminateOnNaN()).build());
 * }</pre>
 */
public final class TerminateOnNaN implements Callback {
    private Model model;
    private int stoppedAtBatch = -1;

    /** The callback (it takes no arguments). */
    public TerminateOnNaN() {
    }

    @Override
    public void setModel(Model m) {
        this.model = m;
    }

    @Override
    public void onTrainBegin(int epochs, int stepsPerEpoch) {
        stoppedAtBatch = -1;
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (loss != null && !Double.isFinite(loss) && model != null) {
            stoppedAtBatch = batch;
            model.stopTraining();
        }
    }

    /** The batch (within its epoch) whose loss was not finite, or -1 when training was not stopped. */
    public int stoppedAtBatch() {
        return stoppedAtBatch;
    }
}
