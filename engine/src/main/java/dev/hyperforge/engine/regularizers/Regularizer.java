package dev.hyperforge.engine.regularizers;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A penalty added to the total loss, as Keras' {@code keras.regularizers}: {@code L1} ({@code l1·Σ|x|}),
 * {@code L2} ({@code l2·Σx²}) and {@code L1L2} (both). A layer applies it to a weight (kernel, bias,
 * embeddings, recurrent kernel) or to its output (activity); the penalty is summed over the whole array
 * (the whole batch for an activity, not divided by the batch size, as in Keras 3) and added to the batch's
 * mean loss, so it is part of the reported {@code loss}.
 *
 * <pre>{@code
 * Regularizer r = Regularizer.of("l2");                                   // L2(0.01)
 * Regularizer s = Regularizer.fromConfig(Map.of("class_name", "L1L2", "config", Map.of("l1", 1e-5, "l2", 1e-4)));
 * Dense d = new Dense(64, "relu").regularize("kernel_regularizer", s);
 * }</pre>
 *
 * @param l1 factor of the absolute values (≥ 0)
 * @param l2 factor of the squares (≥ 0)
 * @param className Keras class name: {@code L1}, {@code L2} or {@code L1L2}
 */
public record Regularizer(double l1, double l2, String className) {
    /** Validates the factors. */
    public Regularizer {
        if (!(l1 >= 0) || !(l2 >= 0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("a regularizer's factors must be finite numbers >= 0, received l1=" + l1 + ", l2=" + l2);
        }
        if (!className.equals("L1") && !className.equals("L2") && !className.equals("L1L2")) {
            throw new IllegalArgumentException("unknown regularizer '" + className + "'; expected L1, L2 or L1L2");
        }
    }

    /** Keras' {@code L1(l1)}. */
    public static Regularizer l1(double l1) {
        return new Regularizer(l1, 0, "L1");
    }

    /** Keras' {@code L2(l2)}. */
    public static Regularizer l2(double l2) {
        return new Regularizer(0, l2, "L2");
    }

    /** Keras' {@code L1L2(l1, l2)}. */
    public static Regularizer l1l2(double l1, double l2) {
        return new Regularizer(l1, l2, "L1L2");
    }

    /** The penalty of {@code x}: {@code l1·Σ|x| + l2·Σx²}. */
    public double value(INDArray x) {
        double v = 0;
        if (l1 != 0) {
            v += l1 * x.norm1Number().doubleValue();
        }
        if (l2 != 0) {
            double n = x.norm2Number().doubleValue();
            v += l2 * n * n;
        }
        return v;
    }

    /** Adds the penalty's gradient {@code l1·sign(x) + 2·l2·x} to {@code grad} (same shape as {@code x}). */
    public void addGradient(INDArray x, INDArray grad) {
        if (l1 != 0) {
            grad.addi(org.nd4j.linalg.ops.transforms.Transforms.sign(x, true).muli(l1));
        }
        if (l2 != 0) {
            grad.addi(x.mul(2 * l2));
        }
    }

    /** The Keras config: {@code {"class_name": "L2", "config": {"l2": 0.01}}}. */
    public Map<String, Object> config() {
        Map<String, Object> args = new LinkedHashMap<>();
        if (!className.equals("L2")) {
            args.put("l1", l1);
        }
        if (!className.equals("L1")) {
            args.put("l2", l2);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", className);
        m.put("config", args);
        return m;
    }

    /**
     * A regularizer from Keras' string shorthand ({@code l1}, {@code l2}: factor 0.01; {@code l1_l2}: both 0, as
     * Keras' {@code L1L2()} defaults) or class name ({@code L1}, {@code L2}, {@code L1L2}).
     */
    public static Regularizer of(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "l1" -> l1(0.01);
            case "l2" -> l2(0.01);
            case "l1_l2", "l1l2" -> l1l2(0, 0);
            default -> throw new IllegalArgumentException("unknown regularizer '" + name + "'; expected l1, l2, l1_l2 or "
                    + "{class_name: L2, config: {l2: 0.01}} or {type: L2, l2: 0.01}");
        };
    }

    /**
     * A regularizer from a config value: null (none), a {@link Regularizer}, a string ({@link #of}) or a map
     * {@code {class_name, config}} as {@link #config()} writes it.
     */
    @SuppressWarnings("unchecked")
    public static Regularizer from(Object spec) {
        if (spec == null || spec instanceof Regularizer) {
            return (Regularizer) spec;
        }
        if (spec instanceof String s) {
            return of(s);
        }
        if (spec instanceof Map<?, ?> m) {
            return fromConfig((Map<String, Object>) m);
        }
        throw new IllegalArgumentException("a regularizer is a name (l1, l2, l1_l2) or {class_name: L2, config: {l2: 0.01}}, received " + spec);
    }

    /**
     * A regularizer from {@code {class_name, config}} or the flat form of experiment files {@code {type: L2, l2: 0.01}};
     * missing factors take Keras' defaults.
     */
    public static Regularizer fromConfig(Map<String, Object> spec) {
        Map<String, Object> cfg = spec;
        if (!spec.containsKey("class_name") && spec.get("type") != null) {
            Map<String, Object> args = new LinkedHashMap<>(spec);
            cfg = Map.of("class_name", String.valueOf(args.remove("type")), "config", args);
        }
        Object cls = cfg.get("class_name");
        Object c = cfg.getOrDefault("config", Map.of());
        if (!(cls instanceof String name) || !(c instanceof Map<?, ?> args)) {
            throw new IllegalArgumentException("a regularizer config is {class_name: L1|L2|L1L2, config: {l1: .., l2: ..}}, received " + cfg);
        }
        for (Object k : args.keySet()) {
            if (!"l1".equals(k) && !"l2".equals(k)) {
                throw new IllegalArgumentException("regularizer " + name + " takes l1 and l2, received '" + k + "'");
            }
        }
        return switch (name) {
            case "L1", "l1" -> l1(factor(args, "l1", 0.01));
            case "L2", "l2" -> l2(factor(args, "l2", 0.01));
            case "L1L2", "l1_l2" -> l1l2(factor(args, "l1", 0), factor(args, "l2", 0));
            default -> throw new IllegalArgumentException("unknown regularizer '" + name + "'; expected L1, L2 or L1L2");
        };
    }

    private static double factor(Map<?, ?> args, String key, double dflt) {
        Object v = args.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("regularizer factor '" + key + "' must be a number, received '" + v + "'");
    }
}
