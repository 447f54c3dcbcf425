package dev.hyperforge.engine.optimizers;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.kernels.RowGradient;


/**
 * Base of the optimizers: applies one update to every trainable parameter that received a gradient.
 * State (moving averages, velocities) is allocated once per parameter and reused. The learning rate can
 * be changed during training (ReduceLROnPlateau does).
 *
 * <p>A row-wise gradient ({@link Param#rowGradient()}, an Embedding's) goes to {@link #updateRows} first;
 * an optimizer that can update just the touched rows with the result of the dense update does so there
 * (RMSprop, SGD without momentum); otherwise the dense gradient is formed and {@link #update} runs.
 *
 * <pre>{@code
 * Optimizer opt = new RMSprop(0.001);
 * opt.setLearningRate(1e-4);
 * }</pre>
 */
public abstract class Optimizer {
    private double learningRate;
    private long iterations;
    private final Map<Param, INDArray[]> state = new IdentityHashMap<>();

    protected Optimizer(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be a positive number, received " + learningRate);
        }
        this.learningRate = learningRate;
    }

    /** Keras name, e.g. {@code rmsprop}. */
    public abstract String name();

    /** Number of state arrays per parameter. */
    protected abstract int stateSlots();

    /** Updates {@code value} in place from {@code grad} (which may be overwritten) and the state. */
    protected abstract void update(INDArray value, INDArray grad, INDArray[] slots, long iteration);

    /** The optimizer's hyper-parameters (learning rate included) for configs. */
    public abstract Map<String, Object> arguments();

    /**
     * Updates only the rows a row-wise gradient touches, with the same result for every row as the dense
     * update would give; returns false (the default) when this optimizer or these arrays cannot, and the
     * dense update then runs instead.
     */
    protected boolean updateRows(Param p, RowGradient g, INDArray[] slots, long iteration) {
        return false;
    }

    /**
     * Brings state that {@link #updateRows} left pending up to date, before a dense update or before the
     * state is read; default: nothing pending.
     */
    protected void settle(Param p, INDArray[] slots) {
    }

    /** Forgets pending state bookkeeping of {@code p} (its state was replaced); default: none kept. */
    protected void forget(Param p) {
    }

    /** Applies one step to all trainable parameters that have a gradient. */
    public void step(List<Param> params) {
        for (Param p : params) {
            if (!p.trainable()) {
                continue;
            }
            RowGradient rows = p.rowGradient();
            if (rows != null && updateRows(p, rows, slots(p), iterations)) {
                continue;
            }
            INDArray g = p.grad();
            if (g == null) {
                continue;
            }
            INDArray[] s = slots(p);
            settle(p, s);
            update(p.value(), g, s, iterations);
        }
        iterations++;
    }

    private INDArray[] slots(Param p) {
        return state.computeIfAbsent(p, k -> newSlots(k.value()));
    }

    private INDArray[] newSlots(INDArray like) {
        INDArray[] s = new INDArray[stateSlots()];
        for (int i = 0; i < s.length; i++) {
            s[i] = like.ulike().assign(0);
        }
        return s;
    }

    /** The current learning rate. */
    public double learningRate() {
        return learningRate;
    }

    /** Changes the learning rate from the next step on. */
    public void setLearningRate(double lr) {
        if (!(lr > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, received " + lr);
        }
        this.learningRate = lr;
    }

    /** Steps taken so far. */
    public long iterations() {
        return iterations;
    }

    /** The state arrays of a parameter (for saving), up to date as of the last step, or null. */
    public INDArray[] stateOf(Param p) {
        INDArray[] s = state.get(p);
        if (s != null) {
            settle(p, s);
        }
        return s;
    }

    /** Restores a parameter's state arrays and the iteration count (after loading). */
    public void restoreState(Param p, INDArray[] slots, long iteration) {
        forget(p);
        state.put(p, slots);
        this.iterations = iteration;
    }

    /** The config: name plus arguments. */
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", name());
        m.put("config", arguments());
        return m;
    }

    /** Builds an optimizer from its Keras name with default settings and the given learning rate. */
    public static Optimizer of(String name, double learningRate) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "rmsprop" -> new RMSprop(learningRate);
            case "adam" -> new Adam(learningRate);
            case "sgd" -> new SGD(learningRate, 0.0);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; expected rmsprop, adam or sgd");
        };
    }

    /** Builds an optimizer from its config map (as written by {@link #config()}). */
    public static Optimizer fromConfig(Map<String, Object> cfg) {
        String n = (String) cfg.get("class_name");
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) cfg.get("config");
        double lr = ((Number) a.get("learning_rate")).doubleValue();
        return switch (n) {
            case "rmsprop" -> new RMSprop(lr, num(a, "rho"), num(a, "epsilon"));
            case "adam" -> new Adam(lr, num(a, "beta_1"), num(a, "beta_2"), num(a, "epsilon"));
            case "sgd" -> new SGD(lr, num(a, "momentum"));
            default -> throw new IllegalArgumentException("unknown optimizer '" + n + "'");
        };
    }

    private static double num(Map<String, Object> a, String k) {
        return ((Number) a.get(k)).doubleValue();
    }
}
