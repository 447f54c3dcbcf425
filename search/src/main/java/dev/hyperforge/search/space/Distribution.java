package dev.hyperforge.search.space;

/**
 * The domain of one parameter. Every distribution maps the unit cube {@code [0,1]^unitDimension()} onto its
 * values ({@link #fromUnit}) and back ({@link #toUnit}), so samplers work on numbers in {@code [0,1]} only,
 * and describes the features a surrogate model sees ({@link #toFeatures}).
 *
 * <p>Values are JSON-friendly: {@link Double} for floats, {@link Integer} for ints, the declared choice
 * (String, Number or Boolean) for categoricals and a {@code List<Double>} for simplex weights.
 */
public sealed interface Distribution
        permits FloatDistribution, IntDistribution, CategoricalDistribution, SimplexDistribution {

    /** @return how many unit-cube coordinates this distribution consumes */
    int unitDimension();

    /**
     * Maps unit-cube coordinates to a value.
     *
     * @param u coordinates, each clamped into [0,1]
     * @param offset index of this distribution's first coordinate
     * @return a value inside the distribution
     */
    Object fromUnit(double[] u, int offset);

    /**
     * Maps a value to unit-cube coordinates (the inverse of {@link #fromUnit} on its image).
     *
     * @param value a value accepted by {@link #contains}
     * @param out destination
     * @param offset index of the first coordinate to write
     */
    void toUnit(Object value, double[] out, int offset);

    /** @return how many features a surrogate model sees for this distribution */
    default int featureDimension() {
        return unitDimension();
    }

    /**
     * Writes the surrogate features of a value (scaled to [0,1]; log parameters in log space; one-hot
     * for categoricals).
     *
     * @param value a value of this distribution
     * @param out destination
     * @param offset first index to write
     */
    default void toFeatures(Object value, double[] out, int offset) {
        toUnit(value, out, offset);
    }

    /** @return true when the coordinates of this distribution are continuous (not snapped to a grid) */
    boolean continuous();

    /**
     * @param value a candidate value
     * @return true if the value belongs to this distribution
     */
    boolean contains(Object value);

    /**
     * Converts a value read back from JSON (e.g. a {@code Long} or a {@code Double} for an int) to the
     * canonical type of this distribution.
     *
     * @param value a value
     * @return the canonical value
     * @throws IllegalArgumentException if the value does not belong to this distribution
     */
    Object canonical(Object value);

    /**
     * Clamps a coordinate into [0,1].
     *
     * @param v a coordinate
     * @return v clamped (NaN becomes 0.5)
     */
    static double clampUnit(double v) {
        if (Double.isNaN(v)) {
            return 0.5;
        }
        return Math.min(1.0, Math.max(0.0, v));
    }
}
