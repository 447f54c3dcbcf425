package dev.hyperforge.engine.layers.convolutional;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.LayerArgs;

/**
 * The one parser of the arguments the convolution and pooling layers share (as Keras' {@code BaseConv}
 * and {@code BasePooling} read them): windows given as an int or a list of {@code rank} ints
 * ({@code kernel_size}, {@code strides}, {@code dilation_rate}, {@code pool_size}), {@code padding}
 * "valid" or "same", {@code data_format} (only "channels_last"), {@code filters}, {@code activation} and
 * {@code use_bias}. Errors name the layer type and the argument; the same rules hold in 1-D and 2-D.
 *
 * <pre>{@code
 * ConvArgs a = new ConvArgs("Conv2D", 2, Map.of("filters", 32, "kernel_size", 3, "padding", "same"));
 * int[] k = a.window("kernel_size", null);         // {3, 3}
 * boolean same = ConvArgs.same("Conv2D", a.padding());
 * }</pre>
 */
public final class ConvArgs {
    private final String type;
    private final int rank;
    private final LayerArgs args;

    /**
     * Reads a layer's config arguments; rejects any {@code data_format} but "channels_last".
     *
     * @param type the layer type, for messages
     * @param rank the number of spatial axes (1 for sequences, 2 for images)
     * @param args the config arguments
     */
    public ConvArgs(String type, int rank, Map<String, Object> args) {
        this.type = type;
        this.rank = rank;
        this.args = new LayerArgs(type, args);
        String fmt = this.args.string("data_format", "channels_last");
        if (!"channels_last".equals(fmt)) {
            throw new IllegalArgumentException(type + ": only data_format \"channels_last\" is supported, received '" + fmt + "'");
        }
    }

    /** The typed reader of the other arguments. */
    public LayerArgs args() {
        return args;
    }

    /** The required {@code filters}. */
    public int filters() {
        return args.integer("filters");
    }

    /** {@code padding}, "valid" when absent (checked by {@link #same(String, String)}). */
    public String padding() {
        return args.string("padding", "valid");
    }

    /** {@code activation}, linear when absent. */
    public Activation activation() {
        return Activation.parse(args.string("activation", "linear"));
    }

    /** {@code use_bias}, true when absent. */
    public boolean useBias() {
        return args.bool("use_bias", true);
    }

    /**
     * A window argument: an int (repeated on every axis) or a list of {@code rank} positive ints.
     *
     * @param dflt the value when absent, or null when the argument is required
     */
    public int[] window(String key, int[] dflt) {
        int[] v = args.ints(key, rank, dflt);
        if (v == null) {
            throw new IllegalArgumentException(type + ": missing argument '" + key + "'");
        }
        return positive(type, key, v, rank);
    }

    /** A 1-D window argument ({@code 5} or {@code [5]}); {@code dflt} 0 means required. */
    public int single(String key, int dflt) {
        return window(key, dflt > 0 ? new int[] {dflt} : null)[0];
    }

    /** Rejects a {@code dilation_rate} other than 1 (the 2-D layers do not implement dilation). */
    public void requireUnitDilation() {
        for (int d : window("dilation_rate", ones())) {
            if (d != 1) {
                throw new IllegalArgumentException(type + ": dilation_rate other than 1 is not supported, received "
                        + Arrays.toString(args.ints("dilation_rate", rank, null)));
            }
        }
    }

    private int[] ones() {
        int[] v = new int[rank];
        Arrays.fill(v, 1);
        return v;
    }

    /** Parses {@code "valid"} or {@code "same"} (case-insensitive; null means valid) into {@code same}. */
    public static boolean same(String type, String padding) {
        String p = padding == null ? "valid" : padding.trim().toLowerCase(Locale.ROOT);
        return switch (p) {
            case "valid" -> false;
            case "same" -> true;
            default -> throw new IllegalArgumentException(type + ": padding must be \"valid\" or \"same\", received '" + padding + "'");
        };
    }

    /** The Keras padding name. */
    public static String paddingName(boolean same) {
        return same ? "same" : "valid";
    }

    /** Requires a positive int argument. */
    public static int positive(String type, String what, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(type + ": " + what + " must be positive, received " + v);
        }
        return v;
    }

    /** Requires {@code rank} positive ints; returns a copy. */
    public static int[] positive(String type, String what, int[] v, int rank) {
        if (v == null || v.length != rank || Arrays.stream(v).anyMatch(x -> x <= 0)) {
            String expected = rank == 1 ? "a positive int" : "a positive int or " + (rank == 2 ? "two" : rank) + " positive ints";
            throw new IllegalArgumentException(type + ": " + what + " must be " + expected + ", received "
                    + (v == null ? "null" : Arrays.toString(v)));
        }
        return v.clone();
    }

    /** A window as a JSON-friendly list, e.g. {@code [3, 3]}. */
    public static List<Integer> list(int... v) {
        List<Integer> l = new ArrayList<>();
        for (int x : v) {
            l.add(x);
        }
        return l;
    }
}
