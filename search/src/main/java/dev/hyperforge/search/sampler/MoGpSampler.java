package dev.hyperforge.search.sampler;

import dev.hyperforge.search.Constraints;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.internal.AcquisitionFunction;
import dev.hyperforge.search.internal.AcquisitionOptimizer;
import dev.hyperforge.search.internal.ExpectedHypervolume;
import dev.hyperforge.search.internal.GaussianProcess;
import dev.hyperforge.search.internal.Normal;
import dev.hyperforge.search.pareto.Pareto;
import dev.hyperforge.search.space.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Multi-objective Bayesian optimisation on the {@link GpSampler}'s Gaussian process, which {@link GpSampler}
 * (names {@code gp} and {@code bayes}) uses by itself when a study has several objectives. Losses are normalised per
 * objective to [0,1] by the observed range. Two modes:
 * <ul>
 *   <li>{@link Mode#EHVI} (the default, chosen by measurement): one GP per objective and the expected hypervolume
 *   improvement over the feasible front, by Monte Carlo with fixed base samples (64 for two objectives, 32 for
 *   more). The reference point: with two objectives it alternates by trial number between 10% beyond the worst
 *   observed loss (odd trials; rewards extending the front's ends) and 10% beyond the front's own nadir, with the
 *   front rescaled to [0,1] (even trials; rewards filling the front in); with three or more it is always the
 *   front's nadir itself (no margin: the acquisition then favours converging onto the front over widening it).
 *   Chosen by measurement on zdt1, zdt2 and dtlz2 (search/BENCHMARK.md). Constraints are modelled: one GP per
 *   constraint value, and the acquisition is
 *   multiplied by the probability that every constraint is at most 0.</li>
 *   <li>{@link Mode#PAREGO}: a random augmented-Chebyshev scalarisation per trial,
 *   {@code max_k w_k y_k + 0.05 sum_k w_k y_k} with weights uniform on the simplex, optimised by the single-objective
 *   GP and log-EI. Constraints are penalised: an infeasible trial scores the worst feasible scalarisation plus its
 *   violation.</li>
 * </ul>
 * The first {@code startupTrials} trials come from a Latin hypercube, as in the single-objective GP. Every random
 * draw comes from the context, so replays are exact.
 *
 * <pre>{@code
 * Study s = Study.builder("pareto", space).directions(Direction.MAXIMIZE, Direction.MINIMIZE)
 *     .sampler(Samplers.create("bayes", "{}")).build();          // EHVI
 * Sampler parego = Samplers.create("gp-parego", "{}");
 * }</pre>
 */
public final class MoGpSampler {

    /** How several objectives are searched. */
    public enum Mode {
        /** The mode chosen by measurement ({@link #EHVI}). */
        DEFAULT,
        /** Random augmented-Chebyshev scalarisations (Knowles 2006). */
        PAREGO,
        /** Expected hypervolume improvement, one GP per objective. */
        EHVI;

        /** @return the sampler name that selects this mode */
        public String samplerName() {
            return switch (this) {
                case DEFAULT -> "gp";
                case PAREGO -> "gp-parego";
                case EHVI -> "gp-ehvi";
            };
        }
    }

    private static final double REFERENCE = 1.1;
    /** With three or more objectives, the reference point in the front's box: its nadir itself. */
    private static final double FRONT_REFERENCE_3D = 1.0;
    private static final int INCUMBENTS = 5;

    private final GpSampler.Settings settings;
    private final Mode mode;

    /**
     * @param settings the GP settings
     * @param mode the mode
     */
    public MoGpSampler(GpSampler.Settings settings, Mode mode) {
        this.settings = settings;
        this.mode = mode == Mode.DEFAULT ? Mode.EHVI : mode;
    }

    /**
     * @param context a multi-objective (or single-objective) context
     * @return the suggestion
     */
    public Suggestion suggest(SamplingContext context) {
        int m = context.directions().size();
        List<FrozenTrial> completed = context.completed().stream().filter(t -> t.values().size() == m).toList();
        int startup = settings.startupTrials(context.space());
        if (completed.size() < startup) {
            return new LatinHypercubeSampler(startup).suggest(context);
        }
        double[][] y = normalisedLosses(completed, context);
        double[] violation = completed.stream().mapToDouble(Constraints::violation).toArray();
        return mode == Mode.PAREGO ? parego(context, completed, y, violation)
                : ehvi(context, completed, y, violation);
    }

    /** Losses scaled per objective to [0,1] by the observed range. */
    static double[][] normalisedLosses(List<FrozenTrial> completed, SamplingContext context) {
        int n = completed.size();
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) {
            y[i] = context.losses(completed.get(i));
        }
        int m = y[0].length;
        for (int k = 0; k < m; k++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] row : y) {
                lo = Math.min(lo, row[k]);
                hi = Math.max(hi, row[k]);
            }
            double range = hi - lo > 1e-12 ? hi - lo : 1.0;
            for (double[] row : y) {
                row[k] = (row[k] - lo) / range;
            }
        }
        return y;
    }

    private Suggestion parego(SamplingContext context, List<FrozenTrial> completed, double[][] y, double[] violation) {
        SplittableRandom rng = context.random("parego");
        int m = y[0].length;
        double[] w = new double[m];
        double sum = 0;
        for (int k = 0; k < m; k++) {
            w[k] = -Math.log(1 - rng.nextDouble());
            sum += w[k];
        }
        List<Double> weights = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            w[k] /= sum;
            weights.add(w[k]);
        }
        double[] s = new double[y.length];
        double worstFeasible = 0;
        for (int i = 0; i < y.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            double lin = 0;
            for (int k = 0; k < m; k++) {
                max = Math.max(max, w[k] * y[i][k]);
                lin += w[k] * y[i][k];
            }
            s[i] = max + 0.05 * lin;
            if (violation[i] == 0) {
                worstFeasible = Math.max(worstFeasible, s[i]);
            }
        }
        for (int i = 0; i < y.length; i++) {
            if (violation[i] > 0) {
                s[i] = worstFeasible + violation[i];
            }
        }
        return GpSampler.suggestScalar(context, completed, s, AcquisitionFunction.logEi(), settings, GpSampler.THETA,
                Map.of("gp.parego_weights", weights), false);
    }

    private Suggestion ehvi(SamplingContext context, List<FrozenTrial> completed, double[][] y, double[] violation) {
        SearchSpace space = context.space();
        SplittableRandom rng = context.random("gp");
        int n = y.length;
        int m = y[0].length;
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = space.features(completed.get(i).params());
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        GaussianProcess[] gps = new GaussianProcess[m];
        double[] shift = new double[m];
        double[] scale = new double[m];
        for (int k = 0; k < m; k++) {
            double[] yk = new double[n];
            for (int i = 0; i < n; i++) {
                yk[i] = y[i][k];
            }
            double[] moments = moments(yk);
            shift[k] = moments[0];
            scale[k] = moments[1];
            gps[k] = model(context, x, yk, "gp.theta." + k, rng, attrs);
        }
        double[][] front = feasibleFront(y, violation);
        double[] reference = new double[m];
        java.util.Arrays.fill(reference, m >= 3 ? FRONT_REFERENCE_3D : REFERENCE);
        if (front.length > 0 && (m >= 3 || context.trialNumber() % 2 == 0)) {
            // measure the hypervolume in the box of the front (ideal 0, nadir 1, reference 1.1; 1.0 for m >= 3)
            double[] lo = new double[m];
            double[] hi = new double[m];
            java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
            for (double[] p : front) {
                for (int k = 0; k < m; k++) {
                    lo[k] = Math.min(lo[k], p[k]);
                    hi[k] = Math.max(hi[k], p[k]);
                }
            }
            for (int k = 0; k < m; k++) {
                double range = hi[k] - lo[k] > 1e-9 ? hi[k] - lo[k] : 1.0;
                for (double[] p : front) {
                    p[k] = (p[k] - lo[k]) / range;
                }
                shift[k] = (shift[k] - lo[k]) / range;
                scale[k] = scale[k] / range;
            }
        }
        ExpectedHypervolume acquisition = new ExpectedHypervolume(gps, shift, scale, front, reference,
                baseSamples(context.random("ehvi"), m), feasibility(context, completed, x, rng, attrs));
        double[] u = new AcquisitionOptimizer(space, acquisition).maximize(incumbents(completed, y, violation, space),
                rng, settings.candidates(), Math.min(2, settings.localStarts()));
        return new Suggestion(space.decode(u), attrs);
    }

    /** Fits a GP to standardised values (warm-started from {@code key}), records it, believes pending trials. */
    private GaussianProcess model(SamplingContext context, double[][] x, double[] raw, String key,
                                  SplittableRandom rng, Map<String, Object> attrs) {
        double[] y = raw.clone();
        GpSampler.standardise(y);
        double[] warm = GpSampler.warmStart(context.finished(), context.space().featureDimension() + 2, key);
        GaussianProcess gp = GpSampler.fit(x, y, warm, context.trialNumber(), rng, settings.fitRestarts());
        attrs.put(key, GpSampler.thetaList(gp));
        return GpSampler.believe(gp, x, y, context.pending(), context.space());
    }

    /** @return mean and standard deviation, as {@link GpSampler#standardise} uses them */
    private static double[] moments(double[] y) {
        double mean = 0;
        for (double v : y) {
            mean += v / y.length;
        }
        double var = 0;
        for (double v : y) {
            var += (v - mean) * (v - mean) / y.length;
        }
        return new double[] {mean, var > 1e-24 ? Math.sqrt(var) : 1.0};
    }

    private static double[][] feasibleFront(double[][] y, double[] violation) {
        List<double[]> feasible = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (violation[i] == 0) {
                feasible.add(y[i]);
            }
        }
        double[][] all = feasible.toArray(new double[0][]);
        return java.util.Arrays.stream(Pareto.front(all)).mapToObj(i -> all[i].clone()).toArray(double[][]::new);
    }

    /** Standard-normal base samples: 64 for two objectives, 32 for more. */
    private static double[][] baseSamples(SplittableRandom rng, int m) {
        int count = m == 2 ? 64 : 32;
        double[][] z = new double[count][m];
        for (double[] row : z) {
            for (int k = 0; k < m; k++) {
                double u1 = Math.max(1e-300, rng.nextDouble());
                row[k] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng.nextDouble());
            }
        }
        return z;
    }

    /** Probability of feasibility from one GP per constraint value, or null when no trial has constraints. */
    private ExpectedHypervolume.Feasibility feasibility(SamplingContext context, List<FrozenTrial> completed,
                                                       double[][] x, SplittableRandom rng, Map<String, Object> attrs) {
        int c = completed.stream().mapToInt(t -> Constraints.values(t).length).max().orElse(0);
        if (c == 0) {
            return null;
        }
        GaussianProcess[] gps = new GaussianProcess[c];
        double[] threshold = new double[c];
        for (int j = 0; j < c; j++) {
            double[] v = new double[completed.size()];
            for (int i = 0; i < v.length; i++) {
                double[] values = Constraints.values(completed.get(i));
                v[i] = j < values.length ? values[j] : 0.0;
            }
            double[] mo = moments(v);
            threshold[j] = (0 - mo[0]) / mo[1];
            gps[j] = model(context, x, v, "gp.constraint_theta." + j, rng, attrs);
        }
        return (features, out) -> {
            java.util.Arrays.fill(out, 1.0);
            double[] mean = new double[features.length];
            double[] var = new double[features.length];
            for (int j = 0; j < gps.length; j++) {
                gps[j].predict(features, mean, var);
                for (int i = 0; i < out.length; i++) {
                    out[i] *= Normal.cdf((threshold[j] - mean[i]) / Math.sqrt(var[i]));
                }
            }
        };
    }

    /** Unit points of up to five feasible front members (spread over the front), else of the least violating. */
    private static List<double[]> incumbents(List<FrozenTrial> completed, double[][] y, double[] violation,
                                             SearchSpace space) {
        List<int[]> fronts = Pareto.sort(y, violation);
        int[] first = fronts.get(0);
        List<double[]> out = new ArrayList<>();
        int step = Math.max(1, first.length / INCUMBENTS);
        for (int i = 0; i < first.length && out.size() < INCUMBENTS; i += step) {
            out.add(space.encode(completed.get(first[i]).params()));
        }
        return out;
    }
}
