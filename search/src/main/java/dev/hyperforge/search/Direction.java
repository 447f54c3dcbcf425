package dev.hyperforge.search;

/** Whether a study minimises or maximises its objective (a multi-objective study has one per objective). */
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

    /** Most objectives a study may have. */
    public static final int MAX_OBJECTIVES = 8;

    /**
     * Validates a list of directions (1..8, none null) and copies it.
     *
     * @param directions the directions
     * @param owner what they belong to, for the message
     * @return an unmodifiable copy
     */
    public static java.util.List<Direction> checkAll(java.util.List<Direction> directions, String owner) {
        java.util.Objects.requireNonNull(directions, "directions of " + owner);
        if (directions.isEmpty() || directions.size() > MAX_OBJECTIVES) {
            throw new IllegalArgumentException(owner + " needs 1.." + MAX_OBJECTIVES + " directions, received "
                    + directions.size());
        }
        for (int i = 0; i < directions.size(); i++) {
            java.util.Objects.requireNonNull(directions.get(i), "direction " + i + " of " + owner);
        }
        return java.util.List.copyOf(directions);
    }
}
