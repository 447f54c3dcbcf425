package dev.hyperforge.search.space;

/**
 * A real parameter in {@code [low, high]}, uniform on a linear or a log scale, or on the grid
 * {@code low, low + step, ...} (at most {@code high}) when a step is given.
 *
 * <pre>{@code
 * FloatDistribution lr = FloatDistribution.log(1e-5, 1e-1);
 * FloatDistribution dropout = FloatDistribution.stepped(0.0, 0.5, 0.1);   // 0.0, 0.1, ..., 0.5
 * }</pre>
 *
 * @param low lower bound (inclusive)
 * @param high upper bound (inclusive), at least {@code low}
 * @param log true for a log scale (then {@code low > 0})
 * @param step grid step ({@code > 0}, linear scale only), or 0 for a continuous range
 */
public record FloatDistribution(double low, double high, boolean log, double step) implements Distribution {

    /** Validates the bounds and step. */
    public FloatDistribution {
        if (!(step >= 0) || !Double.isFinite(step) || (step > 0 && log)) {
            throw new IllegalArgumentException("FloatDistribution step must be 0 (continuous) or > 0 on a linear scale,"
                    + " received step=" + step + (log ? " with log=true" : ""));
        }
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
        return new FloatDistribution(low, high, false, 0);
    }

    /**
     * @param low lower bound (positive)
     * @param high upper bound
     * @return a log-scale float distribution
     */
    public static FloatDistribution log(double low, double high) {
        return new FloatDistribution(low, high, true, 0);
    }

    /**
     * @param low lower bound (the first grid value)
     * @param high upper bound
     * @param step grid step, {@code > 0}
     * @return a linear float distribution on the grid {@code low + k * step <= high}
     */
    public static FloatDistribution stepped(double low, double high, double step) {
        if (!(step > 0)) {
            throw new IllegalArgumentException("FloatDistribution.stepped needs step > 0, received step=" + step);
        }
        return new FloatDistribution(low, high, false, step);
    }

    /** @return how many grid values there are (stepped distributions only) */
    public int size() {
        return (int) Math.floor((high - low) / step + 1e-9) + 1;
    }

    /**
     * @param index grid index in {@code [0, size())}
     * @return the grid value, rounded to the step's decimals so that 0.1 * 3 is 0.3
     */
    public double gridValue(int index) {
        return new java.math.BigDecimal(Double.toString(low))
                .add(new java.math.BigDecimal(Double.toString(step)).multiply(java.math.BigDecimal.valueOf(index)))
                .doubleValue();
    }

    private int gridIndex(double v) {
        return (int) Math.max(0, Math.min(size() - 1, Math.round((v - low) / step)));
    }

    @Override
    public int unitDimension() {
        return 1;
    }

    @Override
    public Object fromUnit(double[] u, int offset) {
        double t = Distribution.clampUnit(u[offset]);
        if (step > 0) {
            return gridValue(Math.min(size() - 1, (int) Math.floor(t * size())));
        }
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
        } else if (step > 0) {
            out[offset] = (gridIndex(v) + 0.5) / size();
        } else if (log) {
            out[offset] = Distribution.clampUnit((Math.log(v) - Math.log(low)) / (Math.log(high) - Math.log(low)));
        } else {
            out[offset] = Distribution.clampUnit((v - low) / (high - low));
        }
    }

    @Override
    public boolean continuous() {
        return step == 0;
    }

    @Override
    public boolean contains(Object value) {
        if (!(value instanceof Number n)) {
            return false;
        }
        double v = n.doubleValue();
        if (!(v >= low && v <= high)) {
            return false;
        }
        return step == 0 || Math.abs(v - gridValue(gridIndex(v))) <= 1e-9 * Math.max(1, Math.abs(v));
    }

    @Override
    public Object canonical(Object value) {
        if (!contains(value)) {
            throw new IllegalArgumentException("value " + value + " is outside FloatDistribution [" + low + ", "
                    + high + "]" + (step > 0 ? " step " + step : ""));
        }
        double v = ((Number) value).doubleValue();
        return step > 0 ? gridValue(gridIndex(v)) : v;
    }
}
