package dev.hyperforge.engine.layers.attention;

/** Lets the micro-benchmarks (another package) switch the attention layer's package-private paths. */
public final class AttentionBenchSwitches {
    private AttentionBenchSwitches() {
    }

    /** Turns {@link ConcurrentProjections} on or off for the whole process. */
    public static void setConcurrentProjections(boolean on) {
        ConcurrentProjections.enabled = on;
    }
}
