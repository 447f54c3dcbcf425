package dev.hyperforge.search.space;

/**
 * An integer parameter {@code low, low+step, ..., <= high}, uniform on a linear or a log scale.
 *
 * <pre>{@code
 * IntDistribution units = IntDistribution.stepped(16, 256, 16);
 * IntDistribution batch = IntDistribution.log(8, 512);
 * }</pre>
 *
 * @param low lower bound (inclusive)
 * @param high upper bound (inclusive when on the grid)
 * @param step grid step, at least 1 (must be 1 on a log scale)
 * @param log true for a log scale (then {@code low >= 1})
 */
public record IntDistribution(int low, int high, int step, boolean log) implements Distribution {

    /** Validates the bounds and step. */
    public IntDistribution {
        if (low > high) {
            throw new IllegalArgumentException("IntDistribution needs low <= high, received low=" + low
                    + ", high=" + high);
        }
        if (step < 1) {
            throw new IllegalArgumentException("IntDistribution needs step >= 1, received step=" + step);
        }
        if (log && low < 1) {
            throw new IllegalArgumentException("IntDistribution on a log scale needs low >= 1, received low="
                    + low);
        }
        if (log && step != 1) {
            throw new IllegalArgumentException("IntDistribution on a log scale needs step == 1, received step="
                    + step);
        }
    }

    /**
     * @param low lower bound
     * @param high upper bound
     * @return a linear int distribution with step 1
     */
    public static IntDistribution linear(int low, int high) {
        return new IntDistribution(low, high, 1, false);
    }

    /**
     * @param low lower bound
     * @param high upper bound
     * @param step grid step
     * @return a linear int distribution on a grid
     */
    public static IntDistribution stepped(int low, int high, int step) {
        return new IntDistribution(low, high, step, false);
    }

    /**
     * @param low lower bound (at least 1)
     * @param high upper bound
     * @return a log-scale int distribution
     */
    public static IntDistribution log(int low, int high) {
        return new IntDistribution(low, high, 1, true);
    }

    /** @return the largest value on the grid */
    public int maxOnGrid() {
        return low + ((high - low) / step) * step;
    }

    /** @return how many grid values there are */
    public int size() {
        return (high - low) / step + 1;
    }

    @Override
    public int unitDimension() {
        return 1;
    }

    @Override
    public Object fromUnit(double[] u, int offset) {
        double t = Distribution.clampUnit(u[offset]);
        int max = maxOnGrid();
        if (log) {
            // uniform in log space over [low - 0.5, high + 0.5] so end points get a fair share
            double lo = Math.log(low - 0.5 + 1e-9 > 0 ? low - 0.5 : low);
            double hi = Math.log(max + 0.5);
            int v = (int) Math.round(Math.exp(lo + t * (hi - lo)));
            return Math.min(max, Math.max(low, v));
        }
        int n = size();
        int index = Math.min(n - 1, (int) Math.floor(t * n));
        return low + index * step;
    }

    @Override
    public void toUnit(Object value, double[] out, int offset) {
        int v = ((Number) value).intValue();
        if (log) {
            double lo = Math.log(low - 0.5 + 1e-9 > 0 ? low - 0.5 : low);
            double hi = Math.log(maxOnGrid() + 0.5);
            out[offset] = hi == lo ? 0.5 : Distribution.clampUnit((Math.log(v) - lo) / (hi - lo));
        } else {
            int n = size();
            out[offset] = ((v - low) / step + 0.5) / n;
        }
    }

    @Override
    public boolean continuous() {
        return false;
    }

    @Override
    public boolean contains(Object value) {
        if (!(value instanceof Number n)) {
            return false;
        }
        double d = n.doubleValue();
        if (d != Math.rint(d) || d < low || d > high) {
            return false;
        }
        return (((long) d) - low) % step == 0;
    }

    @Override
    public Object canonical(Object value) {
        if (!contains(value)) {
            throw new IllegalArgumentException("value " + value + " is not in IntDistribution [" + low + ", "
                    + high + "] step " + step);
        }
        return ((Number) value).intValue();
    }
}
