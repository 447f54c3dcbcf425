package dev.hyperforge.experiments.data;

/**
 * Parses the text of a numeric CSV cell straight from the parser's character buffer, without making a string
 * per cell: plain decimals ({@code -12.5}, {@code 3e-4}) with at most 18 significant digits take an exact fast
 * path (Clinger's: a 53-bit mantissa times an exactly representable power of ten rounds once); anything else
 * goes through {@link Double#parseDouble}. Empty cells and the usual missing-value spellings
 * ({@code NA}, {@code N/A}, {@code n/a}, {@code NaN}, {@code null}, {@code ?}, …) are reported as missing.
 *
 * <pre>{@code
 * double v = Decimals.parse(buf, off, len);   // Decimals.MISSING or Decimals.BAD sentinels via isMissing/isBad
 * }</pre>
 */
final class Decimals {
    /** Result of a missing cell (a NaN with a payload distinct from {@link #BAD}). */
    static final double MISSING = Double.longBitsToDouble(0x7ff8000000000001L);
    /** Result of a cell that is not a number. */
    static final double BAD = Double.longBitsToDouble(0x7ff8000000000002L);
    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
        1e18, 1e19, 1e20, 1e21, 1e22};
    private static final java.util.Set<String> MISSING_WORDS = java.util.Set.of("na", "n/a", "nan", "null", "none", "?", "-", "#n/a", "");

    private Decimals() {
    }

    static boolean isMissing(double v) {
        return Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(MISSING);
    }

    static boolean isBad(double v) {
        return Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(BAD);
    }

    /** Whether the (trimmed) text is one of the missing-value spellings. */
    static boolean missingWord(String s) {
        return MISSING_WORDS.contains(s.trim().toLowerCase(java.util.Locale.ROOT));
    }

    /** The value of {@code b[off, off+len)}, or {@link #MISSING} / {@link #BAD}. */
    static double parse(char[] b, int off, int len) {
        int s = off;
        int e = off + len;
        while (s < e && b[s] <= ' ') {
            s++;
        }
        while (e > s && b[e - 1] <= ' ') {
            e--;
        }
        double fast = fast(b, s, e);
        if (!Double.isNaN(fast)) {
            return fast;
        }
        String t = new String(b, s, e - s);
        if (missingWord(t)) {
            return MISSING;
        }
        char last = e > s ? b[e - 1] : ' ';
        if (last == 'f' || last == 'F' || last == 'd' || last == 'D' || t.startsWith("0x") || t.startsWith("-0x")) {
            return BAD; // Java literal suffixes and hex are not numbers in a CSV
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException ex) {
            return BAD;
        }
    }

    /** The exact value of a plain decimal, or NaN when the fast path does not apply. */
    private static double fast(char[] b, int s, int e) {
        int i = s;
        boolean neg = i < e && b[i] == '-';
        if (i < e && (b[i] == '-' || b[i] == '+')) {
            i++;
        }
        long m = 0;
        int digits = 0;
        int scale = 0;
        boolean dot = false;
        boolean any = false;
        for (; i < e; i++) {
            char c = b[i];
            if (c >= '0' && c <= '9') {
                any = true;
                if (m != 0 || c != '0') {
                    if (++digits > 18) {
                        return Double.NaN;
                    }
                }
                m = m * 10 + (c - '0');
                if (dot) {
                    scale--;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (!any) {
            return Double.NaN;
        }
        if (i < e && (b[i] == 'e' || b[i] == 'E')) {
            int[] exp = exponent(b, i + 1, e);
            if (exp == null) {
                return Double.NaN;
            }
            scale += exp[0];
            i = e;
        }
        if (i != e || m > (1L << 53) || scale < -22 || scale > 22) {
            return Double.NaN;
        }
        double v = scale < 0 ? m / POW10[-scale] : m * POW10[scale];
        return neg ? -v : v;
    }

    private static int[] exponent(char[] b, int i, int e) {
        boolean neg = i < e && b[i] == '-';
        if (i < e && (b[i] == '-' || b[i] == '+')) {
            i++;
        }
        if (i >= e || e - i > 3) {
            return null;
        }
        int x = 0;
        for (; i < e; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return null;
            }
            x = x * 10 + (b[i] - '0');
        }
        return new int[] {neg ? -x : x};
    }
}
