package dev.hyperforge.search.sampler;

import dev.hyperforge.search.Constraints;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.internal.Variation;
import dev.hyperforge.search.pareto.Pareto;
import dev.hyperforge.search.space.CategoricalDistribution;
import dev.hyperforge.search.space.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * NSGA-II (Deb et al. 2002) for one or several objectives, with Deb's constraint handling. Generations are the
 * study's COMPLETE trials in number order, {@code populationSize} at a time: the first generation is a Latin
 * hypercube; each later population keeps the best {@code populationSize} of the previous population and the newest
 * generation, by constrained non-dominated rank and then crowding distance (Deb's constraint handling: feasible
 * before infeasible, smaller violation first). A new trial is a child of two parents
 * picked by binary tournaments (rank, then crowding) from the newest population: floats and ints (in the unit
 * cube) by simulated binary crossover and polynomial mutation, categoricals by uniform crossover and resampling.
 * Trials completed after the last full generation join the pool as they arrive (a steady-state variant: with
 * expensive trials a budget is often only two or three generations, and waiting for a full generation would
 * leave the newest results unused). Everything is recomputed from the context, so the sampler is pure and replays
 * are exact.
 *
 * <pre>{@code
 * Sampler nsga2 = Samplers.create("nsga2", "{}");   // population 50
 * Sampler small = new Nsga2Sampler(new Nsga2Sampler.Settings(20, 0.9, 15, 20, 0));
 * }</pre>
 */
public final class Nsga2Sampler implements Sampler {

    /**
     * Settings of NSGA-II.
     *
     * @param populationSize population size, at least 2
     * @param crossoverProbability probability of recombining the two parents, in [0,1]
     * @param crossoverEta SBX distribution index, positive
     * @param mutationEta polynomial mutation distribution index, positive
     * @param mutationProbability per coordinate, in [0,1]; 0 for automatic (1 / dimensions)
     */
    public record Settings(int populationSize, double crossoverProbability, double crossoverEta, double mutationEta,
                           double mutationProbability) {

        /** Validates the settings. */
        public Settings {
            if (populationSize < 2) {
                throw new IllegalArgumentException("nsga2 populationSize must be >= 2, received " + populationSize);
            }
            if (!(crossoverProbability >= 0 && crossoverProbability <= 1)
                    || !(mutationProbability >= 0 && mutationProbability <= 1)) {
                throw new IllegalArgumentException("nsga2 probabilities must be in [0,1], received crossover="
                        + crossoverProbability + ", mutation=" + mutationProbability);
            }
            if (!(crossoverEta > 0) || !(mutationEta > 0)) {
                throw new IllegalArgumentException("nsga2 crossoverEta and mutationEta must be > 0, received "
                        + crossoverEta + " and " + mutationEta);
            }
        }

        /** @return population 50, crossover 0.9, SBX eta 15, mutation eta 20, mutation 1/dimensions */
        public static Settings defaults() {
            return new Settings(50, 0.9, 15, 20, 0);
        }
    }

    private final Settings settings;

    /**
     * @param settings the settings
     */
    public Nsga2Sampler(Settings settings) {
        this.settings = settings;
    }

    /** @return the settings */
    public Settings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "nsga2";
    }

    @Override
    public String settingsJson() {
        return Samplers.toJson(settings);
    }

    @Override
    public Suggestion suggest(SamplingContext context) {
        int n = settings.populationSize();
        List<FrozenTrial> completed = context.completed().stream()
                .filter(t -> t.values().size() == context.directions().size()).toList();
        if (completed.size() < n) {
            return new LatinHypercubeSampler(n).suggest(context);
        }
        SearchSpace space = context.space();
        int generations = completed.size() / n;
        List<FrozenTrial> population = completed.subList(0, n);
        for (int g = 1; g <= generations; g++) {
            List<FrozenTrial> children = completed.subList(g * n, Math.min((g + 1) * n, completed.size()));
            if (!children.isEmpty()) {
                List<FrozenTrial> pool = new ArrayList<>(population);
                pool.addAll(children);
                population = select(pool, n, context);
            }
        }
        Ranked ranked = rank(population, context);
        SplittableRandom rng = context.random("nsga2");
        double[] a = space.encode(population.get(tournament(ranked, rng)).params());
        double[] b = space.encode(population.get(tournament(ranked, rng)).params());
        double[] child = vary(a, b, space, rng);
        return new Suggestion(space.decode(child), Map.of("nsga2.generation", generations));
    }

    private double[] vary(double[] a, double[] b, SearchSpace space, SplittableRandom rng) {
        double[] child = a.clone();
        if (rng.nextDouble() < settings.crossoverProbability()) {
            double[][] kids = Variation.sbx(a, b, settings.crossoverEta(), rng);
            child = kids[rng.nextDouble() < 0.5 ? 0 : 1];
        }
        double pm = settings.mutationProbability() > 0 ? settings.mutationProbability() : 1.0 / child.length;
        Variation.polynomialMutation(child, pm, settings.mutationEta(), rng);
        for (SearchSpace.Parameter p : space.parameters()) {
            if (!(p.distribution() instanceof CategoricalDistribution)) {
                continue;
            }
            int o = p.unitOffset();
            int w = p.distribution().unitDimension();
            double[] from = rng.nextDouble() < 0.5 ? a : b; // uniform crossover of the whole choice
            System.arraycopy(from, o, child, o, w);
            if (rng.nextDouble() < pm * w) {
                for (int k = o; k < o + w; k++) {
                    child[k] = rng.nextDouble();
                }
            }
        }
        return child;
    }

    /** Ranks and crowding distances of a population, by its index. */
    private record Ranked(int[] rank, double[] crowding) {
    }

    private static Ranked rank(List<FrozenTrial> trials, SamplingContext context) {
        double[][] losses = new double[trials.size()][];
        double[] violations = new double[trials.size()];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = context.losses(trials.get(i));
            violations[i] = Constraints.violation(trials.get(i));
        }
        int[] rank = new int[losses.length];
        double[] crowding = new double[losses.length];
        List<int[]> fronts = Pareto.sort(losses, violations);
        for (int f = 0; f < fronts.size(); f++) {
            int[] front = fronts.get(f);
            double[] d = Pareto.crowdingDistance(losses, front);
            for (int i = 0; i < front.length; i++) {
                rank[front[i]] = f;
                crowding[front[i]] = d[i];
            }
        }
        return new Ranked(rank, crowding);
    }

    /** The best {@code n} of the pool by rank, then crowding distance (larger first), then trial number. */
    static List<FrozenTrial> select(List<FrozenTrial> pool, int n, SamplingContext context) {
        Ranked r = rank(pool, context);
        Integer[] order = new Integer[pool.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> r.rank()[i])
                .thenComparing(i -> -r.crowding()[i])
                .thenComparingInt(i -> pool.get(i).number()));
        List<FrozenTrial> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(pool.get(order[i]));
        }
        out.sort(Comparator.comparingInt(FrozenTrial::number));
        return out;
    }

    private static int tournament(Ranked r, SplittableRandom rng) {
        int size = r.rank().length;
        int i = rng.nextInt(size);
        int j = rng.nextInt(size);
        if (r.rank()[i] != r.rank()[j]) {
            return r.rank()[i] < r.rank()[j] ? i : j;
        }
        return r.crowding()[i] >= r.crowding()[j] ? i : j;
    }
}
