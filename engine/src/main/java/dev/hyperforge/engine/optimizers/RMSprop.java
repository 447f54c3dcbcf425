package dev.hyperforge.engine.optimizers;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.RmsPropUpdater;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.kernels.RowGradient;
import dev.hyperforge.engine.kernels.SmallKernels;


/**
 * RMSprop (Keras defaults rho 0.9, epsilon 1e-7): {@code s = ρs + (1-ρ)g²; w -= lr·g / (√s + ε)}, run as
 * libnd4j's fused {@code rms_prop_updater} op.
 *
 * <p>Row-wise gradients (Embedding) update only the touched rows, with the dense update's result: a
 * row the dense update gives a zero gradient keeps its weights and only has its mean square decayed,
 * {@code s = ρs}. That decay is applied lazily: each row remembers the update it last took part in,
 * and when it is touched again (or the state is saved, or a dense update follows) its mean square is
 * first multiplied by {@code ρ^skipped} (rows never touched have a zero mean square, which stays zero). Weights and saved state therefore equal the dense update's up
 * to float rounding (Keras semantics, not TensorFlow's "lazy" variants that skip the decay).
 */
public final class RMSprop extends Optimizer {
    private final double rho;
    private final double epsilon;
    /** Per parameter updated row-wise: its row-wise updates so far and the update each row is up to date with. */
    private final Map<Param, Rows> pending = new IdentityHashMap<>();

    /** Row bookkeeping of one parameter: {@code last[r]} is the index of the update row r last took part in. */
    private static final class Rows {
        long updates;
        final long[] last;
        /** {@code keep[k]}: the float factor a row's mean square takes after {@code k} skipped updates. */
        float[] keep = new float[0];

        Rows(int n) {
            last = new long[n];
            Arrays.fill(last, -1);
        }

        /**
         * The factors for 0 to {@code upTo} skipped updates, each the expression the row loop used to
         * evaluate per row ({@link #keepFactor}), so the table changes no bit; grown as training goes on.
         */
        float[] keepUpTo(int upTo, double rho) {
            int had = keep.length;
            if (had <= upTo) {
                keep = Arrays.copyOf(keep, Math.max(upTo + 1, 2 * had));
                for (int k = had; k < keep.length; k++) {
                    keep[k] = keepFactor(rho, k);
                }
            }
            return keep;
        }
    }

    /** A row's mean-square factor after {@code skipped} updates without it: {@code ρ·ρ^skipped} in double, then float. */
    private static float keepFactor(double rho, long skipped) {
        return (float) (skipped == 0 ? rho : rho * Math.pow(rho, skipped));
    }

    /** Skipped-update counts up to which {@link Rows#keepUpTo} tabulates the factors; longer gaps evaluate them. */
    private static final int KEEP_TABLE = 1 << 16;

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
        if (SmallKernels.updateFits(value, grad, slots[0])) {
            updateSmall(value, grad, slots[0]);
            return;
        }
        Nd4j.exec(new RmsPropUpdater(grad, slots[0], learningRate(), rho, epsilon));
        value.subi(grad);
    }

    /** The same update in Java for small parameters ({@link SmallKernels}), in double. */
    private void updateSmall(INDArray value, INDArray grad, INDArray ms) {
        int n = (int) value.length();
        double[] w = SmallKernels.scratch(0, n);
        double[] g = SmallKernels.scratch(1, n);
        double[] s = SmallKernels.scratch(2, n);
        SmallKernels.read(value, w);
        SmallKernels.read(grad, g);
        SmallKernels.read(ms, s);
        double lr = learningRate();
        double fresh = 1 - rho;
        for (int j = 0; j < n; j++) {
            double sj = rho * s[j] + fresh * g[j] * g[j];
            s[j] = sj;
            w[j] -= lr * g[j] / (Math.sqrt(sj) + epsilon);
        }
        SmallKernels.write(w, value);
        SmallKernels.write(s, ms);
    }

    @Override
    protected boolean updateRows(Param p, RowGradient g, INDArray[] slots, long iteration) {
        if (!g.canUpdate(p.value()) || !g.canUpdate(slots[0])) {
            return false;
        }
        Rows rows = pending.computeIfAbsent(p, k -> new Rows(g.rows()));
        long now = rows.updates++;
        long[] last = rows.last;
        double lr = learningRate();
        double r = rho;
        double eps = epsilon;
        INDArray[] targets = {p.value(), slots[0]};
        if (g.isFloat(targets)) {
            float flr = (float) lr;
            float feps = (float) eps;
            float[] keep = rows.keepUpTo((int) Math.min(now, KEEP_TABLE), r);
            g.updateFloat(targets, (row, grad, t) -> {
                long skipped = now - 1 - last[row];
                last[row] = now;
                updateRow(t[0], t[1], grad, skipped < keep.length ? keep[(int) skipped] : keepFactor(r, skipped), (float) (1 - r), flr, feps);
            });
        } else {
            g.update(targets, (row, grad, t) -> {
                double decay = Math.pow(r, now - 1 - last[row]);
                last[row] = now;
                updateRow(t[0], t[1], grad, r * decay, r, lr, eps);
            });
        }
        return true;
    }

    /** One float row, the update's arithmetic in float as the dense op's: {@code s = keep·s + fresh·g²; w -= lr·g / (√s + ε)}. */
    private static void updateRow(float[] w, float[] s, float[] grad, float keep, float fresh, float lr, float eps) {
        for (int j = 0; j < grad.length; j++) {
            float gj = grad[j];
            float sj = keep * s[j] + fresh * gj * gj;
            s[j] = sj;
            w[j] -= lr * gj / ((float) Math.sqrt(sj) + eps);
        }
    }

    /** One row: {@code s = ρ·decay·s + (1-ρ)g²; w -= lr·g / (√s + ε)}. */
    private static void updateRow(double[] w, double[] s, double[] grad, double keep, double rho, double lr, double eps) {
        double fresh = 1 - rho;
        for (int j = 0; j < grad.length; j++) {
            double gj = grad[j];
            double sj = keep * s[j] + fresh * gj * gj;
            s[j] = sj;
            w[j] -= lr * gj / (Math.sqrt(sj) + eps);
        }
    }

    @Override
    protected void settle(Param p, INDArray[] slots) {
        Rows rows = pending.remove(p);
        if (rows == null) {
            return;
        }
        long[] last = rows.last;
        long upTo = rows.updates - 1;
        double[] factor = new double[last.length];
        boolean any = false;
        for (int r = 0; r < last.length; r++) {
            factor[r] = Math.pow(rho, upTo - last[r]);
            any |= upTo != last[r];
        }
        if (any) {
            INDArray s = slots[0];
            s.muliColumnVector(Nd4j.create(factor, new long[] {last.length, 1}, 'c').castTo(s.dataType()));
        }
    }

    @Override
    protected void forget(Param p) {
        pending.remove(p);
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
