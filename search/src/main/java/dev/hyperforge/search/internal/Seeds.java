package dev.hyperforge.search.internal;

import java.util.SplittableRandom;

/** Deterministic seed splitting: one study seed, derived per trial and per purpose. */
public final class Seeds {

    private Seeds() {
    }

    /**
     * SplitMix64 finaliser: a bijective mixing of 64 bits.
     *
     * @param z input
     * @return mixed bits
     */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * @param seed a parent seed
     * @param key what the child is for (trial number, purpose id, ...)
     * @return a child seed, deterministic in (seed, key)
     */
    public static long derive(long seed, long key) {
        return mix(mix(seed) + 0x9e3779b97f4a7c15L * (key + 1));
    }

    /**
     * @param seed a parent seed
     * @param purpose what the generator is for (e.g. "sampler")
     * @return a generator seeded from (seed, purpose)
     */
    public static SplittableRandom random(long seed, String purpose) {
        return new SplittableRandom(derive(seed, purpose.hashCode()));
    }
}
