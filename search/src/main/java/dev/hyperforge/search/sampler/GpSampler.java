package dev.hyperforge.search.sampler;

import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.internal.AcquisitionFunction;
import dev.hyperforge.search.internal.AcquisitionOptimizer;
import dev.hyperforge.search.internal.GaussianProcess;
import dev.hyperforge.search.space.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Bayesian optimisation: a {@link GaussianProcess} (Matérn-5/2 ARD, inputs in the unit cube with log parameters
 * in log space and categoricals one-hot, standardised outputs, hyperparameters by maximum a posteriori) and an
 * {@link AcquisitionFunction} (log-EI by default; UCB, PI) maximised by random starts plus local optimisation.
 * The first {@code startupTrials} trials come from a Latin hypercube. With 4 to 6 unit-cube dimensions the
 * acquisition is maximised in a trust region around the incumbent (restarted elsewhere once it collapses), and in a
 * conditional space every third trial searches another
 * branch around that branch's best point ({@link SearchRegion}); above 6 dimensions the acquisition stays global and
 * gets extra candidates that move a few coordinates of the best points ({@link #SPARSE_CANDIDATES}); from
 * {@value #ADDITIVE_DIMENSIONS} dimensions a GP with an additive kernel is fitted too and the one with the larger
 * marginal likelihood is searched ({@link #ADDITIVE_DIMENSIONS}). Beyond
 * {@value #SUBSET} completed trials the GP is conditioned on a subset of them ({@link GpSubset}), so a suggestion's cost stops growing. Running trials are
 * handled with the Kriging believer (their posterior mean is added as an observation), the believed losses count
 * towards the acquisition's reference and the trust region is smaller while they run ({@link PendingTrials}). The fitted hyperparameters are recorded
 * with each trial ({@code gp.theta}) and warm-start the next fit, so the sampler stays a pure function of the
 * recorded history.
 *
 * <pre>{@code
 * Sampler bo = new GpSampler(GpSampler.Settings.defaults());
 * Sampler ucb = new GpSampler(new GpSampler.Settings(8, "ucb", 512, 5, 3));
 * }</pre>
 */
public final class GpSampler implements Sampler {

    /** System attribute with the fitted GP hyperparameters (log length-scales, log signal, log noise). */
    public static final String THETA = "gp.theta";

    /**
     * Unit-cube dimensions from which the acquisition is maximised in a trust region around the incumbent (see
     * {@link SearchRegion}); chosen on the benchmark (search/BENCHMARK.md): it helped Rosenbrock-4, Hartmann-6, the
     * conditional cond4 (5) and the mixed mlp6 (6), and Branin (2) did not need it.
     */
    static final int TRUST_REGION_DIMENSIONS = 4;

    /**
     * Unit-cube dimensions up to which the trust region is used: on the 10-dimensional Levy function it made the
     * regret after 200 trials four times worse (it settles in one of the many local minima), so larger spaces keep
     * the global search.
     */
    static final int TRUST_REGION_MAX_DIMENSIONS = 6;

    /**
     * Above {@link #TRUST_REGION_MAX_DIMENSIONS} unit-cube dimensions, extra acquisition candidates per incumbent
     * that move only a few coordinates of it (see {@link AcquisitionOptimizer#sparse}): in ten dimensions the
     * uniformly random candidates rarely land where the global EI is high near the incumbent, and moves of one or two
     * coordinates by a large step let the search hop between the basins of a function like Levy's one coordinate at
     * a time, where the trust region settled in one basin (search/BENCHMARK.md).
     */
    static final int SPARSE_CANDIDATES = 100;

    /** Probability that each coordinate besides the one always moved is moved in a sparse candidate. */
    static final double SPARSE_PROBABILITY = 0.1;

    /** Standard deviation of a sparse candidate's moves, in unit-cube coordinates. */
    static final double SPARSE_SIGMA = 0.2;

    /**
     * Unit-cube dimensions from which a GP with the first-order additive kernel (a sum of one-dimensional Matérn
     * terms, Kandasamy et al. 2015) is fitted beside the ARD one, and the posterior with the larger marginal
     * likelihood is searched: with 200 trials in ten dimensions the ARD GP knows little between the trials, while
     * an additive one learns each coordinate's effect from all of them. On the 10-dimensional Levy function it
     * chose the additive kernel and its regret after 200 trials fell from 1.22 to 0.34 (search/BENCHMARK.md).
     * Offered from 4 dimensions, it made Hartmann-6, mlp6 and Rosenbrock-4 1.3 to 2.1 times worse (with few trials
     * the likelihood sometimes prefers an additive model of a coupled function), so smaller spaces keep ARD alone.
     */
    static final int ADDITIVE_DIMENSIONS = 8;

    /**
     * L-BFGS iterations of the additive GP's first fit on many observations ({@link #coldAdditive}) and of its
     * periodic refinement on the {@link #FIT_SUBSET} (half the ARD GP's 30: an additive likelihood evaluation costs
     * d one-dimensional terms per pair, and the refinement starts from the previous fit).
     */
    static final int ADDITIVE_ITERATIONS = 15;

    /** Suffix of the attribute with the additive GP's hyperparameters (after {@link #THETA}). */
    static final String ADDITIVE = ".additive";

    /** Suffix of the attribute naming the kernel searched, {@code additive} or {@code ard} (after {@link #THETA}). */
    static final String KERNEL = ".kernel";

    /** Completed trials from which the GP is conditioned on a {@link GpSubset} of this size. */
    static final int SUBSET = 200;

    /** Observations the hyperparameters are fitted on once the GP holds a subset of {@link #SUBSET}. */
    static final int FIT_SUBSET = 100;

    /**
     * Settings of the GP sampler.
     *
     * @param startupTrials completed trials needed before the GP is used (Latin hypercube before); 0 for
     *     automatic: {@code 2 * dimensions} clamped to [5, 12]
     * @param acquisition {@code logei}, {@code ucb} or {@code pi}
     * @param candidates random candidates for the acquisition, at least 1
     * @param localStarts candidates refined by local optimisation, at least 0
     * @param fitRestarts extra random starts of the hyperparameter fit when there is no warm start
     */
    public record Settings(int startupTrials, String acquisition, int candidates, int localStarts, int fitRestarts) {

        /** Validates the settings. */
        public Settings {
            if (startupTrials < 0) {
                throw new IllegalArgumentException("GpSampler startupTrials must be >= 0 (0 = automatic), received "
                        + startupTrials);
            }
            AcquisitionFunction.byName(acquisition);
            if (candidates < 1) {
                throw new IllegalArgumentException("GpSampler candidates must be >= 1, received " + candidates);
            }
            if (localStarts < 0 || fitRestarts < 0) {
                throw new IllegalArgumentException("GpSampler localStarts and fitRestarts must be >= 0, received "
                        + localStarts + " and " + fitRestarts);
            }
        }

        /** @return automatic startup trials, log-EI, 512 candidates, 4 local starts, 2 fit restarts */
        public static Settings defaults() {
            return new Settings(0, "logei", 512, 4, 2);
        }

        /**
         * @param space the search space
         * @return the startup trials for that space
         */
        public int startupTrials(SearchSpace space) {
            return startupTrials > 0 ? startupTrials : Math.max(5, Math.min(12, 2 * space.unitDimension()));
        }
    }

    private final Settings settings;
    private final AcquisitionFunction acquisition;
    private final MoGpSampler.Mode moMode;

    /**
     * @param settings the settings
     */
    public GpSampler(Settings settings) {
        this(settings, MoGpSampler.Mode.DEFAULT);
    }

    /**
     * @param settings the settings
     * @param moMode how a study with several objectives is searched (its name is stored with the study:
     *     {@code gp} for the default, {@code gp-parego} or {@code gp-ehvi} otherwise)
     */
    public GpSampler(Settings settings, MoGpSampler.Mode moMode) {
        this.settings = settings;
        this.acquisition = AcquisitionFunction.byName(settings.acquisition());
        this.moMode = java.util.Objects.requireNonNull(moMode, "moMode");
    }

    /** @return the settings */
    public Settings settings() {
        return settings;
    }

    @Override
    public String name() {
        return moMode == MoGpSampler.Mode.DEFAULT ? "gp" : moMode.samplerName();
    }

    @Override
    public String settingsJson() {
        return Samplers.toJson(settings);
    }

    @Override
    public Suggestion suggest(SamplingContext context) {
        if (context.isMultiObjective()) {
            return new MoGpSampler(settings, moMode).suggest(context);
        }
        List<FrozenTrial> completed = context.completed();
        SearchSpace space = context.space();
        int startup = settings.startupTrials(space);
        if (!PendingTrials.designComplete(completed.size(), context.pending().size(), startup)) {
            return new LatinHypercubeSampler(startup).suggest(context);
        }
        double[] y = new double[completed.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = context.loss(completed.get(i));
        }
        return suggestScalar(context, completed, y, acquisition, settings, THETA, Map.of(), true);
    }

    /**
     * Bayesian optimisation of one scalar per completed trial (a loss, or a multi-objective scalarisation): fits the
     * GP (warm-started from the hyperparameters recorded under {@code thetaKey}), believes the pending trials and
     * maximises the acquisition from random candidates and the five best trials, in the {@link SearchRegion} the
     * history gives when {@code regions} is set (a fixed loss; not for ParEGO, whose scalarisation changes from
     * trial to trial), in the whole unit cube otherwise. With more than {@link #SUBSET} completed trials the GP
     * holds a {@link GpSubset} of them.
     */
    static Suggestion suggestScalar(SamplingContext context, List<FrozenTrial> completed, double[] loss,
                                    AcquisitionFunction acquisition, Settings settings, String thetaKey,
                                    Map<String, Object> extraAttrs, boolean regions) {
        SearchSpace space = context.space();
        int startup = settings.startupTrials(space);
        int n = completed.size();
        double[][] all = new double[n][];
        for (int i = 0; i < n; i++) {
            all[i] = space.features(completed.get(i).params());
        }
        int[] keep = GpSubset.select(loss, SUBSET);
        double[][] x = GpSubset.rows(all, keep);
        double[] y = GpSubset.entries(loss, keep);
        double[] scale = standardise(y);
        SplittableRandom rng = context.random("gp");
        double[] warm = warmStart(context.finished(), space.featureDimension() + 2, thetaKey);
        GaussianProcess ard = fit(x, y, warm, context.trialNumber(), rng, settings.fitRestarts());
        Map<String, Object> attrs = new LinkedHashMap<>(extraAttrs);
        attrs.put(thetaKey, thetaList(ard));
        GaussianProcess gp = space.unitDimension() < ADDITIVE_DIMENSIONS ? ard
                : chooseKernel(ard, x, y, context, rng, settings, thetaKey, attrs);
        gp = believe(gp, x, y, context.pending(), space);
        boolean trustRegion = regions && space.unitDimension() <= TRUST_REGION_MAX_DIMENSIONS;
        SearchRegion region = SearchRegion.choose(space, completed, loss, context.trialNumber(),
                startup, trustRegion ? TRUST_REGION_DIMENSIONS : Integer.MAX_VALUE, regions);
        double best = (loss[region.bestIndex()] - scale[0]) / scale[1];
        double[][] box = region.box();
        if (regions && !context.pending().isEmpty()) {
            best = PendingTrials.believedBest(gp, best, space, context.pending(), box);
            // the incumbent's trust region only: a branch turn keeps its own region, and the global trial after a
            // collapse (the whole cube) searches everywhere, workers or not
            if (region.trustSide() > 0) {
                box = PendingTrials.narrow(region.incumbents().get(0), region.trustSide());
            }
        }
        AcquisitionOptimizer optimizer = new AcquisitionOptimizer(space, gp, acquisition, best)
                .exclude(java.util.Arrays.asList(all), region.exclusionRadius());
        if (regions && space.unitDimension() > TRUST_REGION_MAX_DIMENSIONS) {
            optimizer.sparse(SPARSE_CANDIDATES, SPARSE_PROBABILITY, SPARSE_SIGMA);
        }
        double[] u = optimizer.maximize(region.incumbents(), rng, settings.candidates(), settings.localStarts(), box);
        return new Suggestion(space.decode(u), attrs);
    }

    /**
     * Fits the additive GP (warm-started from its hyperparameters recorded under {@code thetaKey + }{@link #ADDITIVE},
     * on the same schedule as the ARD fit; without them on more than 60 observations, from the ARD fit's scale by
     * {@link #coldAdditive}), records its hyperparameters and the kernel chosen in {@code attrs}, and
     * returns whichever of the two posteriors has the larger log marginal likelihood.
     */
    private static GaussianProcess chooseKernel(GaussianProcess ard, double[][] x, double[] y, SamplingContext context,
                                                SplittableRandom rng, Settings settings, String thetaKey,
                                                Map<String, Object> attrs) {
        double[] warm = warmStart(context.finished(), context.space().featureDimension() + 2, thetaKey + ADDITIVE);
        GaussianProcess additive = warm == null && x.length > 60 ? coldAdditive(x, y, ard.theta())
                : fit(x, y, warm, context.trialNumber(), rng, settings.fitRestarts(), true);
        GaussianProcess chosen = additive.logMarginalLikelihood() > ard.logMarginalLikelihood() ? additive : ard;
        attrs.put(thetaKey + ADDITIVE, thetaList(additive));
        attrs.put(thetaKey + KERNEL, chosen.additive() ? "additive" : "ard");
        return chosen;
    }

    /**
     * The additive GP's first fit when more than 60 observations come without its recorded hyperparameters (a long
     * Latin-hypercube start, a warm start, a study recorded before the additive kernel): instead of a second
     * multi-start fit, one start with the prior-median length-scales and the ARD fit's signal and noise variances
     * (the scale of the data, which both kernels share), refined for {@value #ADDITIVE_ITERATIONS} L-BFGS
     * iterations on at most {@link #FIT_SUBSET} observations spread evenly, then conditioned on all of them. On
     * Levy-10 data this reached a higher marginal likelihood than the multi-start fit at a fraction of its cost
     * (search/BENCHMARK.md), so the first suggestion costs little more than the ARD GP's.
     */
    static GaussianProcess coldAdditive(double[][] x, double[] y, double[] ardTheta) {
        int d = ardTheta.length - 2;
        double[] start = GaussianProcess.defaultTheta(d);
        start[d] = ardTheta[d];
        start[d + 1] = ardTheta[d + 1];
        int[] spread = GpSubset.spread(x.length, Math.min(x.length, FIT_SUBSET));
        double[] theta = GaussianProcess.refine(GpSubset.rows(x, spread), GpSubset.entries(y, spread), start,
                ADDITIVE_ITERATIONS, true, true).theta();
        return GaussianProcess.condition(x, y, theta, true);
    }

    static List<Double> thetaList(GaussianProcess gp) {
        List<Double> theta = new ArrayList<>();
        for (double t : gp.theta()) {
            theta.add(t);
        }
        return theta;
    }

    /**
     * Hyperparameter schedule, deterministic in the trial number so replays are exact: a full multi-start fit
     * without a warm start (with more than 60 observations on 60 of them, then refined on all) and on every 10th
     * trial; otherwise a short refinement of the previous fit, and with
     * more than 60 observations the previous fit as is (the posterior still uses all data) and on every 10th trial a
     * refinement; above 60 observations the line search interpolates; from {@link #SUBSET} observations (a
     * {@link GpSubset}) the fits run on {@link #FIT_SUBSET} of them spread evenly, the additive kernel's refinement
     * with {@link #ADDITIVE_ITERATIONS} iterations. This keeps a suggestion fast with many trials.
     */
    static GaussianProcess fit(double[][] x, double[] y, double[] warm, int trialNumber, SplittableRandom rng,
                               int fitRestarts) {
        return fit(x, y, warm, trialNumber, rng, fitRestarts, false);
    }

    /** {@link #fit(double[][], double[], double[], int, SplittableRandom, int)} with the additive kernel or not. */
    static GaussianProcess fit(double[][] x, double[] y, double[] warm, int trialNumber, SplittableRandom rng,
                               int fitRestarts, boolean add) {
        boolean periodic = trialNumber % 10 == 0;
        if (x.length >= SUBSET) {
            int[] spread = GpSubset.spread(x.length, FIT_SUBSET);
            double[][] xs = GpSubset.rows(x, spread);
            double[] ys = GpSubset.entries(y, spread);
            double[] theta = warm == null ? GaussianProcess.fitOnSubset(xs, ys, 60, fitRestarts, rng, 30, add).theta()
                    : periodic ? GaussianProcess.refine(xs, ys, warm, add ? ADDITIVE_ITERATIONS : 30, true, add)
                    .theta() : warm;
            return GaussianProcess.condition(x, y, theta, add);
        }
        if (warm == null) {
            return GaussianProcess.fitOnSubset(x, y, 60, fitRestarts, rng, 30, add);
        }
        if (x.length > 60) {
            return periodic ? GaussianProcess.refine(x, y, warm, 30, true, add)
                    : GaussianProcess.condition(x, y, warm, add);
        }
        return periodic ? GaussianProcess.fit(x, y, warm, fitRestarts, rng, 100, add)
                : GaussianProcess.refine(x, y, warm, 15, false, add);
    }

    /** Kriging believer: running trials join the data with their posterior mean as value. */
    static GaussianProcess believe(GaussianProcess gp, double[][] x, double[] y, List<FrozenTrial> pending,
                                           SearchSpace space) {
        if (pending.isEmpty()) {
            return gp;
        }
        int n = x.length;
        int m = pending.size();
        double[][] xs = new double[n + m][];
        double[] ys = new double[n + m];
        System.arraycopy(x, 0, xs, 0, n);
        System.arraycopy(y, 0, ys, 0, n);
        double[] out = new double[2];
        for (int i = 0; i < m; i++) {
            xs[n + i] = space.features(pending.get(i).params());
            gp.predict(xs[n + i], out);
            ys[n + i] = out[0];
        }
        return gp.condition(xs, ys);
    }

    static double[] warmStart(List<FrozenTrial> finished, int size, String key) {
        FrozenTrial latest = null;
        for (FrozenTrial t : finished) {
            if (t.systemAttrs().get(key) instanceof List<?> l && l.size() == size
                    && (latest == null || t.number() > latest.number())) {
                latest = t;
            }
        }
        if (latest == null) {
            return null;
        }
        List<?> l = (List<?>) latest.systemAttrs().get(key);
        double[] theta = new double[size];
        for (int i = 0; i < size; i++) {
            theta[i] = ((Number) l.get(i)).doubleValue();
        }
        return theta;
    }

    /** Standardises in place; @return {mean, standard deviation} used */
    static double[] standardise(double[] y) {
        double mean = 0;
        for (double v : y) {
            mean += v / y.length;
        }
        double var = 0;
        for (double v : y) {
            var += (v - mean) * (v - mean) / y.length;
        }
        double sd = var > 1e-24 ? Math.sqrt(var) : 1.0;
        for (int i = 0; i < y.length; i++) {
            y[i] = (y[i] - mean) / sd;
        }
        return new double[] {mean, sd};
    }
}
