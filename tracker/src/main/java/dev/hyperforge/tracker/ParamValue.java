package dev.hyperforge.tracker;

import java.util.Objects;

/**
 * One typed parameter of a run together with the search distribution it was drawn from.
 *
 * <p>Exactly one of {@code floatValue}, {@code intValue}, {@code stringValue} is non-null, matching
 * {@code type}. Use the factories:
 * <pre>{@code
 * ParamValue.ofFloat("lr", 3e-4, "{\"type\":\"log-float\",\"low\":1e-5,\"high\":1e-1}");
 * ParamValue.ofInt("units", 128, "{\"type\":\"int\",\"low\":32,\"high\":512}");
 * ParamValue.ofString("activation", "relu", "{\"type\":\"choice\",\"choices\":[\"relu\",\"tanh\"]}");
 * }</pre>
 *
 * @param name parameter name, 1..200 characters
 * @param type the value's type
 * @param floatValue value when {@code type == FLOAT} (finite), else null
 * @param intValue value when {@code type == INT}, else null
 * @param stringValue value when {@code type == STRING} (at most 1000 characters), else null
 * @param distributionJson JSON of the distribution the value came from ({@code "{}"} when fixed by hand)
 */
public record ParamValue(String name, ParamType type, Double floatValue, Long intValue, String stringValue,
                         String distributionJson) {

    /** Longest accepted parameter name. */
    public static final int MAX_NAME = 200;
    /** Longest accepted string value. */
    public static final int MAX_STRING = 1000;

    /** Validates the fields; see the class documentation. */
    public ParamValue {
        Checks.name("parameter name", name, MAX_NAME);
        Objects.requireNonNull(type, "parameter type");
        checkDistribution(name, distributionJson);
        int present = (floatValue != null ? 1 : 0) + (intValue != null ? 1 : 0) + (stringValue != null ? 1 : 0);
        boolean matches = switch (type) {
            case FLOAT -> floatValue != null;
            case INT -> intValue != null;
            case STRING -> stringValue != null;
        };
        if (present != 1 || !matches) {
            throw new IllegalArgumentException("parameter '" + name + "' of type " + type
                    + " needs exactly the matching value; received float=" + floatValue + ", int=" + intValue
                    + ", string=" + stringValue + "; use ParamValue.ofFloat/ofInt/ofString");
        }
        if (floatValue != null && !Double.isFinite(floatValue)) {
            throw new IllegalArgumentException("parameter '" + name + "' must be finite, received " + floatValue);
        }
        if (stringValue != null && stringValue.length() > MAX_STRING) {
            throw new IllegalArgumentException("parameter '" + name + "' string value longer than " + MAX_STRING
                    + " characters (" + stringValue.length() + ")");
        }
    }

    /**
     * Distribution texts found valid lately. A study's runs repeat a few texts, and every read builds a
     * {@code ParamValue} per stored row (400 000 for the trial table of a 100 000-run study), so a text seen valid is
     * not parsed again; bounded by clearing it when full.
     */
    private static final java.util.Set<String> VALID_DISTRIBUTIONS = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final int REMEMBERED = 1024;
    private static final int REMEMBERED_LENGTH = 4096;

    /** Requires valid JSON, as {@link Checks#jsonText}, parsing a text only when it was not found valid lately. */
    private static void checkDistribution(String name, String json) {
        if (json != null && VALID_DISTRIBUTIONS.contains(json)) {
            return;
        }
        Checks.jsonText("distribution of parameter '" + name + "'", json);
        if (json.length() <= REMEMBERED_LENGTH) {
            if (VALID_DISTRIBUTIONS.size() >= REMEMBERED) {
                VALID_DISTRIBUTIONS.clear();
            }
            VALID_DISTRIBUTIONS.add(json);
        }
    }

    /**
     * A float parameter.
     *
     * @param name parameter name
     * @param value finite value
     * @param distributionJson distribution JSON
     * @return the parameter
     */
    public static ParamValue ofFloat(String name, double value, String distributionJson) {
        return new ParamValue(name, ParamType.FLOAT, value, null, null, distributionJson);
    }

    /**
     * An integer parameter.
     *
     * @param name parameter name
     * @param value value
     * @param distributionJson distribution JSON
     * @return the parameter
     */
    public static ParamValue ofInt(String name, long value, String distributionJson) {
        return new ParamValue(name, ParamType.INT, null, value, null, distributionJson);
    }

    /**
     * A string (categorical) parameter.
     *
     * @param name parameter name
     * @param value value
     * @param distributionJson distribution JSON
     * @return the parameter
     */
    public static ParamValue ofString(String name, String value, String distributionJson) {
        return new ParamValue(name, ParamType.STRING, null, null, value, distributionJson);
    }

    /**
     * The value as a Java object.
     *
     * @return a {@link Double}, {@link Long} or {@link String}
     */
    public Object value() {
        return switch (type) {
            case FLOAT -> floatValue;
            case INT -> intValue;
            case STRING -> stringValue;
        };
    }

    /**
     * The numeric value used for sorting and range filters.
     *
     * @return the float or int value as a double, or null for strings
     */
    public Double numericValue() {
        return switch (type) {
            case FLOAT -> floatValue;
            case INT -> intValue.doubleValue();
            case STRING -> null;
        };
    }

    /**
     * The value as text, for exports.
     *
     * @return the value formatted with {@link String#valueOf(Object)}
     */
    public String valueText() {
        return String.valueOf(value());
    }
}
