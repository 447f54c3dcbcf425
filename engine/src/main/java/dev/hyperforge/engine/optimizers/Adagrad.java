package dev.hyperforge.engine.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras' Adagrad: {@code a += g²; w -= lr·g / √(a + ε)}, the accumulator starting at
 * {@code initial_accumulator_value} (Keras default 0.1, ε 1e-7; PyTorch starts at 0 and adds ε outside
 * the root).
 *
 * <pre>{@code
 * Optimizer opt = new Adagrad(0.01);
 * }</pre>
 */
public final class Adagrad extends Optimizer {
    private final double initialAccumulator;
    private final double epsilon;

    /** Adagrad with Keras defaults. */
    public Adagrad(double learningRate) {
        this(learningRate, 0.1, 1e-7);
    }

    /**
     * @param learningRate step size
     * @param initialAccumulatorValue starting value of the squared-gradient sums (≥ 0)
     * @param epsilon added under the root
     */
    public Adagrad(double learningRate, double initialAccumulatorValue, double epsilon) {
        super(learningRate);
        if (!(initialAccumulatorValue >= 0) || !(epsilon >= 0) || initialAccumulatorValue + epsilon <= 0) {
            throw new IllegalArgumentException("Adagrad: initial_accumulator_value and epsilon must be >= 0 and not both 0, received "
                    + initialAccumulatorValue + ", " + epsilon);
        }
        this.initialAccumulator = initialAccumulatorValue;
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    protected int stateSlots() {
        return 1;
    }

    @Override
    protected double initialSlotValue(int slot) {
        return initialAccumulator;
    }

    @Override
    protected void update(INDArray value, INDArray grad, INDArray[] slots, long iteration) {
        INDArray a = slots[0];
        a.addi(grad.mul(grad));
        value.subi(grad.muli(learningRate()).divi(Transforms.sqrt(a.add(epsilon), false)));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("learning_rate", learningRate());
        m.put("initial_accumulator_value", initialAccumulator);
        m.put("epsilon", epsilon);
        return m;
    }
}
