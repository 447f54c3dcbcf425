package dev.hyperforge.engine.optimizers;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.kernels.RowGradient;
import dev.hyperforge.engine.optimizers.schedules.LearningRateSchedule;


/**
 * Base of the optimizers: applies one update to every trainable parameter that received a gradient.
 * State (moving averages, velocities) is allocated once per parameter and reused. The learning rate can
 * be changed during training (ReduceLROnPlateau does).
 *
 * <p>A row-wise gradient ({@link Param#rowGradient()}, an Embedding's) goes to {@link #updateRows} first;
 * an optimizer that can update just the touched rows with the result of the dense update does so there
 * (RMSprop, SGD without momentum); otherwise the dense gradient is formed and {@link #update} runs.
 *
 * <p>Every optimizer takes Keras' common options: a {@link LearningRateSchedule} instead of a fixed rate
 * (evaluated at {@link #iterations()} before each step), gradient clipping ({@code clipnorm}: each
 * gradient's L2 norm at most c; {@code global_clipnorm}: the norm of all gradients together at most c;
 * {@code clipvalue}: each element in [-c, c]; at most one of the three) and decoupled {@code weight_decay}
 * ({@code w -= w·wd·lr} before the update). Clipping or weight decay give every parameter a dense update
 * (the row-wise path is for plain updates).
 *
 * <pre>{@code
 * Optimizer opt = new RMSprop(0.001);
 * opt.setLearningRate(1e-4);
 * Optimizer clipped = new Adam(1e-3).clipnorm(1.0);
 * Optimizer warm = new AdamW(1e-3).learningRate(new CosineDecay(0.0, 1000, 0.0, 1e-3, 100));
 * }</pre>
 */
public abstract class Optimizer {
    private double learningRate;
    private LearningRateSchedule schedule;
    private double clipnorm;
    private double globalClipnorm;
    private double clipvalue;
    private double weightDecay;
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

    /** A fresh slot's value; default 0 (Adagrad's accumulator starts at its initial value). */
    protected double initialSlotValue(int slot) {
        return 0;
    }

    /** Called once at the start of each step, before any parameter is updated; default nothing. */
    protected void beginStep(long iteration) {
    }

    /** Applies one step to all trainable parameters that have a gradient. */
    public void step(List<Param> params) {
        beginStep(iterations);
        boolean plain = clipnorm == 0 && clipvalue == 0 && globalClipnorm == 0 && weightDecay == 0;
        double globalScale = globalClipnorm > 0 ? Clipping.globalScale(params, globalClipnorm) : 1;
        for (Param p : params) {
            if (!p.trainable()) {
                continue;
            }
            RowGradient rows = p.rowGradient();
            if (plain && rows != null && updateRows(p, rows, slots(p), iterations)) {
                continue;
            }
            INDArray g = p.grad();
            if (g == null) {
                continue;
            }
            if (!plain) {
                Clipping.clip(g, clipnorm, clipvalue, globalScale);
                if (weightDecay > 0) {
                    p.value().subi(p.value().mul(weightDecay * learningRate()));
                }
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
            s[i] = like.ulike().assign(initialSlotValue(i));
        }
        return s;
    }

    /** The learning rate of the next step: the schedule's value at {@link #iterations()}, or the fixed rate. */
    public double learningRate() {
        return schedule == null ? learningRate : schedule.at(iterations);
    }

    /** The schedule, or null for a fixed rate. */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /**
     * Changes the learning rate from the next step on.
     *
     * @throws IllegalStateException when the rate comes from a schedule (as Keras: it is not settable then)
     */
    public void setLearningRate(double lr) {
        if (!(lr > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, received " + lr);
        }
        if (schedule != null) {
            throw new IllegalStateException(getClass().getSimpleName() + "'s learning rate comes from a " + schedule.className()
                    + " schedule and cannot be set (ReduceLROnPlateau and LearningRateScheduler need a fixed learning rate)");
        }
        this.learningRate = lr;
    }

    /** Takes the learning rate from {@code s} (evaluated at each step); returns this. */
    @SuppressWarnings("unchecked")
    public <O extends Optimizer> O learningRate(LearningRateSchedule s) {
        this.schedule = java.util.Objects.requireNonNull(s, "schedule");
        return (O) this;
    }

    /** Scales each parameter's gradient to an L2 norm of at most {@code c} (Keras' {@code clipnorm}); returns this. */
    public <O extends Optimizer> O clipnorm(double c) {
        this.clipnorm = Clipping.check("clipnorm", c, clipvalue, globalClipnorm);
        return self();
    }

    /** Scales all gradients together to an L2 norm of at most {@code c} (Keras' {@code global_clipnorm}); returns this. */
    public <O extends Optimizer> O globalClipnorm(double c) {
        this.globalClipnorm = Clipping.check("global_clipnorm", c, clipnorm, clipvalue);
        return self();
    }

    /** Clips each gradient element to [-c, c] (Keras' {@code clipvalue}); returns this. */
    public <O extends Optimizer> O clipvalue(double c) {
        this.clipvalue = Clipping.check("clipvalue", c, clipnorm, globalClipnorm);
        return self();
    }

    /** Decoupled weight decay: before each update {@code w -= w·wd·lr} (Keras' {@code weight_decay}); 0 for none; returns this. */
    public <O extends Optimizer> O weightDecay(double wd) {
        if (!(wd >= 0) || Double.isInfinite(wd)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": weight_decay must be a number >= 0, received " + wd);
        }
        this.weightDecay = wd;
        return self();
    }

    /** The weight decay (0 for none). */
    public double weightDecay() {
        return weightDecay;
    }

    @SuppressWarnings("unchecked")
    private <O extends Optimizer> O self() {
        return (O) this;
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

    /**
     * The config: name plus arguments; a schedule replaces the numeric {@code learning_rate} by its config, and
     * the common options (clipping, weight decay) are written when set.
     */
    public Map<String, Object> config() {
        Map<String, Object> args = new LinkedHashMap<>(arguments());
        if (schedule != null) {
            args.put("learning_rate", schedule.config());
        }
        putIfSet(args, "weight_decay", weightDecay);
        putIfSet(args, "clipnorm", clipnorm);
        putIfSet(args, "global_clipnorm", globalClipnorm);
        putIfSet(args, "clipvalue", clipvalue);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", name());
        m.put("config", args);
        return m;
    }

    private static void putIfSet(Map<String, Object> args, String key, double v) {
        if (v != 0) {
            args.put(key, v);
        }
    }

    /** Builds an optimizer from its Keras name with default settings and the given learning rate. */
    public static Optimizer of(String name, double learningRate) {
        return Optimizers.of(name, learningRate);
    }

    /**
     * Builds an optimizer from its config map (as written by {@link #config()}, Keras argument names; missing
     * arguments take Keras' defaults, unknown ones are refused).
     */
    public static Optimizer fromConfig(Map<String, Object> cfg) {
        return Optimizers.fromConfig(cfg);
    }
}
