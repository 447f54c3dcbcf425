package dev.hyperforge.tracker;

/** The stored type of a parameter value. */
public enum ParamType {
    /** A double-precision number. */
    FLOAT,
    /** A 64-bit integer. */
    INT,
    /** A string (categorical choices are stored as strings). */
    STRING
}
