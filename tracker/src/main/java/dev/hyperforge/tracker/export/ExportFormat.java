package dev.hyperforge.tracker.export;

import java.util.Locale;

/** Output formats of {@link RunExporter}. */
public enum ExportFormat {
    /** Aligned columns for a terminal. */
    TABLE,
    /** RFC 4180 CSV with a header row. */
    CSV,
    /** A JSON array of objects. */
    JSON;

    /**
     * Parses a {@code --format} value.
     *
     * @param text {@code table}, {@code csv} or {@code json} (any case)
     * @return the format
     */
    public static ExportFormat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown format '" + text + "'; expected table, csv or json");
        }
    }
}
