package dev.hyperforge.search;

/**
 * What a study optimises: evaluates a trial's parameters and returns its score. It may report intermediate
 * values and stop early by throwing {@link TrialPrunedException} when {@link Trial#shouldPrune()} says so.
 *
 * <pre>{@code
 * Objective objective = trial -> {
 *     double x = trial.getDouble("x");
 *     for (int epoch = 0; epoch < 10; epoch++) {
 *         trial.report(epoch, x * x / (epoch + 1));
 *         if (trial.shouldPrune()) throw new TrialPrunedException();
 *     }
 *     return x * x;
 * };
 * }</pre>
 */
@FunctionalInterface
public interface Objective {

    /**
     * @param trial the live trial
     * @return its score; NaN makes the trial FAILED
     * @throws Exception any failure makes the trial FAILED with the error text kept
     */
    double evaluate(Trial trial) throws Exception;
}
