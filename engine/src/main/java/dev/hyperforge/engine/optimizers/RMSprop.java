package dev.hyperforge.engine.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.RmsPropUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RMSprop (Keras defaults rho 0.9, epsilon 1e-7): {@code s = ρs + (1-ρ)g²; w -= lr·g / (√s + ε)}, run as
 * libnd4j's fused {@code rms_prop_updater} op.
 */
public final class RMSprop extends Optimizer {
    private final double rho;
    private final double epsilon;

    /** RMSprop with Keras defaults. */
    public RMSprop(double learningRate) {
        this(learningRate, 0.9, 1e-7);
    }

    /**
     * @param learningRate step size
     * @param rho decay of the mean square
     * @param epsilon added to the denominator
     */
    public RMSprop(double learningRate, double rho, double epsilon) {
        super(learningRate);
        if (!(rho > 0 && rho < 1)) {
            throw new IllegalArgumentException("RMSprop: rho must be in (0, 1), received " + rho);
        }
        this.rho = rho;
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    protected int stateSlots() {
        return 1;
    }

    @Override
    protected void update(INDArray value, INDArray grad, INDArray[] slots, long iteration) {
        Nd4j.exec(new RmsPropUpdater(grad, slots[0], learningRate(), rho, epsilon));
        value.subi(grad);
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("learning_rate", learningRate());
        m.put("rho", rho);
        m.put("epsilon", epsilon);
        return m;
    }
}
