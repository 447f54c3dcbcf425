package dev.hyperforge.engine.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras 3's {@code CosineDecay} with optional linear warmup. Without {@code warmup_target}: the rate falls
 * from {@code initial} along a half cosine to {@code alpha · initial} at {@code decay_steps} and stays there.
 * With it: the rate rises linearly from {@code initial} to {@code warmup_target} over {@code warmup_steps},
 * then falls from {@code warmup_target} to {@code alpha · warmup_target} over the next {@code decay_steps}.
 *
 * <pre>{@code
 * LearningRateSchedule s = new CosineDecay(0.0, 900, 0.1, 1e-3, 100);   // 0 → 1e-3 in 100 steps, then down to 1e-4
 * }</pre>
 *
 * @param initialLearningRate rate at step 0 (≥ 0)
 * @param decaySteps length of the cosine (> 0)
 * @param alpha floor as a fraction of the decayed rate, in [0, 1]
 * @param warmupTarget rate reached after the warmup, or null for no warmup
 * @param warmupSteps warmup length (≥ 0)
 */
public record CosineDecay(double initialLearningRate, double decaySteps, double alpha, Double warmupTarget, double warmupSteps)
        implements LearningRateSchedule {
    /** Validates the arguments. */
    public CosineDecay {
        if (!(initialLearningRate >= 0) || Double.isInfinite(initialLearningRate) || !(decaySteps > 0) || !(alpha >= 0 && alpha <= 1)
                || !(warmupSteps >= 0) || (warmupTarget != null && !(warmupTarget > 0))) {
            throw new IllegalArgumentException("CosineDecay: needs initial_learning_rate >= 0, decay_steps > 0, alpha in [0, 1], "
                    + "warmup_steps >= 0 and warmup_target > 0 (or none); received " + initialLearningRate + ", " + decaySteps + ", "
                    + alpha + ", " + warmupSteps + ", " + warmupTarget);
        }
    }

    /** Cosine decay without warmup. */
    public CosineDecay(double initialLearningRate, double decaySteps, double alpha) {
        this(initialLearningRate, decaySteps, alpha, null, 0);
    }

    @Override
    public double at(long step) {
        if (warmupTarget == null) {
            return decayed(Math.min(step, decaySteps), initialLearningRate);
        }
        double s = Math.min(step, decaySteps + warmupSteps);
        if (s < warmupSteps) {
            return (warmupTarget - initialLearningRate) * (s / warmupSteps) + initialLearningRate;
        }
        return decayed(s - warmupSteps, warmupTarget);
    }

    private double decayed(double step, double from) {
        double cosine = 0.5 * (1 + Math.cos(Math.PI * step / decaySteps));
        return from * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public String className() {
        return "CosineDecay";
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("initial_learning_rate", initialLearningRate);
        m.put("decay_steps", decaySteps);
        m.put("alpha", alpha);
        m.put("warmup_target", warmupTarget);
        m.put("warmup_steps", warmupSteps);
        return m;
    }
}
