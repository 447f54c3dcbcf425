package dev.hyperforge.engine.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code PiecewiseConstantDecay}: {@code values[0]} up to and including step {@code boundaries[0]},
 * {@code values[i]} for {@code boundaries[i-1] < step <= boundaries[i]}, the last value after the last boundary.
 *
 * <pre>{@code
 * LearningRateSchedule s = new PiecewiseConstantDecay(new double[] {100, 200}, new double[] {1e-2, 1e-3, 1e-4});
 * }</pre>
 *
 * @param boundaries increasing step boundaries
 * @param values one more value than boundaries, each > 0
 */
public record PiecewiseConstantDecay(double[] boundaries, double[] values) implements LearningRateSchedule {
    /** Validates and copies. */
    public PiecewiseConstantDecay {
        if (values.length != boundaries.length + 1) {
            throw new IllegalArgumentException("PiecewiseConstantDecay: values needs one more element than boundaries, received "
                    + values.length + " values and " + boundaries.length + " boundaries");
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (!(boundaries[i] > boundaries[i - 1])) {
                throw new IllegalArgumentException("PiecewiseConstantDecay: boundaries must increase, received " + java.util.Arrays.toString(boundaries));
            }
        }
        for (double v : values) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("PiecewiseConstantDecay: values must be positive numbers, received " + java.util.Arrays.toString(values));
            }
        }
        boundaries = boundaries.clone();
        values = values.clone();
    }

    @Override
    public double at(long step) {
        for (int i = 0; i < boundaries.length; i++) {
            if (step <= boundaries[i]) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    @Override
    public String className() {
        return "PiecewiseConstantDecay";
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("boundaries", toList(boundaries));
        m.put("values", toList(values));
        return m;
    }

    private static List<Double> toList(double[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PiecewiseConstantDecay p && java.util.Arrays.equals(boundaries, p.boundaries) && java.util.Arrays.equals(values, p.values);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(boundaries) + java.util.Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "PiecewiseConstantDecay" + java.util.Arrays.toString(boundaries) + java.util.Arrays.toString(values);
    }
}
