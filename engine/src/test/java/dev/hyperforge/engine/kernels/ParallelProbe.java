package dev.hyperforge.engine.kernels;

/** Lets tests outside this package read the engine kernel pool's thread count. */
public final class ParallelProbe {
    private ParallelProbe() {
    }

    /** @return the threads {@link Parallel} splits rows over */
    public static int threads() {
        return Parallel.threads();
    }

    /** Makes {@link Parallel} read ND4J's thread count again. */
    public static void follow() {
        Parallel.followBackend();
    }
}
