package dev.hyperforge.experiments.data;

import java.util.Locale;

/**
 * The memory this process can give to data and models, and saturating size arithmetic, so that sizes which
 * cannot fit are refused before anything is allocated. The budget is the Java heap ({@code -Xmx}) plus the
 * native memory ND4J's arrays may take ({@code -Dorg.bytedeco.javacpp.maxBytes}, by default as large as the
 * heap); {@code ./hf} sets both, and {@code HF_JAVA_OPTS} changes them.
 *
 * <pre>{@code
 * long need = MemoryBudget.multiply(samples, MemoryBudget.multiply(features, 4));
 * if (need > MemoryBudget.available()) {
 *     throw new IllegalArgumentException("needs " + MemoryBudget.format(need) + "; " + MemoryBudget.describe());
 * }
 * }</pre>
 */
public final class MemoryBudget {
    private MemoryBudget() {
    }

    /** Bytes the heap and the native arrays may hold together. */
    public static long available() {
        return add(heap(), nativeBytes());
    }

    /** The Java heap's limit. */
    public static long heap() {
        return Runtime.getRuntime().maxMemory();
    }

    /** JavaCPP's limit on native arrays ({@code org.bytedeco.javacpp.maxBytes}; default: the heap's limit). */
    public static long nativeBytes() {
        String p = System.getProperty("org.bytedeco.javacpp.maxBytes");
        if (p == null || p.isBlank()) {
            return heap();
        }
        String t = p.trim().toLowerCase(Locale.ROOT);
        long unit = switch (t.charAt(t.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1;
        };
        try {
            long n = Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1));
            return n <= 0 ? heap() : multiply(n, unit);
        } catch (NumberFormatException e) {
            return heap();
        }
    }

    /** What the process has, for messages: "the process has 4.0 GB (Java heap 2.0 GB + native arrays 2.0 GB; set HF_JAVA_OPTS)". */
    public static String describe() {
        return "the process has " + format(available()) + " (Java heap " + format(heap()) + " + native arrays " + format(nativeBytes())
                + "; raise -Xmx and -Dorg.bytedeco.javacpp.maxBytes with HF_JAVA_OPTS)";
    }

    /** {@code a * b}, or {@link Long#MAX_VALUE} when it overflows (both non-negative). */
    public static long multiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** {@code a + b}, or {@link Long#MAX_VALUE} when it overflows (both non-negative). */
    public static long add(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** A byte count for people: {@code 512 KB}, {@code 3.2 GB}, {@code more than 9 EB}. */
    public static String format(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than 9 EB";
        }
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
