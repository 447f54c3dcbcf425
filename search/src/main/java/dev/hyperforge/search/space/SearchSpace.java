package dev.hyperforge.search.space;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An ordered set of named {@link Distribution}s, some of them conditional on an earlier parameter. Immutable;
 * build it with {@link #builder()}.
 *
 * <pre>{@code
 * SearchSpace space = SearchSpace.builder()
 *     .add("lr", FloatDistribution.log(1e-4, 1e-1))
 *     .add("layers", IntDistribution.linear(1, 4))
 *     .add("units_3", IntDistribution.stepped(16, 256, 16), Condition.atLeast("layers", 3))
 *     .add("loss_weights", new SimplexDistribution(3, 1.0))
 *     .build();
 * Map<String, Object> params = space.sample(new SplittableRandom(7));
 * }</pre>
 *
 * <p>Every parameter owns a fixed slice of the unit cube ({@link #unitDimension()}); an inactive
 * parameter's slice is ignored when decoding and set to 0.5 when encoding.
 */
public final class SearchSpace {

    /**
     * One named parameter.
     *
     * @param name parameter name
     * @param distribution its domain
     * @param condition when it exists, or null when always
     * @param unitOffset index of its first unit-cube coordinate
     * @param featureOffset index of its first surrogate feature
     */
    public record Parameter(String name, Distribution distribution, Condition condition, int unitOffset,
                            int featureOffset) {
        /** Validates the parameter. */
        public Parameter {
            if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
                throw new IllegalArgumentException("parameter name must match [A-Za-z_][A-Za-z0-9_.-]*, received '"
                        + name + "'");
            }
            Objects.requireNonNull(distribution, "distribution of parameter '" + name + "'");
        }
    }

    private final List<Parameter> parameters;
    private final Map<String, Integer> indexByName;
    private final int unitDimension;
    private final int featureDimension;

    private SearchSpace(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            index.put(parameters.get(i).name(), i);
        }
        this.indexByName = Collections.unmodifiableMap(index);
        Parameter last = parameters.isEmpty() ? null : parameters.get(parameters.size() - 1);
        this.unitDimension = last == null ? 0 : last.unitOffset() + last.distribution().unitDimension();
        this.featureDimension = last == null ? 0 : last.featureOffset() + last.distribution().featureDimension();
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the parameters in declaration order */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * @param name a parameter name
     * @return the parameter
     * @throws IllegalArgumentException if unknown
     */
    public Parameter parameter(String name) {
        Integer i = indexByName.get(name);
        if (i == null) {
            throw new IllegalArgumentException("unknown parameter '" + name + "'; the space has "
                    + indexByName.keySet());
        }
        return parameters.get(i);
    }

    /** @return the number of unit-cube coordinates */
    public int unitDimension() {
        return unitDimension;
    }

    /** @return the number of surrogate features */
    public int featureDimension() {
        return featureDimension;
    }

    /**
     * Decodes a point of the unit cube into parameters, leaving out inactive conditional parameters.
     *
     * @param u a point with {@link #unitDimension()} coordinates
     * @return an unmodifiable ordered map from name to value
     */
    public Map<String, Object> decode(double[] u) {
        if (u.length != unitDimension) {
            throw new IllegalArgumentException("decode needs " + unitDimension + " coordinates, received "
                    + u.length);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (active(p, out)) {
                out.put(p.name(), p.distribution().fromUnit(u, p.unitOffset()));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Encodes parameters into the unit cube (inactive parameters at 0.5).
     *
     * @param params parameter values
     * @return a point with {@link #unitDimension()} coordinates
     */
    public double[] encode(Map<String, ?> params) {
        double[] u = new double[unitDimension];
        java.util.Arrays.fill(u, 0.5);
        for (Parameter p : parameters) {
            Object v = params.get(p.name());
            if (v != null) {
                p.distribution().toUnit(v, u, p.unitOffset());
            }
        }
        return u;
    }

    /**
     * Surrogate features of parameters: each in [0,1], log parameters in log space, categoricals one-hot,
     * inactive parameters at a constant (0.5, or all-zero one-hot).
     *
     * @param params parameter values
     * @return features with {@link #featureDimension()} entries
     */
    public double[] features(Map<String, ?> params) {
        double[] f = new double[featureDimension];
        for (Parameter p : parameters) {
            Object v = params.get(p.name());
            if (v != null) {
                p.distribution().toFeatures(v, f, p.featureOffset());
            } else if (!(p.distribution() instanceof CategoricalDistribution)) {
                for (int i = 0; i < p.distribution().featureDimension(); i++) {
                    f[p.featureOffset() + i] = 0.5;
                }
            }
        }
        return f;
    }

    /**
     * Surrogate features of the parameters a unit-cube point decodes to; equal to
     * {@code features(decode(u))} without building maps.
     *
     * @param u a point with {@link #unitDimension()} coordinates
     * @return features with {@link #featureDimension()} entries
     */
    public double[] featuresOfUnit(double[] u) {
        double[] f = new double[featureDimension];
        Object[] values = new Object[parameters.size()];
        for (int i = 0; i < values.length; i++) {
            Parameter p = parameters.get(i);
            Condition c = p.condition();
            Distribution d = p.distribution();
            if (c == null || c.test(values[indexByName.get(c.parent())])) {
                if (d instanceof FloatDistribution fd && !fd.log() && fd.step() == 0 && fd.high() > fd.low()) {
                    values[i] = d.fromUnit(u, p.unitOffset());
                    f[p.featureOffset()] = Distribution.clampUnit(u[p.unitOffset()]);
                    continue;
                }
                values[i] = d.fromUnit(u, p.unitOffset());
                d.toFeatures(values[i], f, p.featureOffset());
            } else if (!(d instanceof CategoricalDistribution)) {
                for (int k = 0; k < d.featureDimension(); k++) {
                    f[p.featureOffset() + k] = 0.5;
                }
            }
        }
        return f;
    }

    /**
     * Samples parameters uniformly (in each distribution's own scale).
     *
     * @param rng the random source
     * @return parameters
     */
    public Map<String, Object> sample(RandomGenerator rng) {
        double[] u = new double[unitDimension];
        for (int i = 0; i < u.length; i++) {
            u[i] = rng.nextDouble();
        }
        return decode(u);
    }

    /**
     * Checks parameters against the space and converts them to canonical types: every active parameter must be
     * present and inside its distribution, no inactive or unknown parameter may be present.
     *
     * @param params parameter values (e.g. read back from JSON)
     * @return canonical, ordered, unmodifiable parameters
     * @throws IllegalArgumentException naming the first offending parameter
     */
    public Map<String, Object> validate(Map<String, ?> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            boolean isActive = active(p, out);
            Object v = params.get(p.name());
            if (isActive && v == null) {
                throw new IllegalArgumentException("parameter '" + p.name() + "' is active but missing");
            }
            if (!isActive && v != null) {
                throw new IllegalArgumentException("parameter '" + p.name() + "' is inactive (condition "
                        + p.condition() + ") but was given " + v);
            }
            if (isActive) {
                try {
                    out.put(p.name(), p.distribution().canonical(v));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("parameter '" + p.name() + "': " + e.getMessage(), e);
                }
            }
        }
        for (String name : params.keySet()) {
            if (!indexByName.containsKey(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "'; the space has "
                        + indexByName.keySet());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static boolean active(Parameter p, Map<String, Object> decodedSoFar) {
        Condition c = p.condition();
        return c == null || c.test(decodedSoFar.get(c.parent()));
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Parameter p : parameters) {
            parts.add(p.name() + "=" + p.distribution() + (p.condition() == null ? "" : " if " + p.condition()));
        }
        return "SearchSpace" + parts;
    }

    /** Builds a {@link SearchSpace}; parameters are kept in the order they are added. */
    public static final class Builder {
        private final List<Parameter> parameters = new ArrayList<>();
        private int unitOffset;
        private int featureOffset;

        private Builder() {
        }

        /**
         * Adds an unconditional parameter.
         *
         * @param name unique name
         * @param distribution domain
         * @return this builder
         */
        public Builder add(String name, Distribution distribution) {
            return add(name, distribution, null);
        }

        /**
         * Adds a parameter that exists only when {@code condition} holds.
         *
         * @param name unique name
         * @param distribution domain
         * @param condition condition on an earlier parameter, or null
         * @return this builder
         */
        public Builder add(String name, Distribution distribution, Condition condition) {
            for (Parameter p : parameters) {
                if (p.name().equals(name)) {
                    throw new IllegalArgumentException("parameter '" + name + "' is already defined");
                }
            }
            if (condition != null && parameters.stream().noneMatch(p -> p.name().equals(condition.parent()))) {
                throw new IllegalArgumentException("condition of parameter '" + name + "' refers to '"
                        + condition.parent() + "', which must be added before it");
            }
            Parameter p = new Parameter(name, distribution, condition, unitOffset, featureOffset);
            parameters.add(p);
            unitOffset += distribution.unitDimension();
            featureOffset += distribution.featureDimension();
            return this;
        }

        /** @return the immutable space */
        public SearchSpace build() {
            if (parameters.isEmpty()) {
                throw new IllegalArgumentException("SearchSpace needs at least one parameter");
            }
            return new SearchSpace(parameters);
        }
    }
}
