package dev.hyperforge.experiments.data;

import java.util.Arrays;
import java.util.Map;

/**
 * The seeded validation split of Keras' {@code *_dataset_from_directory(validation_split=f, seed=s)}: the
 * samples are shuffled with the seed and the last {@code floor(f · n)} of the shuffle validate; the rest
 * train. The shuffle is {@link Splits#permutation}, so the same seed gives the same split on every machine
 * (but not the same files as NumPy's generator would pick).
 *
 * <pre>{@code
 * Holdout h = Holdout.of("images", 100, 0.2, 7L);   // h.train().length == 80, h.validation().length == 20
 * }</pre>
 *
 * @param train training sample indices, in shuffled order
 * @param validation validation sample indices, in shuffled order (empty when no split was asked for)
 */
record Holdout(int[] train, int[] validation) {
    /**
     * Whether a folder loader's options ask for a hold-out ({@code validation} above 0), which the loader then
     * returns as its test part.
     */
    static boolean requested(Map<String, Object> options) {
        return options != null && options.get("validation") instanceof Number v && v.doubleValue() > 0;
    }

    /**
     * Splits {@code n} samples.
     *
     * @param loader the loader, for messages
     * @param n samples
     * @param fraction the validation fraction, or 0 for none
     * @param seed the shuffle's seed
     * @throws IllegalArgumentException when the fraction leaves either part empty
     */
    static Holdout of(String loader, int n, double fraction, long seed) {
        if (fraction == 0) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return new Holdout(all, new int[0]);
        }
        int nVal = (int) Math.floor(fraction * n);
        if (nVal < 1 || nVal >= n) {
            throw new IllegalArgumentException(loader + ": validation " + fraction + " of " + n + " samples leaves " + (nVal < 1
                    ? "no validation samples; raise it or add data" : "no training samples; lower it"));
        }
        long[] p = Splits.permutation(n, seed);
        int[] train = new int[n - nVal];
        int[] val = new int[nVal];
        Arrays.setAll(train, i -> (int) p[i]);
        Arrays.setAll(val, i -> (int) p[n - nVal + i]);
        return new Holdout(train, val);
    }

    /** Whether samples were held out. */
    boolean validates() {
        return validation.length > 0;
    }
}
