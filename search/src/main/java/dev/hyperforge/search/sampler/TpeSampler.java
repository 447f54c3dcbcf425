package dev.hyperforge.search.sampler;

import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.internal.ParzenEstimator;
import dev.hyperforge.search.space.CategoricalDistribution;
import dev.hyperforge.search.space.Distribution;
import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.IntDistribution;
import dev.hyperforge.search.space.SearchSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Tree-structured Parzen estimator (Bergstra et al. 2011), univariate, with Optuna's defaults (3.x
 * {@code TPESampler()}): random trials until {@code startupTrials} trials are COMPLETE or PRUNED; then the best
 * {@code min(ceil(0.1 n), 25)} of them ("below", pruned trials ranked after complete ones, by last step then last
 * value) and the rest ("above") give two {@link ParzenEstimator}s per unit coordinate, each built from the trials
 * that have the parameter (so conditional parameters are modelled where they exist), weighted by Optuna's
 * {@code default_weights} (older trials ramped down beyond 25) plus a prior kernel; {@code candidates} draws from
 * "below" are scored by {@code log l(x) - log g(x)} and the best is kept. Categoricals use weighted counts. Works
 * on the unit cube of the {@link SearchSpace} (log parameters in log space, grid values at cell centres), so
 * inactive conditional parameters are dropped by decoding. Seeded per trial from the study seed.
 *
 * <pre>{@code
 * Sampler tpe = new TpeSampler(TpeSampler.Settings.defaults());
 * }</pre>
 */
public final class TpeSampler implements Sampler {

    /**
     * Settings of the TPE sampler.
     *
     * @param startupTrials COMPLETE or PRUNED trials sampled at random before TPE is used, at least 0
     * @param candidates candidates drawn from the good trials' estimator per coordinate, at least 1
     * @param priorWeight weight of the prior kernel, {@code > 0}
     * @param unscaledDensity leave out the {@code 1 / sigma} of continuous kernels as Optuna 3.1 to 3.4 did
     *     (optuna/optuna#5109; a normalised density is the default), to compare like for like with those versions
     */
    public record Settings(int startupTrials, int candidates, double priorWeight, boolean unscaledDensity) {

        /** Validates the settings. */
        public Settings {
            if (startupTrials < 0 || candidates < 1 || !(priorWeight > 0) || Double.isInfinite(priorWeight)) {
                throw new IllegalArgumentException("TpeSampler needs startupTrials >= 0, candidates >= 1 and a finite"
                        + " priorWeight > 0, received " + startupTrials + ", " + candidates + ", " + priorWeight);
            }
        }

        /** @return Optuna's defaults: 10 startup trials, 24 candidates, prior weight 1, normalised kernels */
        public static Settings defaults() {
            return new Settings(10, 24, 1.0, false);
        }
    }

    private final Settings settings;

    /**
     * @param settings the settings
     */
    public TpeSampler(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "tpe";
    }

    /** @return true for one objective only (use nsga2 or gp for several) */
    @Override
    public boolean supportsObjectives(int objectives) {
        return objectives == 1;
    }

    @Override
    public String settingsJson() {
        return Samplers.toJson(settings);
    }

    @Override
    public Suggestion suggest(SamplingContext context) {
        List<FrozenTrial> ranked = ranked(context);
        if (ranked.size() < settings.startupTrials() || ranked.isEmpty()) {
            return new RandomSampler().suggest(context);
        }
        int nBelow = gamma(ranked.size());
        List<FrozenTrial> below = chronological(ranked.subList(0, nBelow), context);
        List<FrozenTrial> above = chronological(ranked.subList(nBelow, ranked.size()), context);
        SearchSpace space = context.space();
        SplittableRandom rng = context.random("tpe");
        double[] u = new double[space.unitDimension()];
        for (SearchSpace.Parameter p : space.parameters()) {
            for (int c = 0; c < p.distribution().unitDimension(); c++) {
                u[p.unitOffset() + c] = p.distribution() instanceof CategoricalDistribution cat
                        ? sampleCategorical(p, cat, below, above, rng)
                        : sampleNumeric(p, c, below, above, rng);
            }
        }
        return Suggestion.of(space.decode(u));
    }

    /** Optuna's {@code default_gamma}: {@code min(ceil(0.1 n), 25)}. */
    static int gamma(int n) {
        return Math.min((int) Math.ceil(0.1 * n), 25);
    }

