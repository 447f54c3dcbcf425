package dev.hyperforge.experiments.data;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training and validation data of one fit (a hold-out split, the test set, or one fold).
 *
 * <pre>{@code
 * Split s = Splits.holdout(data, 0.2, 7L);
 * model.fit(s.trainX(), s.trainY(), FitOptions.builder().validationData(s.valX(), s.valY()).build());
 * }</pre>
 *
 * @param trainX training inputs by name
 * @param trainY training targets by name
 * @param valX validation inputs, or null when there is none
 * @param valY validation targets, or null when there is none
 * @param label e.g. {@code fold 2/4}
 */
public record Split(Map<String, INDArray> trainX, Map<String, INDArray> trainY, Map<String, INDArray> valX, Map<String, INDArray> valY,
        String label) {
    /** Validates. */
    public Split {
        if (trainX == null || trainY == null) {
            throw new IllegalArgumentException("a split needs training data");
        }
        if ((valX == null) != (valY == null)) {
            throw new IllegalArgumentException("validation data needs both inputs and targets");
        }
    }

    /** Whether there is validation data. */
    public boolean hasValidation() {
        return valX != null;
    }
}
