package dev.hyperforge.experiments.file;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One searchable parameter, in neutral form (the search module's {@code SearchSpace} is built from a
 * list of these).
 *
 * <ul>
 * <li>{@link Kind#FLOAT}: {@code low}..{@code high}, optionally {@code log} or a {@code step};</li>
 * <li>{@link Kind#INT}: integers {@code low}..{@code high} (inclusive), optionally a {@code step} or {@code log};</li>
 * <li>{@link Kind#CATEGORICAL}: one of {@code choices} (numbers, strings or booleans);</li>
 * <li>{@link Kind#SIMPLEX}: a list of {@code components.size()} non-negative weights summing to {@code total}
 *     (for loss weights); components may be referenced as {@code ${w[0]}} or {@code ${w.age}}.</li>
 * </ul>
 * A parameter with a {@link Condition} is only active when another parameter takes one of the listed values.
 *
 * <pre>{@code
 * ParamSpec lr = ParamSpec.logFloat("lr", 1e-4, 1e-2);
 * ParamSpec units = ParamSpec.intRange("units", 16, 128, 16);
 * ParamSpec opt = ParamSpec.categorical("optimizer", List.of("adam", "rmsprop"));
 * ParamSpec mom = ParamSpec.floatRange("momentum", 0.0, 0.9).when("optimizer", List.of("sgd"));
 * ParamSpec w = ParamSpec.simplex("w", List.of("age", "income", "gender"), 3.0);
 * }</pre>
 *
 * @param name parameter name (letters, digits, _)
 * @param kind the kind
 * @param low lower bound (FLOAT, INT), else null
 * @param high upper bound (FLOAT, INT), else null
 * @param log sample on a log scale (FLOAT, INT)
 * @param step grid step (FLOAT, INT), or null
 * @param choices the choices (CATEGORICAL), else empty
 * @param components component names (SIMPLEX), else empty
 * @param total the sum of the components (SIMPLEX), else 0
 * @param condition when the parameter is active, or null for always
 * @param explicitDefault the default given by the user, or null for the computed one
 */
public record ParamSpec(String name, Kind kind, Double low, Double high, boolean log, Double step, List<Object> choices,
        List<String> components, double total, Condition condition, Object explicitDefault) {

    /** Kinds of parameter. */
    public enum Kind {
        /** A real number in a range. */
        FLOAT,
        /** An integer in a range. */
        INT,
        /** One of a list of values. */
        CATEGORICAL,
        /** Non-negative weights with a fixed sum. */
        SIMPLEX;

        /** Parses {@code float}, {@code int}, {@code categorical} or {@code simplex}. */
        public static Kind parse(String s) {
            return switch (s) {
                case "float" -> FLOAT;
                case "int" -> INT;
                case "categorical" -> CATEGORICAL;
                case "simplex" -> SIMPLEX;
                default -> throw new IllegalArgumentException("unknown parameter type '" + s + "'; expected float, int, categorical or simplex");
            };
        }

        /** The name used in files. */
        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Activation condition: the parameter is active when {@code param}'s value is in {@code in}.
     *
     * @param param the controlling parameter
     * @param in the values that activate
     */
    public record Condition(String param, List<Object> in) {
        /** Validates. */
        public Condition {
            if (param == null || param.isBlank()) {
                throw new IllegalArgumentException("a condition needs the name of the controlling parameter");
            }
            if (in == null || in.isEmpty()) {
                throw new IllegalArgumentException("a condition on '" + param + "' needs a non-empty 'in' list of values");
            }
            in = List.copyOf(in);
        }

        /** Whether the controlling value activates. */
        public boolean holds(Object value) {
            for (Object o : in) {
                if (Params.sameValue(o, value)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Validates the combination of fields for the kind. */
    public ParamSpec {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("a parameter name must be letters, digits and _ (not starting with a digit), received '" + name + "'");
        }
        Objects.requireNonNull(kind, "kind");
        choices = choices == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(choices));
        components = components == null ? List.of() : List.copyOf(components);
        switch (kind) {
            case FLOAT -> checkRange(name, low, high, log, step, false);
            case INT -> checkRange(name, low, high, log, step, true);
            case CATEGORICAL -> checkChoices(name, choices);
            case SIMPLEX -> checkSimplex(name, components, total);
        }
        if (explicitDefault != null) {
            checkDefault(name, kind, low, high, choices, components, total, explicitDefault);
        }
    }

    private static void checkRange(String name, Double low, Double high, boolean log, Double step, boolean integer) {
        if (low == null || high == null) {
            throw new IllegalArgumentException("parameter '" + name + "' needs both low and high");
        }
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(low <= high) || (!integer && low.equals(high))) {
            throw new IllegalArgumentException("parameter '" + name + "' needs finite low < high, received low " + low + ", high " + high);
        }
        if (integer && (low != Math.rint(low) || high != Math.rint(high))) {
            throw new IllegalArgumentException("int parameter '" + name + "' needs integer bounds, received low " + low + ", high " + high);
        }
        if (log && low <= 0) {
            throw new IllegalArgumentException("parameter '" + name + "' is on a log scale, so low must be > 0, received " + low);
        }
        if (step != null) {
            if (log) {
                throw new IllegalArgumentException("parameter '" + name + "' cannot have both log: true and a step");
            }
            if (!(step > 0) || (integer && step != Math.rint(step))) {
                throw new IllegalArgumentException("parameter '" + name + "' needs a positive " + (integer ? "integer " : "") + "step, received " + step);
            }
            if (!integer && gridSize(low, high, step) > MAX_FLOAT_GRID) {
                throw new IllegalArgumentException("float parameter '" + name + "': a step of " + step + " gives " + gridSize(low, high, step)
                        + " grid points, at most " + MAX_FLOAT_GRID + " are allowed; use a larger step, or no step for a continuous range");
            }
        }
    }

    /** The most grid points a float parameter with a {@code step} may have (it is searched as an ordered set of choices). */
    public static final int MAX_FLOAT_GRID = 100;

    private static long gridSize(double low, double high, double step) {
        return (long) Math.floor((high - low) / step + 1e-9) + 1;
    }

    /**
     * The grid of a float parameter with a {@code step}: {@code low, low + step, …, <= high}, each computed in
     * decimal so that 0.1 steps give 0.3, not 0.30000000000000004.
     */
    public List<Double> floatGrid() {
        if (kind != Kind.FLOAT || step == null) {
            throw new IllegalStateException("parameter '" + name + "' is not a float parameter with a step");
        }
        List<Double> grid = new ArrayList<>();
        java.math.BigDecimal lo = java.math.BigDecimal.valueOf(low);
        java.math.BigDecimal st = java.math.BigDecimal.valueOf(step);
        for (long i = 0, n = gridSize(low, high, step); i < n; i++) {
            grid.add(lo.add(st.multiply(java.math.BigDecimal.valueOf(i))).doubleValue());
        }
        return grid;
    }

    private static void checkChoices(String name, List<Object> choices) {
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("categorical parameter '" + name + "' needs a non-empty list of choices");
        }
        for (int i = 0; i < choices.size(); i++) {
            Object c = choices.get(i);
            if (!(c instanceof Number || c instanceof String || c instanceof Boolean)) {
                throw new IllegalArgumentException("categorical parameter '" + name + "': choices must be numbers, strings or booleans, received " + c);
            }
            for (int j = 0; j < i; j++) {
                if (Params.sameValue(choices.get(j), c)) {
                    throw new IllegalArgumentException("categorical parameter '" + name + "' lists the choice " + c + " twice");
                }
            }
        }
    }

    private static void checkSimplex(String name, List<String> components, double total) {
        if (components.size() < 2) {
            throw new IllegalArgumentException("simplex parameter '" + name + "' needs at least 2 components, received " + components.size());
        }
        if (components.stream().distinct().count() != components.size()) {
            throw new IllegalArgumentException("simplex parameter '" + name + "' has duplicate component names " + components);
        }
        if (!(total > 0) || Double.isInfinite(total)) {
            throw new IllegalArgumentException("simplex parameter '" + name + "' needs a positive total, received " + total);
        }
    }

    private static void checkDefault(String name, Kind kind, Double low, Double high, List<Object> choices, List<String> components,
            double total, Object d) {
        String bad = switch (kind) {
            case FLOAT -> d instanceof Number n && n.doubleValue() >= low && n.doubleValue() <= high ? null : "a number in [" + low + ", " + high + "]";
            case INT -> d instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= low && n.doubleValue() <= high
                    ? null : "an integer in [" + low.longValue() + ", " + high.longValue() + "]";
            case CATEGORICAL -> choices.stream().anyMatch(c -> Params.sameValue(c, d)) ? null : "one of the choices " + choices;
            case SIMPLEX -> simplexOk(d, components.size(), total) ? null : components.size() + " non-negative numbers summing to " + total;
        };
        if (bad != null) {
            throw new IllegalArgumentException("parameter '" + name + "': the default must be " + bad + ", received " + d);
        }
    }

    private static boolean simplexOk(Object d, int n, double total) {
        if (!(d instanceof List<?> l) || l.size() != n) {
            return false;
        }
        double s = 0;
        for (Object o : l) {
            if (!(o instanceof Number x) || x.doubleValue() < 0) {
                return false;
            }
            s += ((Number) o).doubleValue();
        }
        return Math.abs(s - total) <= 1e-6 * Math.max(1, total);
    }

    /** A float in [low, high]. */
    public static ParamSpec floatRange(String name, double low, double high) {
        return new ParamSpec(name, Kind.FLOAT, low, high, false, null, null, null, 0, null, null);
    }

    /** A float in [low, high] sampled on a log scale. */
    public static ParamSpec logFloat(String name, double low, double high) {
        return new ParamSpec(name, Kind.FLOAT, low, high, true, null, null, null, 0, null, null);
    }

    /** An integer in [low, high]. */
    public static ParamSpec intRange(String name, int low, int high) {
        return new ParamSpec(name, Kind.INT, (double) low, (double) high, false, null, null, null, 0, null, null);
    }

    /** An integer in [low, high] on a grid of {@code step}. */
    public static ParamSpec intRange(String name, int low, int high, int step) {
        return new ParamSpec(name, Kind.INT, (double) low, (double) high, false, (double) step, null, null, 0, null, null);
    }

    /** One of the choices. */
    public static ParamSpec categorical(String name, List<?> choices) {
        return new ParamSpec(name, Kind.CATEGORICAL, null, null, false, null, new ArrayList<>(choices), null, 0, null, null);
    }

    /** Named non-negative weights summing to {@code total}. */
    public static ParamSpec simplex(String name, List<String> components, double total) {
        return new ParamSpec(name, Kind.SIMPLEX, null, null, false, null, null, components, total, null, null);
    }

    /** A copy active only when {@code param} takes one of {@code values}. */
    public ParamSpec when(String param, List<?> values) {
        return new ParamSpec(name, kind, low, high, log, step, choices, components, total, new Condition(param, new ArrayList<>(values)),
                explicitDefault);
    }

    /** A copy with an explicit default. */
    public ParamSpec withDefault(Object value) {
        return new ParamSpec(name, kind, low, high, log, step, choices, components, total, condition, value);
    }

    /**
     * The value used when a parameter is not given (to validate the model, and for inactive
     * parameters): the explicit default, else the midpoint (geometric for log scales, on the step grid),
     * the first choice, or equal weights.
     */
    public Object defaultValue() {
        if (explicitDefault != null) {
            return kind == Kind.INT ? (Object) ((Number) explicitDefault).intValue() : explicitDefault;
        }
        return switch (kind) {
            case FLOAT -> midpoint();
            case INT -> intMidpoint();
            case CATEGORICAL -> choices.get(0);
            case SIMPLEX -> Collections.nCopies(components.size(), total / components.size());
        };
    }

    private double midpoint() {
        double m = log ? Math.sqrt(low * high) : (low + high) / 2;
        if (step != null) {
            List<Double> grid = floatGrid();
            return grid.get((int) Math.min(grid.size() - 1, Math.round((m - low) / step)));
        }
        return Math.min(high, Math.max(low, m));
    }

    private int intMidpoint() {
        if (log) {
            return (int) Math.round(midpoint());
        }
        double s = step == null ? 1 : step;
        return (int) (low + Math.floor(Math.floor((high - low) / s) / 2) * s);
    }

    /** The component's index for {@code ${name.component}} or {@code ${name[i]}}; -1 when unknown. */
    public int componentIndex(String component) {
        if (component == null || kind != Kind.SIMPLEX) {
            return -1;
        }
        if (Character.isDigit(component.charAt(0))) {
            int i = Integer.parseInt(component);
            return i < components.size() ? i : -1;
        }
        return components.indexOf(component);
    }
}
