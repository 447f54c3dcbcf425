package dev.hyperforge.search.sampler;

/**
 * Independent uniform sampling (in each distribution's own scale), seeded per trial from the study seed.
 *
 * <pre>{@code
 * Sampler sampler = new RandomSampler();
 * }</pre>
 */
public final class RandomSampler implements Sampler {

    /** Creates a random sampler. */
    public RandomSampler() {
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public String settingsJson() {
        return "{}";
    }

    @Override
    public Suggestion suggest(SamplingContext context) {
        return Suggestion.of(context.space().sample(context.random("random")));
    }
}
