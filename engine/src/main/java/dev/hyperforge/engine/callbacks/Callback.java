package dev.hyperforge.engine.callbacks;

import java.util.Map;

import dev.hyperforge.engine.Model;

/**
 * Hooks into training, as in Keras. Every method has an empty default; {@code logs} maps metric names
 * ({@code loss}, {@code val_loss}, {@code income_loss}, {@code accuracy}, …) to values.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.builder().epochs(10)
 *     .callbacks(new EarlyStopping("val_accuracy", 3, Mode.MAX)).build());
 * }</pre>
 */
public interface Callback {
    /** Called before training with the model being trained. */
    default void setModel(Model model) {
    }

    /** Start of {@code fit}. */
    default void onTrainBegin(int epochs, int stepsPerEpoch) {
    }

    /** End of {@code fit}. */
    default void onTrainEnd(Map<String, Double> logs) {
    }

    /** Start of an epoch (0-based). */
    default void onEpochBegin(int epoch) {
    }

    /** End of an epoch with the epoch's training and validation metrics. */
    default void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    /** End of a batch with running means of the epoch's metrics so far. */
    default void onBatchEnd(int batch, Map<String, Double> logs) {
    }
}
