package dev.hyperforge.engine.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A learning rate as a function of the optimizer's step count ({@code iterations}, from 0), as Keras'
 * {@code keras.optimizers.schedules}: an optimizer given a schedule evaluates it before every step.
 *
 * <pre>{@code
 * LearningRateSchedule s = new CosineDecay(0.0, 1000, 0.0, 1e-3, 100);    // warm up to 1e-3 in 100 steps
 * Optimizer opt = new AdamW(s);
 * LearningRateSchedule t = LearningRateSchedule.fromConfig(s.config());   // round trip
 * }</pre>
 */
public interface LearningRateSchedule {
    /** The learning rate of step {@code step} (0 for the first update). */
    double at(long step);

    /** Keras' class name, e.g. {@code CosineDecay}. */
    String className();

    /** The arguments, Keras names. */
    Map<String, Object> arguments();

    /** {@code {"class_name": ..., "config": {...}}}. */
    default Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", className());
        m.put("config", arguments());
        return m;
    }

    /**
     * A schedule from {@code {class_name, config}} with Keras' argument names and defaults, or from the flat form
     * of experiment files, {@code {type: CosineDecay, initial_learning_rate: .., decay_steps: ..}}.
     *
     * @throws IllegalArgumentException naming the schedule and the argument at fault
     */
    @SuppressWarnings("unchecked")
    static LearningRateSchedule fromConfig(Map<String, Object> spec) {
        Map<String, Object> cfg = spec;
        if (!spec.containsKey("class_name") && spec.get("type") != null) {
            Map<String, Object> args = new LinkedHashMap<>(spec);
            cfg = Map.of("class_name", String.valueOf(args.remove("type")), "config", args);
        }
        Object cls = cfg.get("class_name");
        Object c = cfg.getOrDefault("config", Map.of());
        if (!(cls instanceof String name) || !(c instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("a learning rate schedule is {class_name: ExponentialDecay|CosineDecay|PiecewiseConstantDecay, "
                    + "config: {...}}, received " + cfg);
        }
        Args a = new Args(name, (Map<String, Object>) c);
        LearningRateSchedule s = switch (name) {
            case "ExponentialDecay" -> {
                a.allow("initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name");
                yield new ExponentialDecay(a.num("initial_learning_rate", null), a.num("decay_steps", null),
                        a.num("decay_rate", null), a.bool("staircase", false));
            }
            case "CosineDecay" -> {
                a.allow("initial_learning_rate", "decay_steps", "alpha", "warmup_target", "warmup_steps", "name");
                Double target = a.args().get("warmup_target") == null ? null : a.num("warmup_target", null);
                yield new CosineDecay(a.num("initial_learning_rate", null), a.num("decay_steps", null), a.num("alpha", 0.0),
                        target, a.num("warmup_steps", 0.0));
            }
            case "PiecewiseConstantDecay" -> {
                a.allow("boundaries", "values", "name");
                yield new PiecewiseConstantDecay(a.nums("boundaries"), a.nums("values"));
            }
            default -> throw new IllegalArgumentException("unknown learning rate schedule '" + name
                    + "'; expected ExponentialDecay, CosineDecay or PiecewiseConstantDecay");
        };
        return s;
    }

    /** Typed reads of a schedule's arguments with messages naming the schedule and argument. */
    record Args(String schedule, Map<String, Object> args) {
        void allow(String... keys) {
            List<String> known = List.of(keys);
            for (String k : args.keySet()) {
                if (!known.contains(k)) {
                    throw new IllegalArgumentException(schedule + ": unknown argument '" + k + "'; it takes " + known);
                }
            }
        }

        double num(String key, Double dflt) {
            Object v = args.get(key);
            if (v == null) {
                if (dflt == null) {
                    throw new IllegalArgumentException(schedule + ": missing argument '" + key + "'");
                }
                return dflt;
            }
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            throw new IllegalArgumentException(schedule + ": argument '" + key + "' must be a number, received '" + v + "'");
        }

        boolean bool(String key, boolean dflt) {
            Object v = args.get(key);
            if (v == null) {
                return dflt;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            throw new IllegalArgumentException(schedule + ": argument '" + key + "' must be true or false, received '" + v + "'");
        }

        double[] nums(String key) {
            Object v = args.get(key);
            if (!(v instanceof List<?> l)) {
                throw new IllegalArgumentException(schedule + ": argument '" + key + "' must be a list of numbers, received '" + v + "'");
            }
            double[] r = new double[l.size()];
            for (int i = 0; i < r.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    throw new IllegalArgumentException(schedule + ": " + key + "[" + i + "] must be a number, received '" + l.get(i) + "'");
                }
                r[i] = n.doubleValue();
            }
            return r;
        }
    }
}
