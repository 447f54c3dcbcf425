package dev.hyperforge.engine.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.hyperforge.engine.layers.Activation;

/**
 * The engine's former LSTM implementation (forward pass and backpropagation through time over INDArray
 * op by op), kept as an independent reference for the fast path in {@code LstmMath}. Arrays are kept time-major,
 * {@code (steps, batch, ...)}, so that one step's slice is contiguous. The input projection of all
 * steps is one matmul; the recurrence is a loop of small {@code (batch, units)·(units, 4*units)}
 * matmuls (written in place with gemm) and element-wise gate math.
 */
final class LstmNd4jReference {
    private LstmNd4jReference() {
    }

    /**
     * What the forward pass keeps for backward.
     *
     * @param x2 the input, time-major and flattened: {@code (steps*batch, features)}
     * @param act gate activations i, f, g, o per step: {@code (steps, batch, 4*units)}
     * @param h hidden states, h[0] = 0: {@code (steps+1, batch, units)}
     * @param c cell states, c[0] = 0: {@code (steps+1, batch, units)}
     * @param tc activation(c) per step: {@code (steps, batch, units)}
     */
    record State(INDArray x2, INDArray act, INDArray h, INDArray c, INDArray tc) {
        long steps() {
            return tc.size(0);
        }

        long batch() {
            return tc.size(1);
        }

        /** All hidden states, batch-major {@code (batch, steps, units)}. */
        INDArray hiddenSequence() {
            INDArray seq = h.get(NDArrayIndex.interval(1, steps() + 1), NDArrayIndex.all(), NDArrayIndex.all());
            return seq.permute(1, 0, 2).dup('c');
        }

        /** The last hidden state {@code (batch, units)}. */
        INDArray lastHidden() {
            return h.slice(steps()).dup('c');
        }
    }

