package dev.hyperforge.experiments.run;

import java.util.SplittableRandom;

/**
 * Deterministic seeds: one study seed, split per trial number and per purpose, so a replay that knows the
 * study seed and the trial number draws exactly the same weights, shuffles and dropout masks.
 */
public final class Seeds {
    private Seeds() {
    }

    /** The seed of trial {@code number} of a study seeded with {@code studySeed}. */
    public static long trial(long studySeed, int number) {
        SplittableRandom r = new SplittableRandom(studySeed);
        long s = r.nextLong();
        for (int i = 0; i <= number; i++) {
            s = r.split().nextLong();
        }
        return s;
    }

    /** The weight-initialisation seed of a trial. */
    public static long weights(long trialSeed) {
        return new SplittableRandom(trialSeed).nextLong();
    }

    /** The shuffling/dropout seed of a trial. */
    public static long fit(long trialSeed) {
        SplittableRandom r = new SplittableRandom(trialSeed);
        r.nextLong();
        return r.nextLong();
    }
}
