package dev.hyperforge.engine.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras' Nadam (Adam with Nesterov momentum; β1 0.9, β2 0.999, ε 1e-7) with Keras' momentum schedule
 * {@code u_t = β1·(1 - 0.5·0.96^t)}: with {@code m, v} Adam's moments and {@code Π_t = u_1···u_t},
 * {@code m̂ = u_{t+1}·m / (1 - Π_{t+1}) + (1 - u_t)·g / (1 - Π_t)}, {@code v̂ = v / (1 - β2^t)},
 * {@code w -= lr·m̂ / (√v̂ + ε)}. (PyTorch's NAdam uses a different momentum decay, so its numbers differ.)
 *
 * <pre>{@code
 * Optimizer opt = new Nadam(2e-3);
 * }</pre>
 */
public final class Nadam extends Optimizer {
    private static final double DECAY = 0.96;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private double ut;
    private double ut1;
    private double prodT = 1;
    private double prodT1;
    private double beta2Power;
    private long productStep;

    /** Nadam with Keras defaults. */
    public Nadam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
    }

    /**
     * @param learningRate step size
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param epsilon added to the denominator
     */
    public Nadam(double learningRate, double beta1, double beta2, double epsilon) {
        super(learningRate);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Nadam: betas must be in [0, 1), received " + beta1 + ", " + beta2);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "nadam";
    }

    @Override
    protected int stateSlots() {
        return 2;
    }

    /** The step's momentum factors; the product is recomputed from the step count, so it survives save/load. */
    @Override
    protected void beginStep(long iteration) {
        long t = iteration + 1;
        double prod;
        if (t == productStep + 1) {
            prod = prodT * u(t);
        } else {
            prod = 1;
            for (long s = 1; s <= t; s++) {
                prod *= u(s);
            }
        }
        productStep = t;
        ut = u(t);
        ut1 = u(t + 1);
        prodT = prod;
        prodT1 = prod * ut1;
        beta2Power = Math.pow(beta2, t);
    }

    private double u(long step) {
        return beta1 * (1 - 0.5 * Math.pow(DECAY, step));
    }

    @Override
    protected void update(INDArray value, INDArray grad, INDArray[] slots, long iteration) {
        INDArray m = slots[0];
        INDArray v = slots[1];
        m.muli(beta1).addi(grad.mul(1 - beta1));
        v.muli(beta2).addi(grad.mul(grad).muli(1 - beta2));
        INDArray mHat = m.mul(ut1 / (1 - prodT1)).addi(grad.muli((1 - ut) / (1 - prodT)));
        INDArray denom = Transforms.sqrt(v.div(1 - beta2Power), false).addi(epsilon);
        value.subi(mHat.muli(learningRate()).divi(denom));
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
