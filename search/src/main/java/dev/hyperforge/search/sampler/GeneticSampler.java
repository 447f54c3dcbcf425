package dev.hyperforge.search.sampler;

import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.space.SearchSpace;
import io.jenetics.Alterer;
import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.Genotype;
import io.jenetics.IntermediateCrossover;
import io.jenetics.Mutator;
import io.jenetics.Optimize;
import io.jenetics.Phenotype;
import io.jenetics.TournamentSelector;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A steady-state genetic algorithm over the Jenetics 7 operators, for small populations of expensive trials.
 * Genes are the unit-cube coordinates of the search space (so floats, log floats, ints, categoricals and
 * simplex weights all map to one {@link DoubleChromosome}). The first {@code populationSize} trials come from a
 * Latin hypercube; afterwards the population is the best {@code populationSize} completed trials (elitism:
 * the best are never lost), each new trial is a child of two tournament-selected parents
 * ({@link TournamentSelector}), recombined by {@link IntermediateCrossover} and mutated by a Gaussian
 * {@link Mutator} whose width shrinks with the generation. Each generation's children are independent, so a
 * generation runs as parallel trials.
 *
 * <pre>{@code
 * Sampler ga = new GeneticSampler(GeneticSampler.Settings.defaults());
 * }</pre>
 */
public final class GeneticSampler implements Sampler {

    /**
     * Settings of the genetic sampler.
     *
     * @param populationSize population size (and size of the initial design), at least 2
     * @param tournamentSize tournament size for parent selection, at least 2
     * @param crossoverProbability probability of recombining the two parents, in [0,1]
     * @param mutationProbability probability of mutating each gene, in [0,1]
     * @param initialSigma initial mutation width in the unit cube, in (0,1]
     * @param sigmaDecay factor applied to the width per generation, in (0,1]
     */
    public record Settings(int populationSize, int tournamentSize, double crossoverProbability,
                           double mutationProbability, double initialSigma, double sigmaDecay) {

        /** Validates the settings. */
        public Settings {
            if (populationSize < 2) {
                throw new IllegalArgumentException("GeneticSampler populationSize must be >= 2, received "
                        + populationSize);
            }
            if (tournamentSize < 2) {
                throw new IllegalArgumentException("GeneticSampler tournamentSize must be >= 2, received "
                        + tournamentSize);
            }
            if (!(crossoverProbability >= 0 && crossoverProbability <= 1)
                    || !(mutationProbability >= 0 && mutationProbability <= 1)) {
                throw new IllegalArgumentException("GeneticSampler probabilities must be in [0,1], received "
                        + "crossover=" + crossoverProbability + ", mutation=" + mutationProbability);
            }
            if (!(initialSigma > 0 && initialSigma <= 1) || !(sigmaDecay > 0 && sigmaDecay <= 1)) {
                throw new IllegalArgumentException("GeneticSampler initialSigma and sigmaDecay must be in (0,1], "
                        + "received " + initialSigma + " and " + sigmaDecay);
            }
        }

        /** @return population 10, tournaments of 3, crossover 0.8, mutation 0.5, width 0.2 shrinking by 0.75 */
        public static Settings defaults() {
            return new Settings(10, 3, 0.8, 0.5, 0.2, 0.75);
        }
    }

    private final Settings settings;
    private final LatinHypercubeSampler initial;

    /**
     * @param settings the settings
     */
    public GeneticSampler(Settings settings) {
        this.settings = settings;
        this.initial = new LatinHypercubeSampler(settings.populationSize());
    }

    /** @return the settings */
    public Settings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "genetic";
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
        List<FrozenTrial> completed = context.completed();
        if (completed.size() < settings.populationSize()) {
            return initial.suggest(context);
        }
        SearchSpace space = context.space();
        List<FrozenTrial> elite = completed.stream()
                .sorted(Comparator.comparingDouble(context::loss).thenComparingInt(FrozenTrial::number))
                .limit(settings.populationSize()).toList();
        List<Phenotype<DoubleGene, Double>> population = new ArrayList<>();
        for (FrozenTrial t : elite) {
            population.add(Phenotype.of(genotype(space.encode(t.params())), 0, context.loss(t)));
        }
        int generation = (completed.size() - settings.populationSize()) / settings.populationSize() + 1;
        double sigma = Math.max(0.01, settings.initialSigma() * Math.pow(settings.sigmaDecay(), generation - 1));
        Alterer<DoubleGene, Double> alterer = Alterer.of(
                new IntermediateCrossover<>(settings.crossoverProbability(), 0.25),
                new GaussianStepMutator(settings.mutationProbability(), sigma));
        double[] child = RandomRegistry.with(context.random("genetic"), random -> {
            ISeq<Phenotype<DoubleGene, Double>> parents = new TournamentSelector<DoubleGene, Double>(
                    settings.tournamentSize()).select(ISeq.of(population), 2, Optimize.MINIMUM);
            ISeq<Phenotype<DoubleGene, Double>> children = alterer.alter(parents, generation).population();
            return unit(children.get(0).genotype());
        });
        return new Suggestion(space.decode(child), Map.of("genetic.generation", generation));
    }

    private static Genotype<DoubleGene> genotype(double[] u) {
        DoubleGene[] genes = new DoubleGene[u.length];
        for (int i = 0; i < u.length; i++) {
            genes[i] = DoubleGene.of(u[i], 0.0, 1.0 + Math.ulp(1.0));
        }
        return Genotype.of(DoubleChromosome.of(genes));
    }

    private static double[] unit(Genotype<DoubleGene> genotype) {
        DoubleChromosome chromosome = genotype.chromosome().as(DoubleChromosome.class);
        double[] u = new double[chromosome.length()];
        for (int i = 0; i < u.length; i++) {
            u[i] = Math.min(1.0, Math.max(0.0, chromosome.get(i).doubleValue()));
        }
        return u;
    }

    /** Adds a Gaussian step of width {@code sigma} (in the unit cube), reflected at the bounds. */
    private static final class GaussianStepMutator extends Mutator<DoubleGene, Double> {
        private final double sigma;

        GaussianStepMutator(double probability, double sigma) {
            super(probability);
            this.sigma = sigma;
        }

        @Override
        protected DoubleGene mutate(DoubleGene gene, RandomGenerator random) {
            double v = gene.doubleValue() + sigma * random.nextGaussian();
            if (v < 0) {
                v = -v;
            }
            if (v > 1) {
                v = 2 - v;
            }
            v = Math.min(1.0, Math.max(0.0, v));
            return gene.newInstance(v);
        }
    }
}
