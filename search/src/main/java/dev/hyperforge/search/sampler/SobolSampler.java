package dev.hyperforge.search.sampler;

import dev.hyperforge.search.internal.ScrambledSobol;
import dev.hyperforge.search.internal.Seeds;

/**
 * Quasi-random space filling with the Sobol sequence: trial number {@code n} takes the sequence's point {@code n}
 * in the unit cube, decoded into the space. By default the sequence is scrambled (random linear matrix scramble plus
 * digital shift, seeded from the study seed), so studies with different seeds get different, equally even point
 * sets; {@code scramble: false} gives the plain sequence (whose first point is the cube's corner). A good first
 * design, or a budget-free baseline that covers a space more evenly than random sampling.
 *
 * <pre>{@code
 * Sampler sampler = new SobolSampler(SobolSampler.Settings.defaults());
 * Sampler plain = Samplers.create("sobol", "{\"scramble\":false}");
 * }</pre>
 */
public final class SobolSampler implements Sampler {

    private static final long SCRAMBLE_KEY = 0x50b0_1L;

    /**
     * Settings.
     *
     * @param scramble whether to scramble the sequence with the study seed
     */
    public record Settings(boolean scramble) {
        /** @return scrambled */
        public static Settings defaults() {
            return new Settings(true);
        }
    }

    private final Settings settings;

    /**
     * @param settings the settings
     */
    public SobolSampler(Settings settings) {
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String name() {
        return "sobol";
    }

    @Override
    public String settingsJson() {
        return Samplers.toJson(settings);
    }

    @Override
    public Suggestion suggest(SamplingContext context) {
        int d = context.space().unitDimension();
        ScrambledSobol sequence = settings.scramble()
                ? ScrambledSobol.scrambled(d, Seeds.derive(context.studySeed(), SCRAMBLE_KEY))
                : ScrambledSobol.unscrambled(d);
        return Suggestion.of(context.space().decode(sequence.point(context.trialNumber())));
    }
}
