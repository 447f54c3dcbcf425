package dev.hyperforge.engine.callbacks;

import java.util.List;
import java.util.Map;

import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.optimizers.schedules.LearningRateSchedule;

/**
 * Sets the optimizer's learning rate at the start of every epoch from a function of the epoch (0-based) and
 * the current rate, as Keras' {@code LearningRateScheduler}. The optimizer needs a fixed learning rate (not a
 * schedule of its own). From an experiment file, the function is a list of per-epoch rates ({@code values},
 * the last one kept for later epochs) or a schedule evaluated at the epoch number ({@code schedule}).
 *
 * <pre>{@code
 * new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1));
 * LearningRateScheduler.fromConfig(Map.of("values", List.of(0.01, 0.01, 0.005)));
 * LearningRateScheduler.fromConfig(Map.of("schedule", Map.of("class_name", "ExponentialDecay",
 *     "config", Map.of("initial_learning_rate", 0.01, "decay_steps", 1, "decay_rate", 0.5))));
 * }</pre>
 */
public final class LearningRateScheduler implements Callback {
    /** The learning rate of an epoch from the epoch (0-based) and the current rate. */
    @FunctionalInterface
    public interface EpochSchedule {
        /** The new rate (> 0). */
        double rate(int epoch, double currentRate);
    }

    private final EpochSchedule schedule;
    private Model model;

    /** A scheduler calling {@code schedule} at the start of each epoch. */
    public LearningRateScheduler(EpochSchedule schedule) {
        this.schedule = java.util.Objects.requireNonNull(schedule, "schedule");
    }

    /**
     * From file arguments: {@code values} (a non-empty list of positive rates, one per epoch) or {@code schedule}
     * (a schedule config {@code {class_name, config}} or {@code {type, ...arguments}}, evaluated at the epoch);
     * {@code verbose} is accepted and ignored.
     */
    @SuppressWarnings("unchecked")
    public static LearningRateScheduler fromConfig(Map<String, Object> args) {
        for (String k : args.keySet()) {
            if (!List.of("values", "schedule", "verbose").contains(k)) {
                throw new IllegalArgumentException("unknown argument '" + k + "'; LearningRateScheduler takes values (a list of per-epoch rates) or schedule");
            }
        }
        if (args.containsKey("values") == args.containsKey("schedule")) {
            throw new IllegalArgumentException("give exactly one of values (a list of per-epoch learning rates) or schedule "
                    + "({type: ExponentialDecay, initial_learning_rate: .., decay_steps: .., decay_rate: ..})");
        }
        if (args.get("values") != null) {
            return perEpoch(rates(args.get("values")));
        }
        if (!(args.get("schedule") instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("argument 'schedule' must be a schedule such as {type: CosineDecay, initial_learning_rate: 0.01, "
                    + "decay_steps: 20}, received " + args.get("schedule"));
        }
        LearningRateSchedule s = LearningRateSchedule.fromConfig((Map<String, Object>) m);
        return new LearningRateScheduler((epoch, lr) -> s.at(epoch));
    }

    private static double[] rates(Object v) {
        if (!(v instanceof List<?> l) || l.isEmpty()) {
            throw new IllegalArgumentException("argument 'values' must be a non-empty list of learning rates, received " + v);
        }
        double[] r = new double[l.size()];
        for (int i = 0; i < r.length; i++) {
            if (!(l.get(i) instanceof Number n) || !(n.doubleValue() > 0)) {
                throw new IllegalArgumentException("values[" + i + "] must be a positive number, received " + l.get(i));
            }
            r[i] = ((Number) l.get(i)).doubleValue();
        }
        return r;
    }

    /** Rate {@code rates[epoch]}, the last one for later epochs. */
    public static LearningRateScheduler perEpoch(double... rates) {
        double[] r = rates.clone();
        return new LearningRateScheduler((epoch, lr) -> r[Math.min(epoch, r.length - 1)]);
    }

    @Override
    public void setModel(Model m) {
        this.model = m;
    }

    @Override
    public void onEpochBegin(int epoch) {
        if (model == null) {
            throw new IllegalStateException("LearningRateScheduler is not attached to a model; pass it to fit with FitOptions.builder().callbacks(...)");
        }
        double lr = schedule.rate(epoch, model.optimizer().learningRate());
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("LearningRateScheduler: the schedule gave " + lr + " for epoch " + epoch + "; a learning rate must be positive");
        }
        model.optimizer().setLearningRate(lr);
    }
}
