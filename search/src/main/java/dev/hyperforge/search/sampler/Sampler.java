package dev.hyperforge.search.sampler;

/**
 * Suggests parameters from parameters and scores only. Implementations are immutable and pure: the suggestion
 * is a function of the {@link SamplingContext} (history, pending trials, study seed and trial number), so a
 * resumed study continues where it stopped and a replay reproduces a suggestion exactly.
 *
 * <pre>{@code
 * Sampler sampler = new GpSampler(GpSampler.Settings.defaults());
 * Suggestion s = sampler.suggest(context);
 * }</pre>
 */
public interface Sampler {

    /** @return the sampler's name as stored with the study (e.g. {@code gp}) */
    String name();

    /** @return the sampler's settings as a JSON object; {@link Samplers#create} rebuilds it from them */
    String settingsJson();

    /**
     * Checks, before a study is created, that the sampler can search this space (e.g. the grid sampler needs every
     * parameter finite). Accepts every space unless overridden.
     *
     * @param space the study's space
     * @throws IllegalArgumentException naming the parameter the sampler cannot handle
     */
    default void checkSpace(dev.hyperforge.search.space.SearchSpace space) {
    }

    /**
     * Whether the sampler can search a study with this many objectives. Samplers that ignore the scores (random,
     * Latin hypercube, Sobol, grid) and those built for several objectives (nsga2, gp) accept any number; the
     * others override this to accept one.
     *
     * @param objectives the study's number of objectives, 1..8
     * @return true unless overridden
     */
    default boolean supportsObjectives(int objectives) {
        return true;
    }

    /**
     * @param context history, pending trials and seeds
     * @return the parameters of the trial and what to record with it
     */
    Suggestion suggest(SamplingContext context);
}