    static State forward(INDArray x, INDArray w, INDArray r, INDArray b, Activation act, Activation recAct) {
        long batch = x.size(0);
        long steps = x.size(1);
        long features = x.size(2);
        long units = r.size(0);
        INDArray x2 = x.permute(1, 0, 2).dup('c').reshape('c', steps * batch, features);
        INDArray z = x2.mmul(w);
        if (b != null) {
            z.addiRowVector(b);
        }
        INDArray z3 = z.reshape('c', steps, batch, 4 * units);
        INDArray h = Nd4j.zeros(w.dataType(), steps + 1, batch, units);
        INDArray c = Nd4j.zeros(w.dataType(), steps + 1, batch, units);
        INDArray tc = Nd4j.create(w.dataType(), steps, batch, units);
        for (long t = 0; t < steps; t++) {
            INDArray zt = z3.slice(t);
            Nd4j.gemm(h.slice(t), r, zt, false, false, 1.0, 1.0);
            INDArray i = LstmMath.gate(zt, 0, units);
            INDArray f = LstmMath.gate(zt, 1, units);
            INDArray g = LstmMath.gate(zt, 2, units);
            INDArray o = LstmMath.gate(zt, 3, units);
            activateInPlace(recAct, zt.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2 * units)));
            activateInPlace(act, g);
            activateInPlace(recAct, o);
            INDArray tct = tc.slice(t);
            INDArray ct = c.slice(t + 1);
            i.mul(g, tct);
            f.mul(c.slice(t), ct).addi(tct);
            activate(act, ct, tct);
            o.mul(tct, h.slice(t + 1));
        }
        return new State(x2, z3, h, c, tc);
    }

    static LstmMath.Grads backward(State s, INDArray gradOut, boolean sequences, INDArray w, INDArray r,
                          Activation act, Activation recAct) {
        long steps = s.steps();
        long batch = s.batch();
        long units = r.size(0);
        INDArray a = s.act();
        DataType dt = a.dataType();
        INDArray g = gradOut.dataType() == dt ? gradOut : gradOut.castTo(dt);
        INDArray k = factors(s, units, act, recAct);
        // d h / d c at each step: o ⊙ act'(c)
        INDArray dhdc = derivativeFromOutput(act, s.tc()).muli(LstmMath.gate(a, 3, units));
        INDArray gradSeq = sequences ? g.permute(1, 0, 2).dup('c') : null;
        INDArray dh = sequences ? Nd4j.zeros(dt, batch, units) : g.dup('c');
        INDArray dc = Nd4j.zeros(dt, batch, units);
        INDArray tmp = Nd4j.create(dt, batch, units);
        INDArray dz = Nd4j.create(dt, steps, batch, 4 * units);
        INDArray dr = Nd4j.zeros(dt, units, 4 * units);
        for (long t = steps - 1; t >= 0; t--) {
            if (sequences) {
                dh.addi(gradSeq.slice(t));
            }
            INDArray kt = k.slice(t);
            INDArray dzt = dz.slice(t);
            dh.mul(LstmMath.gate(kt, 3, units), LstmMath.gate(dzt, 3, units));
            dc.addi(dh.mul(dhdc.slice(t), tmp));
            dc.mul(LstmMath.gate(kt, 0, units), LstmMath.gate(dzt, 0, units));
            dc.mul(LstmMath.gate(kt, 1, units), LstmMath.gate(dzt, 1, units));
            dc.mul(LstmMath.gate(kt, 2, units), LstmMath.gate(dzt, 2, units));
            dc.muli(LstmMath.gate(a.slice(t), 1, units));
            Nd4j.gemm(s.h().slice(t), dzt, dr, true, false, 1.0, 1.0);
            Nd4j.gemm(dzt, r, dh, false, true, 1.0, 0.0);
        }
        INDArray dz2 = dz.reshape('c', steps * batch, 4 * units);
        INDArray dw = s.x2().transpose().mmul(dz2);
        INDArray db = dz2.sum(0);
        INDArray dx = dz2.mmul(w.transpose()).reshape('c', steps, batch, w.size(0)).permute(1, 0, 2).dup('c');
        return new LstmMath.Grads(dx, dw, dr, db);
    }

    /**
     * Per-step factors that turn the gradients of the cell state (gates i, f, c) and of the hidden
     * state (gate o) into the gradients of the pre-activations, computed for all steps at once:
     * {@code [g⊙σ'(i), c_prev⊙σ'(f), i⊙act'(g), act(c)⊙σ'(o)]}.
     */
    private static INDArray factors(State s, long units, Activation act, Activation recAct) {
        INDArray a = s.act();
        long steps = s.steps();
        INDArray k = a.ulike();
        INDArray cPrev = s.c().get(NDArrayIndex.interval(0, steps), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray[] other = {LstmMath.gate(a, 2, units), cPrev, LstmMath.gate(a, 0, units), s.tc()};
        for (int j = 0; j < 4; j++) {
            INDArray d = derivativeFromOutput(j == 2 ? act : recAct, LstmMath.gate(a, j, units));
            LstmMath.gate(k, j, units).assign(d.muli(other[j]));
        }
        return k;
    }

    /** Applies an element-wise activation to {@code v} in place (v may be a strided view). */
    private static void activateInPlace(Activation a, INDArray v) {
        switch (a) {
            case LINEAR -> { }
            case RELU -> Transforms.relu(v, false);
            case SIGMOID -> Transforms.sigmoid(v, false);
            case TANH -> Transforms.tanh(v, false);
            default -> throw new IllegalArgumentException("LSTM: unsupported activation " + a.keras());
        }
    }

    /** Writes act(src) into dst. */
    private static void activate(Activation a, INDArray src, INDArray dst) {
        switch (a) {
            case TANH -> Nd4j.exec(new Tanh(src, dst));
            case SIGMOID -> Nd4j.exec(new Sigmoid(src, dst));
            default -> activateInPlace(a, dst.assign(src));
        }
    }

    /** d act(z) / dz expressed through the output {@code y = act(z)}; a new array. */
    private static INDArray derivativeFromOutput(Activation a, INDArray y) {
        return switch (a) {
            case LINEAR -> Nd4j.ones(y.dataType(), y.shape());
            case RELU -> y.gt(0).castTo(y.dataType());
            case SIGMOID -> y.mul(y.rsub(1.0));
            case TANH -> y.mul(y).rsubi(1.0);
            default -> throw new IllegalArgumentException("LSTM: unsupported activation " + a.keras());
        };
    }
}
