package dev.hyperforge.search.space;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * One of a fixed list of choices (strings, numbers or booleans).
 *
 * <pre>{@code
 * CategoricalDistribution act = CategoricalDistribution.of("relu", "gelu", "tanh");
 * }</pre>
 *
 * @param choices the distinct choices, at least one
 */
public record CategoricalDistribution(List<Object> choices) implements Distribution {

    /** Validates and copies the choices. */
    public CategoricalDistribution {
        Objects.requireNonNull(choices, "choices");
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("CategoricalDistribution needs at least one choice, received []");
        }
        for (Object c : choices) {
            if (!(c instanceof String || c instanceof Number || c instanceof Boolean)) {
                throw new IllegalArgumentException("CategoricalDistribution choices must be String, Number or "
                        + "Boolean, received " + c + (c == null ? "" : " of " + c.getClass().getSimpleName()));
            }
        }
        if (new HashSet<>(choices).size() != choices.size()) {
            throw new IllegalArgumentException("CategoricalDistribution choices must be distinct, received "
                    + choices);
        }
        choices = List.copyOf(choices);
    }

    /**
     * @param choices the choices
     * @return a categorical distribution
     */
    public static CategoricalDistribution of(Object... choices) {
        return new CategoricalDistribution(List.of(choices));
    }

    /**
     * @param value a choice
     * @return its index, or -1
     */
    public int indexOf(Object value) {
        for (int i = 0; i < choices.size(); i++) {
            Object c = choices.get(i);
            if (c.equals(value) || (c instanceof Number a && value instanceof Number b
                    && a.doubleValue() == b.doubleValue())) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int unitDimension() {
        return 1;
    }

    @Override
    public Object fromUnit(double[] u, int offset) {
        int n = choices.size();
        return choices.get(Math.min(n - 1, (int) Math.floor(Distribution.clampUnit(u[offset]) * n)));
    }

    @Override
    public void toUnit(Object value, double[] out, int offset) {
        out[offset] = (indexOf(value) + 0.5) / choices.size();
    }

    @Override
    public int featureDimension() {
        return choices.size();
    }

    @Override
    public void toFeatures(Object value, double[] out, int offset) {
        int index = indexOf(value);
        for (int i = 0; i < choices.size(); i++) {
            out[offset + i] = i == index ? 1.0 : 0.0;
        }
    }

    @Override
    public boolean continuous() {
        return false;
    }

    @Override
    public boolean contains(Object value) {
        return indexOf(value) >= 0;
    }

    @Override
    public Object canonical(Object value) {
        int index = indexOf(value);
        if (index < 0) {
            throw new IllegalArgumentException("value " + value + " is not one of " + choices);
        }
        return choices.get(index);
    }
}
