package dev.hyperforge.ensemble;

/** What an output predicts, detected from its validation targets. */
public enum Task {
    /** 0/1 targets, sigmoid probabilities (one or more independent columns); accuracy at threshold 0.5. */
    BINARY,
    /** One-hot (or integer label) targets, softmax rows; accuracy by arg-max. */
    MULTICLASS,
    /** Real-valued targets; weighted mean, mean squared error. */
    REGRESSION;

    /** @return whether predictions are probabilities */
    public boolean isClassification() {
        return this != REGRESSION;
    }
}
