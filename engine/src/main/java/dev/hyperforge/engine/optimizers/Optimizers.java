package dev.hyperforge.engine.optimizers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.hyperforge.engine.optimizers.schedules.LearningRateSchedule;

/**
 * Makes optimizers from Keras names and configs: {@code sgd}, {@code rmsprop}, {@code adam}, {@code adamw},
 * {@code nadam}, {@code adagrad} (any case), each with its own Keras arguments and defaults plus the common
 * ones ({@code learning_rate} as a number or a schedule config, {@code weight_decay}, {@code clipnorm},
 * {@code global_clipnorm}, {@code clipvalue}).
 *
 * <pre>{@code
 * Optimizer o = Optimizers.fromConfig(Map.of("class_name", "AdamW", "config",
 *     Map.of("learning_rate", 1e-3, "weight_decay", 0.01, "global_clipnorm", 1.0)));
 * }</pre>
 */
public final class Optimizers {
    /** Each optimizer's own arguments with Keras' defaults (learning rate 0.001 except SGD's 0.01). */
    private static final Map<String, Map<String, Double>> DEFAULTS = new LinkedHashMap<>();
    private static final List<String> COMMON = List.of("learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "name");

    static {
        DEFAULTS.put("sgd", Map.of("learning_rate", 0.01, "momentum", 0.0));
        DEFAULTS.put("rmsprop", Map.of("learning_rate", 0.001, "rho", 0.9, "epsilon", 1e-7));
        DEFAULTS.put("adam", Map.of("learning_rate", 0.001, "beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-7));
        DEFAULTS.put("adamw", Map.of("learning_rate", 0.001, "weight_decay", 0.004, "beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-7));
        DEFAULTS.put("nadam", Map.of("learning_rate", 0.001, "beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-7));
        DEFAULTS.put("adagrad", Map.of("learning_rate", 0.001, "initial_accumulator_value", 0.1, "epsilon", 1e-7));
    }

    private Optimizers() {
    }

    /** The known names, lower case. */
    public static List<String> names() {
        return List.copyOf(DEFAULTS.keySet());
    }

    /** An optimizer by name with its defaults and the given learning rate. */
    public static Optimizer of(String name, double learningRate) {
        return fromConfig(Map.of("class_name", name, "config", Map.of("learning_rate", learningRate)));
    }

    /**
     * An optimizer from {@code {class_name, config}}.
     *
     * @throws IllegalArgumentException naming the optimizer and the argument at fault
     */
    @SuppressWarnings("unchecked")
    public static Optimizer fromConfig(Map<String, Object> cfg) {
        Object cls = cfg.get("class_name");
        String key = cls == null ? "" : String.valueOf(cls).trim().toLowerCase(Locale.ROOT);
        Map<String, Double> d = DEFAULTS.get(key);
        if (d == null) {
            throw new IllegalArgumentException("unknown optimizer '" + cls + "'; expected one of " + String.join(", ", names()));
        }
        Object c = cfg.getOrDefault("config", Map.of());
        if (!(c instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("the config of optimizer " + cls + " must be a map of arguments, received " + c);
        }
        Map<String, Object> a = (Map<String, Object>) c;
        for (String k : a.keySet()) {
            if (!d.containsKey(k) && !COMMON.contains(k)) {
                List<String> known = new java.util.ArrayList<>(new java.util.TreeSet<>(d.keySet()));
                COMMON.stream().filter(x -> !known.contains(x) && !x.equals("name")).forEach(known::add);
                throw new IllegalArgumentException(key + ": unknown argument '" + k + "'; it takes " + known);
            }
        }
        Object lrSpec = a.get("learning_rate");
        double lr = lrSpec instanceof Map ? d.get("learning_rate") : num(key, a, "learning_rate", d);
        Optimizer o = make(key, lr, a, d);
        if (lrSpec instanceof Map<?, ?> sm) {
            o.learningRate(LearningRateSchedule.fromConfig((Map<String, Object>) sm));
        }
        double wd = a.containsKey("weight_decay") && a.get("weight_decay") != null ? num(key, a, "weight_decay", d) : d.getOrDefault("weight_decay", 0.0);
        o.weightDecay(wd);
        setClip(key, a, "clipnorm", o::clipnorm);
        setClip(key, a, "global_clipnorm", o::globalClipnorm);
        setClip(key, a, "clipvalue", o::clipvalue);
        return o;
    }

    private static Optimizer make(String key, double lr, Map<String, Object> a, Map<String, Double> d) {
        return switch (key) {
            case "sgd" -> new SGD(lr, num(key, a, "momentum", d));
            case "rmsprop" -> new RMSprop(lr, num(key, a, "rho", d), num(key, a, "epsilon", d));
            case "adam" -> new Adam(lr, num(key, a, "beta_1", d), num(key, a, "beta_2", d), num(key, a, "epsilon", d));
            case "adamw" -> new AdamW(lr, num(key, a, "weight_decay", d), num(key, a, "beta_1", d), num(key, a, "beta_2", d), num(key, a, "epsilon", d));
            case "nadam" -> new Nadam(lr, num(key, a, "beta_1", d), num(key, a, "beta_2", d), num(key, a, "epsilon", d));
            case "adagrad" -> new Adagrad(lr, num(key, a, "initial_accumulator_value", d), num(key, a, "epsilon", d));
            default -> throw new IllegalStateException(key);
        };
    }

    private static void setClip(String key, Map<String, Object> a, String arg, java.util.function.DoubleConsumer set) {
        Object v = a.get(arg);
        if (v != null) {
            set.accept(num(key, a, arg, Map.of()));
        }
    }

    private static double num(String opt, Map<String, Object> a, String k, Map<String, Double> d) {
        Object v = a.get(k);
        if (v == null) {
            return d.get(k);
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(opt + ": argument '" + k + "' must be a number, received '" + v + "'");
    }
}
