package dev.hyperforge.engine.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.kernels.SmallKernels;

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
        if (SmallKernels.updateFits(value, grad, slots[0], slots[1])) {
            updateSmall(value, grad, slots[1], slots[0], iteration);   // slots: [0] second moment, [1] first, as the op's
            return;
        }
        AdamMath.step(value, grad, slots[0], slots[1], learningRate(), beta1, beta2, epsilon, iteration);
    }

    /**
     * The same update in Java for small parameters ({@link SmallKernels}), in double, with the op's
     * bias correction folded into the step size: {@code lr·√(1-β₂ᵗ)/(1-β₁ᵗ)}, {@code t = iteration + 1}. At a
     * learning rate of exactly 0 only the moments move, as in {@link AdamMath}.
     */
    private void updateSmall(INDArray value, INDArray grad, INDArray m1, INDArray m2, long iteration) {
        int n = (int) value.length();
        double[] w = SmallKernels.scratch(0, n);
        double[] g = SmallKernels.scratch(1, n);
        double[] m = SmallKernels.scratch(2, n);
        double[] v = SmallKernels.scratch(3, n);
        SmallKernels.read(value, w);
        SmallKernels.read(grad, g);
        SmallKernels.read(m1, m);
        SmallKernels.read(m2, v);
        double step = learningRate() * Math.sqrt(1 - Math.pow(beta2, iteration + 1)) / (1 - Math.pow(beta1, iteration + 1));
        for (int j = 0; j < n; j++) {
            double mj = beta1 * m[j] + (1 - beta1) * g[j];
            double vj = beta2 * v[j] + (1 - beta2) * g[j] * g[j];
            m[j] = mj;
            v[j] = vj;
            w[j] -= step == 0 ? 0 : step * mj / (Math.sqrt(vj) + epsilon);
        }
        SmallKernels.write(w, value);
        SmallKernels.write(m, m1);
        SmallKernels.write(v, m2);
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
