package dev.hyperforge.search.sampler;

import dev.hyperforge.search.internal.LatinHypercube;
import dev.hyperforge.search.internal.Seeds;

/**
 * Quasi-random space filling: trials are the rows of maximin Latin-hypercube designs of {@code designSize}
 * points (design {@code k} covers trial numbers {@code k*designSize ... (k+1)*designSize-1}), generated from the
 * study seed. Used on its own or as the initial design of the GP and genetic samplers.
 *
 * <pre>{@code
 * Sampler sampler = new LatinHypercubeSampler(10);
 * }</pre>
 */
public final class LatinHypercubeSampler implements Sampler {

    private final int designSize;

    /**
     * @param designSize points per design, at least 1
     */
    public LatinHypercubeSampler(int designSize) {
        if (designSize < 1) {
            throw new IllegalArgumentException("LatinHypercubeSampler designSize must be >= 1, received "
                    + designSize);
        }
        this.designSize = designSize;
    }

    /** @return points per design */
    public int designSize() {
        return designSize;
    }

    @Override
    public String name() {
        return "lhs";
    }

    @Override
    public String settingsJson() {
        return "{\"designSize\":" + designSize + "}";
    }

    @Override
    public Suggestion suggest(SamplingContext context) {
        int block = context.trialNumber() / designSize;
        int row = context.trialNumber() % designSize;
        long seed = Seeds.derive(Seeds.derive(context.studySeed(), 0x1a7e_c0deL), block);
        double[][] design = LatinHypercube.maximin(designSize, context.space().unitDimension(), seed, 16);
        return Suggestion.of(context.space().decode(design[row]));
    }
}
