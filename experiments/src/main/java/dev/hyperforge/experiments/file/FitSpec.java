package dev.hyperforge.experiments.file;

import java.util.List;
import java.util.Map;

/**
 * The {@code fit} section.
 *
 * <pre>{@code
 * FitSpec f = new FitSpec(Setting.of(20), Setting.of(512), Setting.of(0.2), Setting.of(true), List.of());
 * }</pre>
 *
 * @param epochs epochs (≥ 1)
 * @param batchSize batch size (≥ 1)
 * @param validationSplit fraction of training data held out by fit itself, in [0, 1)
 * @param shuffle shuffle each epoch
 * @param callbacks callbacks in order
 * @param classWeight Keras' {@code class_weight}: class id (a whole number, as text) → weight (may be a template), or null
 */
public record FitSpec(Setting<Integer> epochs, Setting<Integer> batchSize, Setting<Double> validationSplit, Setting<Boolean> shuffle,
        List<CallbackSpec> callbacks, Map<String, Object> classWeight) {
    /** Without class weights. */
    public FitSpec(Setting<Integer> epochs, Setting<Integer> batchSize, Setting<Double> validationSplit, Setting<Boolean> shuffle,
            List<CallbackSpec> callbacks) {
        this(epochs, batchSize, validationSplit, shuffle, callbacks, null);
    }

    /** Validates constants and copies. */
    @SuppressWarnings("unchecked")
    public FitSpec {
        epochs = epochs == null ? Setting.of(1) : epochs;
        batchSize = batchSize == null ? Setting.of(32) : batchSize;
        validationSplit = validationSplit == null ? Setting.of(0.0) : validationSplit;
        shuffle = shuffle == null ? Setting.of(true) : shuffle;
        callbacks = List.copyOf(callbacks == null ? List.of() : callbacks);
        if (classWeight != null) {
            for (String k : classWeight.keySet()) {
                if (!k.matches("-?\\d+")) {
                    throw new IllegalArgumentException("class_weight keys are class ids (whole numbers), received '" + k + "'");
                }
            }
            classWeight = (Map<String, Object>) Params.freeze(classWeight);
        }
        if (!epochs.isRef() && epochs.value() < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, received " + epochs.value());
        }
        if (!batchSize.isRef() && batchSize.value() < 1) {
            throw new IllegalArgumentException("batch_size must be at least 1, received " + batchSize.value());
        }
        if (!validationSplit.isRef() && !(validationSplit.value() >= 0 && validationSplit.value() < 1)) {
            throw new IllegalArgumentException("validation_split must be in [0, 1), received " + validationSplit.value());
        }
    }

    /** Keras's defaults: 1 epoch, batch 32, no validation split, shuffle, no callbacks. */
    public static FitSpec defaults() {
        return new FitSpec(null, null, null, null, null);
    }
}
