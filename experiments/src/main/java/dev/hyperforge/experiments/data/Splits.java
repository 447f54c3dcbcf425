package dev.hyperforge.experiments.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Seeded splits of a {@link DataSet}. Every split standardises the inputs listed in
 * {@link DataSet#standardize()} with statistics of its own training part only.
 *
 * <pre>{@code
 * List<Split> folds = Splits.kfold(data, 4, seed);    // every sample validates exactly once
 * Split h = Splits.holdout(data, 0.2, seed);
 * Split t = Splits.testSet(data);
 * }</pre>
 */
public final class Splits {
    private Splits() {
    }

    /** A seeded permutation of 0..n-1. */
    public static long[] permutation(long n, long seed) {
        long[] p = new long[Math.toIntExact(n)];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = p.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** All data for training, no validation (per-split transforms are fitted on all rows). */
    public static Split none(DataSet d) {
        return new Split(transformed(d, d.x(), null), d.y(), null, null, "all");
    }

    /** The last {@code fraction} of a seeded shuffle validates. */
    public static Split holdout(DataSet d, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the validation fraction must be strictly between 0 and 1, received " + fraction);
        }
        long n = d.samples();
        long nVal = Math.max(1, Math.round(n * fraction));
        if (nVal >= n) {
            throw new IllegalArgumentException("a validation fraction of " + fraction + " leaves no training data out of " + n + " samples");
        }
        long[] p = permutation(n, seed);
        long[] train = java.util.Arrays.copyOfRange(p, 0, (int) (n - nVal));
        long[] val = java.util.Arrays.copyOfRange(p, (int) (n - nVal), (int) n);
        return make(d, train, val, "holdout " + fraction);
    }

    /** Train on the training part, validate on the test part. */
    public static Split testSet(DataSet d) {
        if (!d.hasTest()) {
            throw new IllegalArgumentException("data set '" + d.description() + "' has no test part");
        }
        return standardized(d, d.x(), d.y(), d.testX(), d.testY(), "test set");
    }

    /**
     * K-fold cross-validation over a seeded shuffle: fold {@code i} validates on the i-th of k nearly
     * equal parts and trains on the rest.
     */
    public static List<Split> kfold(DataSet d, int k, long seed) {
        long n = d.samples();
        if (k < 2 || k > n) {
            throw new IllegalArgumentException("k-fold needs 2 ≤ k ≤ samples (" + n + "), received k = " + k);
        }
        long[] p = permutation(n, seed);
        List<Split> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int from = (int) (n * i / k);
            int to = (int) (n * (i + 1) / k);
            long[] val = java.util.Arrays.copyOfRange(p, from, to);
            long[] train = new long[(int) n - (to - from)];
            System.arraycopy(p, 0, train, 0, from);
            System.arraycopy(p, to, train, from, (int) n - to);
            out.add(make(d, train, val, "fold " + (i + 1) + "/" + k));
        }
        return out;
    }

    private static Split make(DataSet d, long[] train, long[] val, String label) {
        return standardized(d, DataSet.rows(d.x(), train), DataSet.rows(d.y(), train), DataSet.rows(d.x(), val), DataSet.rows(d.y(), val), label);
    }

    private static Split standardized(DataSet d, Map<String, INDArray> tx, Map<String, INDArray> ty, Map<String, INDArray> vx,
            Map<String, INDArray> vy, String label) {
        if (!d.transforms().isEmpty()) {
            Map<String, INDArray> tvx = vx == null ? null : new LinkedHashMap<>(vx);
            Map<String, INDArray> ttx = transformed(d, tx, tvx);
            return standardized(d.withTransforms(Map.of()), ttx, ty, tvx, vy, label);
        }
        if (d.standardize().isEmpty()) {
            return new Split(tx, ty, vx, vy, label);
        }
        Map<String, INDArray> ntx = new LinkedHashMap<>(tx);
        Map<String, INDArray> nvx = vx == null ? null : new LinkedHashMap<>(vx);
        for (String name : d.standardize()) {
            Standardizer s = Standardizer.fit(tx.get(name));
            ntx.put(name, s.apply(tx.get(name)));
            if (nvx != null) {
                nvx.put(name, s.apply(vx.get(name)));
            }
        }
        return new Split(ntx, ty, nvx, vy, label);
    }

    /** The training inputs with each transform fitted on them; {@code val} (when not null) is transformed in place alike. */
    private static Map<String, INDArray> transformed(DataSet d, Map<String, INDArray> train, Map<String, INDArray> val) {
        if (d.transforms().isEmpty()) {
            return train;
        }
        Map<String, INDArray> out = new LinkedHashMap<>(train);
        d.transforms().forEach((name, t) -> {
            java.util.function.UnaryOperator<INDArray> f = t.fit(train.get(name));
            out.put(name, f.apply(train.get(name)));
            if (val != null) {
                val.put(name, f.apply(val.get(name)));
            }
        });
        return out;
    }
}
