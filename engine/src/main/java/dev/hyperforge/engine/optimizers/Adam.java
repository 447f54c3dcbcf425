package dev.hyperforge.engine.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Adam (Keras defaults β1 0.9, β2 0.999, ε 1e-7) with bias correction, run as libnd4j's {@code adam_updater}. */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    /** Adam with Keras defaults. */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
    }

    /**
     * @param learningRate step size
     * @param beta1 decay of the first moment
     * @param beta2 decay of the second moment
     * @param epsilon added to the denominator
     */
    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        super(learningRate);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam: betas must be in [0, 1), received " + beta1 + ", " + beta2);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "adam";
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
        m.put("beta_1", beta1);
        m.put("beta_2", beta2);
        m.put("epsilon", epsilon);
        return m;
    }
}
