package dev.hyperforge.experiments.file;

import java.util.Map;
import java.util.Objects;

/**
 * A typed scalar of the model, compile or fit sections: either a constant or a {@link ParamRef}.
 *
 * <pre>{@code
 * Setting<Integer> epochs = Setting.of(10);
 * Setting<Double> lr = Setting.ref(ParamRef.of("lr"), Double.class);
 * double v = lr.resolve(Map.of("lr", 0.01));
 * }</pre>
 *
 * @param value the constant (null when a reference)
 * @param ref the reference (null when a constant)
 * @param type the value type: Integer, Double, String or Boolean
 * @param <T> the value type
 */
public record Setting<T>(T value, ParamRef ref, Class<T> type) {
    /** Validates: exactly one of value and ref. */
    public Setting {
        Objects.requireNonNull(type, "type");
        if ((value == null) == (ref == null)) {
            throw new IllegalArgumentException("a setting is either a constant or a ${param} reference, not " + (value == null ? "neither" : "both"));
        }
        if (value != null && !type.isInstance(value)) {
            throw new IllegalArgumentException("expected a " + type.getSimpleName() + ", received " + value.getClass().getSimpleName() + " " + value);
        }
    }

    /** A constant. */
    @SuppressWarnings("unchecked")
    public static <T> Setting<T> of(T value) {
        return new Setting<>(value, null, (Class<T>) value.getClass());
    }

    /** A reference to be resolved as {@code type}. */
    public static <T> Setting<T> ref(ParamRef ref, Class<T> type) {
        return new Setting<>(null, ref, type);
    }

    /** Whether this is a reference. */
    public boolean isRef() {
        return ref != null;
    }

    /**
     * The value: the constant, or the referenced parameter converted to {@code type}.
     *
     * @throws IllegalArgumentException when the parameter is missing or of the wrong type
     */
    public T resolve(Map<String, Object> params) {
        if (ref == null) {
            return value;
        }
        return Params.convert(Params.lookup(ref, params), type, ref.toString());
    }

    /** As {@link #resolve(Map)}, also resolving named simplex components ({@code ${w.age}}) through the space. */
    public T resolve(Map<String, Object> params, java.util.List<ParamSpec> space) {
        if (ref == null) {
            return value;
        }
        return Params.convert(Params.resolve(ref, params, space), type, ref.toString());
    }

    /** The template form: the constant or the reference. */
    public Object template() {
        return ref != null ? ref : value;
    }

    @Override
    public String toString() {
        return String.valueOf(template());
    }
}
