package dev.hyperforge.search.space;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code k} non-negative weights summing to {@code total}, uniform on the simplex (a flat Dirichlet(1,...,1)),
 * e.g. loss weights. The Dirichlet is built by stick breaking: coordinate {@code i} of the unit cube is turned
 * into a Beta(1, k-1-i) fraction of what is left of the stick, which is a bijection between
 * {@code [0,1]^(k-1)} and the simplex, so every sampler (random, genetic, GP) works on it unchanged.
 *
 * <pre>{@code
 * SimplexDistribution lossWeights = new SimplexDistribution(3, 1.0); // e.g. [0.2, 0.5, 0.3]
 * }</pre>
 *
 * @param size number of weights, at least 2
 * @param total the sum of the weights, positive
 */
public record SimplexDistribution(int size, double total) implements Distribution {

    /** Validates size and total. */
    public SimplexDistribution {
        if (size < 2) {
            throw new IllegalArgumentException("SimplexDistribution needs size >= 2, received size=" + size);
        }
        if (!(total > 0) || !Double.isFinite(total)) {
            throw new IllegalArgumentException("SimplexDistribution needs a finite total > 0, received total="
                    + total);
        }
    }

    @Override
    public int unitDimension() {
        return size - 1;
    }

    @Override
    public Object fromUnit(double[] u, int offset) {
        List<Double> weights = new ArrayList<>(size);
        double left = 1.0;
        for (int i = 0; i < size - 1; i++) {
            double t = Distribution.clampUnit(u[offset + i]);
            double fraction = 1.0 - Math.pow(1.0 - t, 1.0 / (size - 1 - i)); // inverse CDF of Beta(1, k-1-i)
            double w = left * fraction;
            weights.add(w * total);
            left -= w;
        }
        weights.add(Math.max(0.0, left) * total);
        return List.copyOf(weights);
    }

    @Override
    public void toUnit(Object value, double[] out, int offset) {
        List<?> weights = (List<?>) value;
        double left = 1.0;
        for (int i = 0; i < size - 1; i++) {
            double w = ((Number) weights.get(i)).doubleValue() / total;
            double fraction = left <= 1e-300 ? 0.0 : Math.min(1.0, w / left);
            out[offset + i] = Distribution.clampUnit(1.0 - Math.pow(1.0 - fraction, size - 1 - i));
            left -= w;
        }
    }

    @Override
    public boolean continuous() {
        return true;
    }

    @Override
    public boolean contains(Object value) {
        if (!(value instanceof List<?> list) || list.size() != size) {
            return false;
        }
        double sum = 0;
        for (Object o : list) {
            if (!(o instanceof Number n) || !(n.doubleValue() >= 0)) {
                return false;
            }
            sum += n.doubleValue();
        }
        return Math.abs(sum - total) <= 1e-6 * total;
    }

    @Override
    public Object canonical(Object value) {
        if (!contains(value)) {
            throw new IllegalArgumentException("value " + value + " is not " + size
                    + " non-negative weights summing to " + total);
        }
        List<Double> out = new ArrayList<>(size);
        for (Object o : (List<?>) value) {
            out.add(((Number) o).doubleValue());
        }
        return List.copyOf(out);
    }
}
