package dev.hyperforge.ensemble;

import java.util.Locale;

/** How the weights of an ensemble were chosen. */
public enum EnsembleMethod {
    /** Given by hand (normalised). */
    MANUAL,
    /** {@code 1/k} each. */
    EQUAL,
    /** Greedy selection with replacement ({@link GreedySelection}). */
    GREEDY,
    /** Optimised by the search module ({@link WeightOptimizer}). */
    OPTIMIZE;

    /** @return the lower-case name used in the API and the CLI */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code manual}, {@code equal}, {@code greedy} or {@code optimize} (case-insensitive).
     *
     * @param text the name
     * @return the method
     */
    public static EnsembleMethod parse(String text) {
        for (EnsembleMethod m : values()) {
            if (m.key().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("ensemble method must be one of manual, equal, greedy, optimize; received '"
                + text + "'");
    }
}
