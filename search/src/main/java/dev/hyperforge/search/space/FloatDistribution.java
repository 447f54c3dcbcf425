package dev.hyperforge.search.space;

/**
 * A real parameter in {@code [low, high]}, uniform on a linear or a log scale.
 *
 * <pre>{@code
 * FloatDistribution lr = FloatDistribution.log(1e-5, 1e-1);
 * }</pre>
 *
 * @param low lower bound (inclusive)
 * @param high upper bound (inclusive), at least {@code low}
 * @param log true for a log scale (then {@code low > 0})
 */
public record FloatDistribution(double low, double high, boolean log) implements Distribution {

    /** Validates the bounds. */
    public FloatDistribution {
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("FloatDistribution bounds must be finite, received low=" + low
                    + ", high=" + high);
        }
        if (low > high) {
            throw new IllegalArgumentException("FloatDistribution needs low <= high, received low=" + low
                    + ", high=" + high);
        }
        if (log && low <= 0) {
            throw new IllegalArgumentException("FloatDistribution on a log scale needs low > 0, received low="
                    + low + "; use a linear scale or a positive lower bound");
        }
    }

    /**
     * @param low lower bound
     * @param high upper bound
     * @return a linear float distribution
     */
    public static FloatDistribution linear(double low, double high) {
        return new FloatDistribution(low, high, false);
    }

    /**
     * @param low lower bound (positive)
     * @param high upper bound
     * @return a log-scale float distribution
     */
    public static FloatDistribution log(double low, double high) {
        return new FloatDistribution(low, high, true);
    }

    @Override
    public int unitDimension() {
        return 1;
    }

    @Override
    public Object fromUnit(double[] u, int offset) {
        double t = Distribution.clampUnit(u[offset]);
        double v;
        if (log) {
            v = Math.exp(Math.log(low) + t * (Math.log(high) - Math.log(low)));
        } else {
            v = low + t * (high - low);
        }
        return Math.min(high, Math.max(low, v));
    }

    @Override
    public void toUnit(Object value, double[] out, int offset) {
        double v = ((Number) value).doubleValue();
        if (high == low) {
            out[offset] = 0.5;
        } else if (log) {
            out[offset] = Distribution.clampUnit((Math.log(v) - Math.log(low)) / (Math.log(high) - Math.log(low)));
        } else {
            out[offset] = Distribution.clampUnit((v - low) / (high - low));
        }
    }

    @Override
    public boolean continuous() {
        return true;
    }

    @Override
    public boolean contains(Object value) {
        if (!(value instanceof Number n)) {
            return false;
        }
        double v = n.doubleValue();
        return v >= low && v <= high;
    }

    @Override
    public Object canonical(Object value) {
        if (!contains(value)) {
            throw new IllegalArgumentException("value " + value + " is outside FloatDistribution [" + low + ", "
                    + high + "]");
        }
        return ((Number) value).doubleValue();
    }
}
