package dev.hyperforge.search.internal;

import dev.hyperforge.search.space.CategoricalDistribution;
import dev.hyperforge.search.space.Distribution;
import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.IntDistribution;
import dev.hyperforge.search.space.SearchSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Maximises an acquisition function over the unit cube of a {@link SearchSpace}: many random candidates plus
 * perturbations of the best observed points, then L-BFGS on the continuous coordinates and exhaustive or
 * neighbourhood sweeps over int and categorical parameters, from the best few candidates.
 */
public final class AcquisitionOptimizer {

    /** Scores candidates given by their GP features; larger is better (NaN counts as -infinity). */
    @FunctionalInterface
    public interface Surface {
        /**
         * @param features one feature vector per candidate
         * @param out filled with each candidate's score
         */
        void score(double[][] features, double[] out);
    }

    private final SearchSpace space;
    private final Surface surface;
    private final boolean[] continuous;
    private double[] lower;
    private double[] upper;
    private List<double[]> excludedPoints = List.of();
    private double exclusionRadius;
    private int sparseCount;
    private double sparseProbability;
    private double sparseSigma;

    /**
     * @param space the space (features are computed from decoded parameters)
     * @param gp the posterior
     * @param acquisition the acquisition function
     * @param best the best standardised loss
     */
    public AcquisitionOptimizer(SearchSpace space, GaussianProcess gp, AcquisitionFunction acquisition, double best) {
        this(space, (features, out) -> {
            int m = features.length;
            double[] mean = new double[m];
            double[] variance = new double[m];
            gp.predict(features, mean, variance);
            for (int j = 0; j < m; j++) {
                out[j] = acquisition.value(mean[j], variance[j], best);
            }
        });
    }

    /**
     * @param space the space (features are computed from decoded parameters)
     * @param surface what to maximise (e.g. a multi-objective acquisition over several posteriors)
     */
    public AcquisitionOptimizer(SearchSpace space, Surface surface) {
        this.space = space;
        this.surface = surface;
        this.continuous = new boolean[space.unitDimension()];
        for (SearchSpace.Parameter p : space.parameters()) {
            for (int i = 0; i < p.distribution().unitDimension(); i++) {
                continuous[p.unitOffset() + i] = p.distribution().continuous();
            }
        }
    }

    /**
     * @param u a point of the unit cube
     * @return the acquisition value there
     */
    public double score(double[] u) {
        return scores(new double[][] {space.featuresOfUnit(u)})[0];
    }

    /** The surface's scores of the feature rows, in one call; NaN and excluded points score negative infinity. */
    private double[] scores(double[][] features) {
        double[] out = new double[features.length];
        surface.score(features, out);
        for (int j = 0; j < out.length; j++) {
            if (Double.isNaN(out[j]) || excluded(features[j])) {
                out[j] = Double.NEGATIVE_INFINITY;
            }
        }
        return out;
    }

    /**
     * Excludes every point whose features lie within {@code radius} (largest coordinate difference) of one of
     * {@code points}, so that the search cannot return to what it has already evaluated; without it, a confident
     * posterior can make the acquisition pick the same point again and again.
     *
     * @param points feature vectors (e.g. of the evaluated trials)
     * @param radius the exclusion radius in feature coordinates; 0 for none
     * @return this optimiser
     */
    public AcquisitionOptimizer exclude(List<double[]> points, double radius) {
        this.excludedPoints = List.copyOf(points);
        this.exclusionRadius = radius;
        return this;
    }

