package dev.hyperforge.engine.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras' AdamW: Adam (β1 0.9, β2 0.999, ε 1e-7, bias-corrected) with decoupled weight decay (default 0.004)
 * applied before each update as {@code w -= w·weight_decay·lr} (see {@link Optimizer#weightDecay(double)}),
 * to every trainable weight, biases included, as Keras does by default.
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(1e-3);                       // weight_decay 0.004
 * Optimizer strong = new AdamW(1e-3, 0.05, 0.9, 0.999, 1e-7);
 * }</pre>
 */
public final class AdamW extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    /** AdamW with Keras defaults. */
    public AdamW(double learningRate) {
        this(learningRate, 0.004, 0.9, 0.999, 1e-7);
    }

    /**
     * @param learningRate step size
     * @param weightDecay decoupled decay factor (≥ 0)
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param epsilon added to the denominator
     */
    public AdamW(double learningRate, double weightDecay, double beta1, double beta2, double epsilon) {
        super(learningRate);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("AdamW: betas must be in [0, 1), received " + beta1 + ", " + beta2);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        weightDecay(weightDecay);
    }

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    protected int stateSlots() {
        return 2;
    }

    @Override
    protected void update(INDArray value, INDArray grad, INDArray[] slots, long iteration) {
        AdamMath.step(value, grad, slots[0], slots[1], learningRate(), beta1, beta2, epsilon, iteration);
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("learning_rate", learningRate());
        m.put("weight_decay", weightDecay());
        m.put("beta_1", beta1);
        m.put("beta_2", beta2);
        m.put("epsilon", epsilon);
        return m;
    }
}
