package dev.hyperforge.ensemble;

/**
 * Validation metrics of one output.
 *
 * @param output output name
 * @param task the output's task
 * @param accuracy accuracy for classification outputs, else null
 * @param logLoss log-loss (cross-entropy, probabilities clipped to [1e-7, 1 - 1e-7]) for classification, else null
 * @param mse mean squared error for regression outputs, else null
 * @param mae mean absolute error for regression outputs, else null
 */
public record OutputMetrics(String output, Task task, Double accuracy, Double logLoss, Double mse, Double mae) {

    /** Classification or regression metrics without a mean absolute error (kept for callers of the first form). */
    public OutputMetrics(String output, Task task, Double accuracy, Double logLoss, Double mse) {
        this(output, task, accuracy, logLoss, mse, null);
    }

    /** @return the output's main metric: accuracy (classification) or MSE (regression) */
    public double primary() {
        return task.isClassification() ? accuracy : mse;
    }

    /** @return the output's loss: log-loss (classification) or MSE (regression) */
    public double loss() {
        return task.isClassification() ? logLoss : mse;
    }
}
