package dev.hyperforge.engine.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.kernels.RowGradient;
import dev.hyperforge.engine.kernels.SmallKernels;


/**
 * Stochastic gradient descent with (Keras-style) momentum: {@code v = m·v - lr·g; w += v}. Without
 * momentum a row-wise gradient (Embedding) updates just the touched rows (the others would not move);
 * with momentum every row moves, so the dense update runs.
 */
public final class SGD extends Optimizer {
    private final double momentum;

    /**
     * @param learningRate step size
     * @param momentum in [0, 1)
     */
    public SGD(double learningRate, double momentum) {
        super(learningRate);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("SGD: momentum must be in [0, 1), received " + momentum);
        }
        this.momentum = momentum;
    }

    /** Plain SGD. */
    public SGD(double learningRate) {
        this(learningRate, 0.0);
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    protected int stateSlots() {
        return 1;
    }

    @Override
    protected void update(INDArray value, INDArray grad, INDArray[] slots, long iteration) {
        if (SmallKernels.updateFits(value, grad, slots[0])) {
            updateSmall(value, grad, slots[0]);
            return;
        }
        INDArray v = slots[0];
        v.muli(momentum).subi(grad.muli(learningRate()));
        value.addi(v);
    }

    @Override
    protected boolean updateRows(Param p, RowGradient g, INDArray[] slots, long iteration) {
        if (momentum != 0 || !g.canUpdate(p.value())) {
            return false;
        }
        double lr = learningRate();
        if (g.isFloat(p.value())) {
            float flr = (float) lr;
            g.updateFloat(new INDArray[] {p.value()}, (row, grad, t) -> {
                float[] w = t[0];
                for (int j = 0; j < grad.length; j++) {
                    w[j] -= flr * grad[j];
                }
            });
        } else {
            g.update(new INDArray[] {p.value()}, (row, grad, t) -> {
                double[] w = t[0];
                for (int j = 0; j < grad.length; j++) {
                    w[j] -= lr * grad[j];
                }
            });
        }
        return true;
    }

    /** The same update in Java for small parameters ({@link SmallKernels}), in double. */
    private void updateSmall(INDArray value, INDArray grad, INDArray velocity) {
        int n = (int) value.length();
        double[] w = SmallKernels.scratch(0, n);
        double[] g = SmallKernels.scratch(1, n);
        double[] v = SmallKernels.scratch(2, n);
        SmallKernels.read(value, w);
        SmallKernels.read(grad, g);
        SmallKernels.read(velocity, v);
        double lr = learningRate();
        for (int j = 0; j < n; j++) {
            v[j] = momentum * v[j] - lr * g[j];
            w[j] += v[j];
        }
        SmallKernels.write(w, value);
        SmallKernels.write(v, velocity);
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("learning_rate", learningRate());
        m.put("momentum", momentum);
        return m;
    }
}
