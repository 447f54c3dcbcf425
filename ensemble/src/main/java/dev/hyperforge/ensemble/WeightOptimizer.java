package dev.hyperforge.ensemble;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.sampler.GpSampler;
import dev.hyperforge.search.space.SearchSpace;
import dev.hyperforge.search.space.SimplexDistribution;
import dev.hyperforge.search.storage.InMemoryStudyStorage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Optimises ensemble weights on the validation predictions with the search module: a {@link Study} over one
 * {@link SimplexDistribution} (weights on the simplex), sampled by the {@link GpSampler}, minimising
 * {@link Score#objective(int)}. The baselines (e.g. equal weights and the greedy selection) are enqueued as the
 * first trials, so the result is never worse than them on the validation rows.
 *
 * <pre>{@code
 * double[] w = WeightOptimizer.optimize(data, 40, 42, EnsembleMath.equal(data.size()), greedy.weights());
 * }</pre>
 */
public final class WeightOptimizer {
    /** Default number of trials. */
    public static final int DEFAULT_TRIALS = 40;

    private WeightOptimizer() {
    }

    /**
     * Finds weights minimising the validation objective.
     *
     * @param data member predictions
     * @param trials trials of the study (baselines included), 1..500
     * @param seed the study's seed
     * @param baselines weight vectors tried first
     * @return normalised weights, one per member
     */
    public static double[] optimize(EnsembleData data, int trials, long seed, double[]... baselines) {
        if (trials < 1 || trials > 500) {
            throw new IllegalArgumentException("weight optimisation needs 1..500 trials, received " + trials);
        }
        int k = data.size();
        if (k == 1) {
            return new double[] {1.0};
        }
        int rows = data.outputs().get(0).rows();
        SearchSpace space = SearchSpace.builder().add("w", new SimplexDistribution(k, 1.0)).build();
        Study study = Study.builder("ensemble-weights", space).direction(Direction.MINIMIZE)
                .sampler(new GpSampler(new GpSampler.Settings(0, "logei", 256, 2, 1)))
                .storage(new InMemoryStudyStorage()).seed(seed).build();
        for (double[] b : baselines) {
            List<Double> w = new ArrayList<>();
            for (double x : EnsembleMath.normalize(b)) {
                w.add(x);
            }
            study.enqueue(java.util.Map.of("w", w));
        }
        study.optimize(trial -> EnsembleMath.evaluate(data, trial.getWeights("w")).score().objective(rows),
                Math.max(trials, baselines.length), 1);
        FrozenTrial best = study.bestTrial().orElseThrow(() -> new IllegalStateException(
                "weight optimisation finished no trial; states: " + Arrays.toString(study.trials().stream()
                        .map(FrozenTrial::state).filter(s -> s != TrialState.COMPLETE).toArray())));
        List<?> w = (List<?>) best.params().get("w");
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            out[i] = ((Number) w.get(i)).doubleValue();
        }
        return EnsembleMath.normalize(out);
    }
}
