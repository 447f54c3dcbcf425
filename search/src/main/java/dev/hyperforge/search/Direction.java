package dev.hyperforge.search;

/** Whether a study minimises or maximises its objective. */
public enum Direction {
    /** Smaller is better. */
    MINIMIZE,
    /** Larger is better. */
    MAXIMIZE;

    /**
     * @param a a value
     * @param b another value
     * @return true if {@code a} is strictly better than {@code b}
     */
    public boolean isBetter(double a, double b) {
        return this == MINIMIZE ? a < b : a > b;
    }

    /**
     * Turns an objective value into a loss (smaller is better), which is what samplers and pruners work with.
     *
     * @param value objective value
     * @return {@code value} when minimising, {@code -value} when maximising
     */
    public double toLoss(double value) {
        return this == MINIMIZE ? value : -value;
    }
}
