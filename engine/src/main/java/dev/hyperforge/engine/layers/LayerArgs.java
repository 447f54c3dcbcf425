package dev.hyperforge.engine.layers;

import java.util.List;
import java.util.Map;


/**
 * Typed reads of a layer's config arguments, with errors that name the layer type and the field.
 *
 * <pre>{@code
 * LayerArgs a = new LayerArgs("Dense", cfg);
 * int units = a.integer("units");
 * String act = a.string("activation", "linear");
 * }</pre>
 */
public final class LayerArgs {
    private final String type;
    private final Map<String, Object> args;

    /**
     * @param type the layer type, for messages
     * @param args the arguments
     */
    public LayerArgs(String type, Map<String, Object> args) {
        this.type = type;
        this.args = args == null ? Map.of() : args;
    }

    /** A required int. */
    public int integer(String key) {
        Object v = args.get(key);
        if (v == null) {
            throw new IllegalArgumentException(type + ": missing argument '" + key + "'");
        }
        return toInt(key, v);
    }

    /** An optional int. */
    public int integer(String key, int dflt) {
        Object v = args.get(key);
        return v == null ? dflt : toInt(key, v);
    }

    /** An optional double. */
    public double number(String key, double dflt) {
        Object v = args.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(type + ": argument '" + key + "' must be a number, received '" + v + "'");
    }

    /** An optional string. */
    public String string(String key, String dflt) {
        Object v = args.get(key);
        return v == null ? dflt : String.valueOf(v);
    }

    /** An optional boolean. */
    public boolean bool(String key, boolean dflt) {
        Object v = args.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(type + ": argument '" + key + "' must be true or false, received '" + v + "'");
    }

    /** An int or a list of ints of length {@code n} (an int is repeated). */
    public int[] ints(String key, int n, int[] dflt) {
        Object v = args.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number) {
            int[] r = new int[n];
            java.util.Arrays.fill(r, toInt(key, v));
            return r;
        }
        if (v instanceof int[] arr) {
            return arr.clone();
        }
        if (v instanceof List<?> l) {
            int[] r = new int[l.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = toInt(key, l.get(i));
            }
            return r;
        }
        throw new IllegalArgumentException(type + ": argument '" + key + "' must be an int or a list of ints, received '" + v + "'");
    }

    private int toInt(String key, Object v) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw new IllegalArgumentException(type + ": argument '" + key + "' must be an integer, received '" + v + "'");
    }
}
