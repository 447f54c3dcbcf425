package dev.hyperforge.engine.losses;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Shared helpers for loss implementations. */
final class Losses {
    private Losses() {
    }

    /** View as (N, D): batch first, everything else flattened. */
    static INDArray flat(INDArray a) {
        long n = a.size(0);
        return a.rank() == 2 ? a : a.reshape(n, a.length() / n);
    }

    /** Number of samples. */
    static long batch(INDArray a) {
        return a.size(0);
    }

    /** Requires rank 2 (samples x classes). */
    static void requireRank2(String loss, INDArray p) {
        if (p.rank() != 2) {
            throw new IllegalArgumentException(loss + " expects predictions of rank 2 (samples, classes), received rank " + p.rank());
        }
    }
}
