package dev.hyperforge.experiments.data;

import org.apache.commons.lang3.StringUtils;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Growable columns for loaders that do not know the row count in advance (stored in fixed-size chunks, so
 * growing never copies), and the closest-names hint for a column name that is not in a header.
 *
 * <pre>{@code
 * Columns.Floats c = new Columns.Floats();
 * c.add(1.5f);
 * String hint = Columns.closest("rom", List.of("rooms", "age"));   // "'rooms'"
 * }</pre>
 */
final class Columns {
    private static final int CHUNK = 1 << 16;

    private Columns() {
    }

    /** A growable float column. */
    static final class Floats {
        private final List<float[]> chunks = new ArrayList<>();
        private int size;

        void add(float v) {
            if ((size & (CHUNK - 1)) == 0 && size >> 16 == chunks.size()) {
                chunks.add(new float[CHUNK]);
            }
            chunks.get(size >> 16)[size & (CHUNK - 1)] = v;
            size++;
        }

        float get(int i) {
            return chunks.get(i >> 16)[i & (CHUNK - 1)];
        }

        int size() {
            return size;
        }
    }

    /** A growable int column. */
    static final class Ints {
        private final List<int[]> chunks = new ArrayList<>();
        private int size;

        void add(int v) {
            if ((size & (CHUNK - 1)) == 0 && size >> 16 == chunks.size()) {
                chunks.add(new int[CHUNK]);
            }
            chunks.get(size >> 16)[size & (CHUNK - 1)] = v;
            size++;
        }

        int get(int i) {
            return chunks.get(i >> 16)[i & (CHUNK - 1)];
        }

        int size() {
            return size;
        }
    }

    /**
     * A hint naming up to three of {@code names} closest to {@code wanted} by edit distance (ignoring case), e.g.
     * {@code did you mean 'rooms'?}, or the list of all names when none is close.
     */
    @SuppressWarnings("deprecation") // commons-text's LevenshteinDistance needs commons-lang3 >= 3.12; ND4J pins 3.11
    static String closest(String wanted, Collection<String> names) {
        String w = wanted.toLowerCase(Locale.ROOT);
        List<String> near = names.stream().filter(n -> StringUtils.getLevenshteinDistance(w, n.toLowerCase(Locale.ROOT)) <= Math.max(2, w.length() / 3))
                .sorted(Comparator.comparingInt((String n) -> StringUtils.getLevenshteinDistance(w, n.toLowerCase(Locale.ROOT)))).limit(3).toList();
        if (near.isEmpty()) {
            List<String> all = names.stream().limit(12).toList();
            return "the columns are " + all + (names.size() > all.size() ? " and " + (names.size() - all.size()) + " more" : "");
        }
        return "did you mean " + String.join(" or ", near.stream().map(n -> "'" + n + "'").toList()) + "?";
    }
}
