package dev.hyperforge.ensemble;

import java.util.ArrayList;
import java.util.List;

/**
 * Greedy ensemble selection with replacement (Caruana, Niculescu-Mizil, Crew and Ksikes, ICML 2004; what
 * auto-sklearn and AutoGluon use): start from the empty ensemble and, for a fixed number of rounds, add the member
 * (any member, again and again if it helps most) whose addition gives the best validation {@link Score}; the
 * weights are the counts divided by the number of rounds. Ties go to the lower member index.
 *
 * <pre>{@code
 * GreedySelection.Result r = GreedySelection.select(data, 25);
 * double[] weights = r.weights();
 * }</pre>
 */
public final class GreedySelection {
    /** Default number of rounds. */
    public static final int DEFAULT_ROUNDS = 25;

    private GreedySelection() {
    }

    /**
     * The outcome of a selection.
     *
     * @param weights counts / size of the chosen ensemble, one per member
     * @param counts how often each member was picked in the chosen ensemble
     * @param picks the member picked in each round (all rounds)
     * @param trajectory the ensemble's score after each round (all rounds)
     * @param size the number of rounds of the chosen (best) ensemble
     */
    public record Result(double[] weights, int[] counts, List<Integer> picks, List<Score> trajectory, int size) {
    }

    /**
     * Runs the selection.
     *
     * @param data member predictions
     * @param rounds number of rounds, 1..1000
     * @return the weights and the path that led to them
     */
    public static Result select(EnsembleData data, int rounds) {
        if (rounds < 1 || rounds > 1000) {
            throw new IllegalArgumentException("greedy selection needs 1..1000 rounds, received " + rounds);
        }
        int k = data.size();
        int nOut = data.outputs().size();
        double[][] sum = new double[nOut][];
        for (int o = 0; o < nOut; o++) {
            OutputSpec s = data.outputs().get(o);
            sum[o] = new double[s.rows() * s.width()];
        }
        List<Integer> picks = new ArrayList<>();
        List<Score> trajectory = new ArrayList<>();
        int bestSize = 0;
        for (int round = 1; round <= rounds; round++) {
            int best = bestAddition(data, sum, round);
            Score bestScore = scoreWith(data, sum, best, round);
            add(data, sum, best);
            picks.add(best);
            trajectory.add(bestScore);
            if (bestSize == 0 || bestScore.betterThan(trajectory.get(bestSize - 1))) {
                bestSize = round;
            }
        }
        int[] counts = new int[k];
        for (int i = 0; i < bestSize; i++) {
            counts[picks.get(i)]++;
        }
        double[] weights = new double[k];
        for (int m = 0; m < k; m++) {
            weights[m] = (double) counts[m] / bestSize;
        }
        return new Result(weights, counts, List.copyOf(picks), List.copyOf(trajectory), bestSize);
    }

    /** The member whose addition to the running sum gives the best score (the lowest index among equals). */
    private static int bestAddition(EnsembleData data, double[][] sum, int size) {
        int best = -1;
        Score bestScore = null;
        for (int m = 0; m < data.size(); m++) {
            Score s = scoreWith(data, sum, m, size);
            if (bestScore == null || s.betterThan(bestScore)) {
                best = m;
                bestScore = s;
            }
        }
        return best;
    }

    private static Score scoreWith(EnsembleData data, double[][] sum, int member, int size) {
        List<OutputMetrics> metrics = new ArrayList<>(sum.length);
        for (int o = 0; o < sum.length; o++) {
            float[] p = data.predictions(member, o);
            double[] mean = new double[sum[o].length];
            for (int i = 0; i < mean.length; i++) {
                mean[i] = (sum[o][i] + p[i]) / size;
            }
            metrics.add(EnsembleMath.metrics(data.outputs().get(o), mean));
        }
        return data.scoring().score(metrics);
    }

    private static void add(EnsembleData data, double[][] sum, int member) {
        for (int o = 0; o < sum.length; o++) {
            float[] p = data.predictions(member, o);
            for (int i = 0; i < p.length; i++) {
                sum[o][i] += p[i];
            }
        }
    }
}
