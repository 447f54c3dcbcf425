package dev.hyperforge.ensemble;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * An honest estimate of an ensemble's score: its weights are fitted and scored on the same validation rows, which
 * flatters any weights that were fitted (greedy selection or the weight search pick what happens to fit those rows).
 * Here the rows are split into {@value #FOLDS} folds (a seeded shuffle); for each fold the weights are fitted again
 * on the other rows and the combination is applied to the fold's rows, and the score is computed once over all the
 * out-of-fold predictions. Weights that are not fitted (equal, manual) score the same held out as in sample.
 *
 * <pre>{@code
 * HeldOut.Estimate e = HeldOut.estimate(data, d -> GreedySelection.select(d, 25).weights(), 7);
 * e.score().value();   // e.g. accuracy 0.71 held out, where the in-sample score said 0.74
 * }</pre>
 */
public final class HeldOut {
    /** Number of folds. */
    public static final int FOLDS = 5;
    /** Fewest validation rows for an estimate (two per fold). */
    public static final int MIN_ROWS = 2 * FOLDS;

    /**
     * A held-out score.
     *
     * @param score the score over all out-of-fold predictions
     * @param folds number of folds
     * @param rows validation rows
     */
    public record Estimate(Score score, int folds, int rows) {
    }

    private HeldOut() {
    }

    /**
     * @param data the members' validation predictions
     * @param fit how the weights are chosen, applied to a subset of the rows
     * @param seed seed of the row shuffle
     * @return the estimate, or null below {@link #MIN_ROWS} rows
     */
    public static Estimate estimate(EnsembleData data, Function<EnsembleData, double[]> fit, long seed) {
        int rows = data.outputs().get(0).rows();
        if (rows < MIN_ROWS) {
            return null;
        }
        int[] fold = folds(rows, seed);
        List<double[]> outOfFold = new ArrayList<>();
        for (OutputSpec o : data.outputs()) {
            outOfFold.add(new double[o.rows() * o.width()]);
        }
        for (int f = 0; f < FOLDS; f++) {
            int[] train = select(fold, f, false);
            int[] test = select(fold, f, true);
            double[] w = EnsembleMath.normalize(fit.apply(data.rows(train)));
            EnsembleData held = data.rows(test);
            for (int o = 0; o < data.outputs().size(); o++) {
                double[] p = EnsembleMath.combine(held, o, w);
                int width = data.outputs().get(o).width();
                for (int i = 0; i < test.length; i++) {
                    System.arraycopy(p, i * width, outOfFold.get(o), test[i] * width, width);
                }
            }
        }
        List<OutputMetrics> metrics = new ArrayList<>();
        for (int o = 0; o < data.outputs().size(); o++) {
            metrics.add(EnsembleMath.metrics(data.outputs().get(o), outOfFold.get(o)));
        }
        return new Estimate(data.scoring().score(metrics), FOLDS, rows);
    }

    /** The fold of each row: a seeded shuffle dealt round-robin, so fold sizes differ by at most one. */
    private static int[] folds(int rows, long seed) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] fold = new int[rows];
        for (int i = 0; i < rows; i++) {
            fold[order[i]] = i % FOLDS;
        }
        return fold;
    }

    private static int[] select(int[] fold, int f, boolean in) {
        return java.util.stream.IntStream.range(0, fold.length).filter(i -> (fold[i] == f) == in).toArray();
    }
}