    private boolean excluded(double[] features) {
        if (exclusionRadius <= 0) {
            return false;
        }
        for (double[] p : excludedPoints) {
            double far = 0;
            for (int k = 0; k < p.length && far < exclusionRadius; k++) {
                far = Math.max(far, Math.abs(p[k] - features[k]));
            }
            if (far < exclusionRadius) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param incumbents unit points of the best observed trials (perturbed as extra candidates)
     * @param rng random source
     * @param randomCandidates uniformly random candidates
     * @param localStarts candidates refined locally
     * @return the best point found
     */
    public double[] maximize(List<double[]> incumbents, SplittableRandom rng, int randomCandidates,
                             int localStarts) {
        int d = space.unitDimension();
        double[] lo = new double[d];
        double[] hi = new double[d];
        java.util.Arrays.fill(hi, 1.0);
        return maximize(incumbents, rng, randomCandidates, localStarts, new double[][] {lo, hi});
    }

    /**
     * {@link #maximize(List, SplittableRandom, int, int)} inside a box of the unit cube (a trust region): random
     * candidates are drawn in the box, perturbed incumbents are clipped to it and the local search keeps the
     * continuous and integer coordinates in it; categorical choices are enumerated in full.
     *
     * @param incumbents unit points of the best observed trials (perturbed as extra candidates)
     * @param rng random source
     * @param randomCandidates uniformly random candidates in the box
     * @param localStarts candidates refined locally
     * @param box {lower bounds, upper bounds} in the unit cube
     * @return the best point found
     */
    public double[] maximize(List<double[]> incumbents, SplittableRandom rng, int randomCandidates,
                             int localStarts, double[][] box) {
        int d = space.unitDimension();
        this.lower = box[0];
        this.upper = box[1];
        List<double[]> candidates = new ArrayList<>();
        for (int i = 0; i < randomCandidates; i++) {
            double[] u = new double[d];
            for (int k = 0; k < d; k++) {
                u[k] = lower[k] + (upper[k] - lower[k]) * rng.nextDouble();
            }
            candidates.add(u);
        }
        for (double[] inc : incumbents) {
            for (int i = 0; i < 20; i++) {
                double sigma = i < 10 ? 0.02 : 0.1;
                double[] u = inc.clone();
                for (int k = 0; k < d; k++) {
                    if (continuous[k] || rng.nextDouble() < 0.2) {
                        u[k] = Distribution.clampUnit(u[k] + sigma * gaussian(rng));
                    }
                    u[k] = Math.max(lower[k], Math.min(upper[k], u[k]));
                }
                candidates.add(u);
            }
        }
        if (sparseCount > 0) {
            addSparse(candidates, incumbents, rng);
        }
        List<Scored> scored = scoreAll(candidates);
        scored.sort(Comparator.comparingDouble(Scored::value).reversed());
        Scored winner = scored.get(0);
        for (int s = 0; s < Math.min(localStarts, scored.size()); s++) {
            Scored refined = refine(scored.get(s));
            if (refined.value() > winner.value()) {
                winner = refined;
            }
        }
        return winner.point();
    }

    /**
     * Adds, in {@link #maximize}, {@code count} candidates per incumbent that move one coordinate chosen at random
     * and each other coordinate with the given probability, by a Gaussian step of the given standard deviation
     * (clipped to the box). In many dimensions the perturbations of every coordinate and the uniform candidates
     * rarely hit the few-coordinate moves that lead from one basin of a multimodal function to the next; these do.
     *
     * @param count candidates per incumbent (0: none)
     * @param probability probability that each further coordinate moves
     * @param sigma standard deviation of a move in unit-cube coordinates
     * @return this optimizer
     */
    public AcquisitionOptimizer sparse(int count, double probability, double sigma) {
        if (count < 0 || probability < 0 || probability > 1 || sigma <= 0) {
            throw new IllegalArgumentException("sparse candidates need count >= 0, probability in [0, 1] and sigma > 0,"
                    + " received " + count + ", " + probability + ", " + sigma);
        }
        this.sparseCount = count;
        this.sparseProbability = probability;
        this.sparseSigma = sigma;
        return this;
    }

    private void addSparse(List<double[]> candidates, List<double[]> incumbents, SplittableRandom rng) {
        int d = space.unitDimension();
        for (double[] inc : incumbents) {
            for (int i = 0; i < sparseCount; i++) {
                double[] u = inc.clone();
                int forced = rng.nextInt(d);
                for (int k = 0; k < d; k++) {
                    if (k == forced || rng.nextDouble() < sparseProbability) {
                        u[k] = Distribution.clampUnit(u[k] + sparseSigma * gaussian(rng));
                    }
                    u[k] = Math.max(lower[k], Math.min(upper[k], u[k]));
                }
                candidates.add(u);
            }
        }
    }

    private record Scored(double[] point, double value) {
    }

    /** {@link #score} of every candidate, with the posterior computed for all of them at once. */
    private List<Scored> scoreAll(List<double[]> candidates) {
        int m = candidates.size();
        double[][] features = new double[m][];
        for (int j = 0; j < m; j++) {
            features[j] = space.featuresOfUnit(candidates.get(j));
        }
        double[] values = scores(features);
        List<Scored> scored = new ArrayList<>(m);
        for (int j = 0; j < m; j++) {
            scored.add(new Scored(candidates.get(j), values[j]));
        }
        return scored;
    }

    private Scored refine(Scored start) {
        Scored current = start;
        for (int round = 0; round < 2; round++) {
            Scored local = localContinuous(current);
            Scored swept = sweepDiscrete(local);
            boolean changed = swept.value() > local.value() + 1e-12;
            current = swept.value() >= current.value() ? swept : current;
            if (!changed) {
                break;
            }
        }
        return current;
    }

    private Scored localContinuous(Scored start) {
        int d = start.point().length;
        int[] index = new int[d];
        int m = 0;
        for (int k = 0; k < d; k++) {
            if (continuous[k]) {
                index[m++] = k;
            }
        }
        if (m == 0) {
            return start;
        }
        int dims = m;
        double[] base = start.point().clone();
        double[] lo = new double[dims];
        double[] hi = new double[dims];
        double[] x0 = new double[dims];
        for (int i = 0; i < dims; i++) {
            lo[i] = lower[index[i]];
            hi[i] = upper[index[i]];
            x0[i] = Math.max(lo[i], Math.min(hi[i], base[index[i]]));
        }
        java.util.function.ToDoubleFunction<double[]> value = x -> -score(withCoordinates(base, index, x));
        Lbfgs.Function f = Lbfgs.of(value, (x, v) -> forwardDifferences(base, index, x, v, hi));
        Lbfgs.Result r = Lbfgs.minimize(f, x0, lo, hi, 20);
        if (!Double.isFinite(r.value()) || -r.value() <= start.value()) {
            return start;
        }
        return new Scored(withCoordinates(base, index, r.x()), -r.value());
    }

    /** @return a copy of {@code base} with coordinate {@code index[i]} set to {@code x[i]} */
    private static double[] withCoordinates(double[] base, int[] index, double[] x) {
        double[] u = base.clone();
        for (int i = 0; i < x.length; i++) {
            u[index[i]] = x[i];
        }
        return u;
    }

    /**
     * The gradient of {@code -score} in the continuous coordinates {@code index} by forward differences of 1e-6
     * (backwards at the upper bound), with the {@code dims} shifted points scored in one batch, which is cheaper
     * than one at a time and gives the same values; a non-finite difference counts as 0.
     */
    private double[] forwardDifferences(double[] base, int[] index, double[] x, double value, double[] hi) {
        int dims = x.length;
        double[] u = withCoordinates(base, index, x);
        double[] step = new double[dims];
        double[][] features = new double[dims][];
        for (int i = 0; i < dims; i++) {
            step[i] = x[i] + 1e-6 <= hi[i] ? 1e-6 : -1e-6;
            double keep = u[index[i]];
            u[index[i]] = x[i] + step[i];
            features[i] = space.featuresOfUnit(u);
            u[index[i]] = keep;
        }
        double[] s = scores(features);
        double[] g = new double[dims];
        for (int i = 0; i < dims; i++) {
            g[i] = (-s[i] - value) / step[i];
            if (!Double.isFinite(g[i])) {
                g[i] = 0;
            }
        }
        return g;
    }

    private Scored sweepDiscrete(Scored start) {
        double[] u = start.point().clone();
        double value = start.value();
        for (SearchSpace.Parameter p : space.parameters()) {
            Distribution dist = p.distribution();
            if (dist.continuous()) {
                continue;
            }
            int o = p.unitOffset();
            if (lower[o] == upper[o]) {
                continue;
            }
            for (double c : discreteCoordinates(dist, u[o])) {
                if (!(dist instanceof CategoricalDistribution) && (c < lower[o] - 1e-12 || c > upper[o] + 1e-12)) {
                    continue;
                }
                double keep = u[o];
                u[o] = c;
                double v = score(u);
                if (v > value) {
                    value = v;
                } else {
                    u[o] = keep;
                }
            }
        }
        return new Scored(u, value);
    }

    private static double[] discreteCoordinates(Distribution dist, double current) {
        double[] tmp = new double[1];
        TreeSet<Double> out = new TreeSet<>();
        if (dist instanceof CategoricalDistribution c) {
            for (Object choice : c.choices()) {
                c.toUnit(choice, tmp, 0);
                out.add(tmp[0]);
            }
        } else if (dist instanceof FloatDistribution f && f.step() > 0) {
            int now = (int) Math.floor(Distribution.clampUnit(current) * f.size());
            for (int k = 0; k < f.size(); k++) {
                if (f.size() <= 32 || Math.abs(k - now) <= 3 || k % Math.max(1, f.size() / 8) == 0) {
                    f.toUnit(f.gridValue(k), tmp, 0);
                    out.add(tmp[0]);
                }
            }
        } else if (dist instanceof IntDistribution i) {
            if (i.size() <= 32 && !i.log()) {
                for (int v = i.low(); v <= i.high(); v += i.step()) {
                    i.toUnit(v, tmp, 0);
                    out.add(tmp[0]);
                }
            } else {
                int now = (Integer) i.fromUnit(new double[] {current}, 0);
                for (int delta = -3; delta <= 3; delta++) {
                    long v = (long) now + (long) delta * i.step();
                    if (v >= i.low() && v <= i.maxOnGrid()) {
                        i.toUnit((int) v, tmp, 0);
                        out.add(tmp[0]);
                    }
                }
                for (int k = 0; k <= 8; k++) {
                    out.add(k / 8.0);
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = Math.max(1e-300, rng.nextDouble());
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
