package dev.hyperforge.engine.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras' {@code ExponentialDecay}: {@code initial · decay_rate^(step / decay_steps)}, the exponent floored when
 * {@code staircase}.
 *
 * <pre>{@code
 * LearningRateSchedule s = new ExponentialDecay(0.01, 1000, 0.96, false);   // at(1000) = 0.0096
 * }</pre>
 *
 * @param initialLearningRate rate at step 0 (> 0)
 * @param decaySteps steps per decay period (> 0)
 * @param decayRate factor per period (> 0)
 * @param staircase decay in whole periods
 */
public record ExponentialDecay(double initialLearningRate, double decaySteps, double decayRate, boolean staircase)
        implements LearningRateSchedule {
    /** Validates the arguments. */
    public ExponentialDecay {
        if (!(initialLearningRate > 0) || !(decaySteps > 0) || !(decayRate > 0)
                || Double.isInfinite(initialLearningRate) || Double.isInfinite(decayRate)) {
            throw new IllegalArgumentException("ExponentialDecay: initial_learning_rate, decay_steps and decay_rate must be positive numbers, received "
                    + initialLearningRate + ", " + decaySteps + ", " + decayRate);
        }
    }

    @Override
    public double at(long step) {
        double p = step / decaySteps;
        return initialLearningRate * Math.pow(decayRate, staircase ? Math.floor(p) : p);
    }

    @Override
    public String className() {
        return "ExponentialDecay";
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("initial_learning_rate", initialLearningRate);
        m.put("decay_steps", decaySteps);
        m.put("decay_rate", decayRate);
        m.put("staircase", staircase);
        return m;
    }
}