    /** Optuna's {@code default_weights}: ones up to 25, else a ramp from 1/n to 1 for the oldest n - 25, then ones. */
    static double[] weights(int n) {
        double[] w = new double[n];
        int ramp = Math.max(0, n - 25);
        for (int i = 0; i < n; i++) {
            w[i] = i >= ramp ? 1.0 : (ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1));
        }
        return w;
    }

    /** COMPLETE trials by loss, then PRUNED ones by last step (later first) and last value; ties by number. */
    private static List<FrozenTrial> ranked(SamplingContext context) {
        List<FrozenTrial> trials = new ArrayList<>();
        for (FrozenTrial t : context.finished()) {
            boolean complete = t.state() == TrialState.COMPLETE && t.value() != null;
            if ((complete || t.state() == TrialState.PRUNED) && !t.params().isEmpty()) {
                trials.add(t);
            }
        }
        Comparator<FrozenTrial> order = Comparator.comparingInt(t -> t.state() == TrialState.COMPLETE ? 0 : 1);
        order = order.thenComparingDouble(t -> t.state() == TrialState.COMPLETE ? 0 : -t.lastStep())
                .thenComparingDouble(t -> rankValue(t, context)).thenComparingInt(FrozenTrial::number);
        trials.sort(order);
        return trials;
    }

    private static double rankValue(FrozenTrial t, SamplingContext context) {
        if (t.state() == TrialState.COMPLETE) {
            return context.loss(t);
        }
        Double last = t.lastIntermediateValue();
        return last == null || last.isNaN() ? Double.POSITIVE_INFINITY : context.direction().toLoss(last);
    }

    /**
     * In the order of {@link SamplingContext#finished()}: by number, after a warm start's prior observations (whose
     * numbers are the earlier study's), so that priors count as the oldest trials.
     */
    private static List<FrozenTrial> chronological(List<FrozenTrial> trials, SamplingContext context) {
        java.util.Map<FrozenTrial, Integer> order = new java.util.IdentityHashMap<>();
        List<FrozenTrial> finished = context.finished();
        for (int i = 0; i < finished.size(); i++) {
            order.put(finished.get(i), i);
        }
        return trials.stream().sorted(Comparator.comparingInt(order::get)).toList();
    }

    private double sampleNumeric(SearchSpace.Parameter p, int coordinate, List<FrozenTrial> below,
                                 List<FrozenTrial> above, SplittableRandom rng) {
        double step = cellWidth(p.distribution());
        ParzenEstimator l = estimator(p, coordinate, below, step);
        ParzenEstimator g = estimator(p, coordinate, above, step);
        double[] candidates = l.sample(rng, settings.candidates());
        double best = candidates[0];
        double bestScore = Double.NEGATIVE_INFINITY;
        for (double x : candidates) {
            double score = l.logPdf(x) - g.logPdf(x);
            if (score > bestScore) {
                bestScore = score;
                best = x;
            }
        }
        return best;
    }

    private ParzenEstimator estimator(SearchSpace.Parameter p, int coordinate, List<FrozenTrial> trials, double step) {
        double[] unit = new double[p.distribution().unitDimension()];
        List<Double> values = new ArrayList<>();
        for (FrozenTrial t : trials) {
            Object v = t.params().get(p.name());
            if (v != null) {
                p.distribution().toUnit(v, unit, 0);
                values.add(unit[coordinate]);
            }
        }
        double[] obs = values.stream().mapToDouble(Double::doubleValue).toArray();
        return new ParzenEstimator(obs, weights(obs.length), settings.priorWeight(), step,
                settings.unscaledDensity());
    }

    /** @return the grid cell width in unit coordinates for linear int and stepped float parameters, else 0 */
    static double cellWidth(Distribution d) {
        if (d instanceof IntDistribution i && !i.log()) {
            return 1.0 / i.size();
        }
        if (d instanceof FloatDistribution f && f.step() > 0) {
            return 1.0 / f.size();
        }
        return 0;
    }

    private double sampleCategorical(SearchSpace.Parameter p, CategoricalDistribution cat, List<FrozenTrial> below,
                                     List<FrozenTrial> above, SplittableRandom rng) {
        int choices = cat.choices().size();
        double[] l = categorical(p, cat, below);
        double[] g = categorical(p, cat, above);
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < settings.candidates(); i++) {
            double u = rng.nextDouble();
            int c = 0;
            for (double cum = l[0]; c < choices - 1 && u >= cum; cum += l[++c]) {
                // walk the cumulative probabilities
            }
            double score = Math.log(l[c]) - Math.log(g[c]);
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return (best + 0.5) / choices;
    }

    private double[] categorical(SearchSpace.Parameter p, CategoricalDistribution cat, List<FrozenTrial> trials) {
        List<Integer> observed = new ArrayList<>();
        for (FrozenTrial t : trials) {
            Object v = t.params().get(p.name());
            if (v != null && cat.indexOf(v) >= 0) {
                observed.add(cat.indexOf(v));
            }
        }
        int[] obs = observed.stream().mapToInt(Integer::intValue).toArray();
        return ParzenEstimator.categorical(obs, weights(obs.length), settings.priorWeight(), cat.choices().size());
    }
}
