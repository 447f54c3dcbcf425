package dev.hyperforge.ensemble;

/**
 * The single number that ranks ensembles (and single models) on the validation rows.
 *
 * <ul>
 *   <li>every output classification: {@code accuracy} = mean accuracy over outputs (higher is better), ties broken
 *       by the mean log-loss;</li>
 *   <li>every output regression: {@code mse} = mean MSE over outputs (lower is better);</li>
 *   <li>mixed: {@code loss} = sum of per-output losses (log-loss or MSE), like an unweighted Keras total loss.</li>
 * </ul>
 *
 * @param name {@code accuracy}, {@code mse} or {@code loss}
 * @param value the value
 * @param higherIsBetter whether larger values are better
 * @param tieBreak secondary loss used to break ties (lower is better)
 */
public record Score(String name, double value, boolean higherIsBetter, double tieBreak) implements Comparable<Score> {

    /** @return the value oriented so that lower is better */
    public double loss() {
        return higherIsBetter ? -value : value;
    }

    /**
     * A single number to minimise: the oriented value plus a tiny multiple of the tie-break, small enough never to
     * outweigh one validation row of accuracy.
     *
     * @param rows validation rows (the resolution of accuracy)
     * @return the objective
     */
    public double objective(int rows) {
        return loss() + tieBreak * 1e-3 / Math.max(1, rows);
    }

    /** Orders better scores first. */
    @Override
    public int compareTo(Score o) {
        int c = Double.compare(loss(), o.loss());
        return c != 0 ? c : Double.compare(tieBreak, o.tieBreak);
    }

    /**
     * @param other another score
     * @return whether this score is strictly better
     */
    public boolean betterThan(Score other) {
        return compareTo(other) < 0;
    }
}
