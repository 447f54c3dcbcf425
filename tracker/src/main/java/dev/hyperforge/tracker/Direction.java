package dev.hyperforge.tracker;

/** Whether a study minimises or maximises its objective value. */
public enum Direction {
    /** Smaller objective values are better. */
    MINIMIZE,
    /** Larger objective values are better. */
    MAXIMIZE
}
