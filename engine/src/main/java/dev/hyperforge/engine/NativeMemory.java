package dev.hyperforge.engine;

import org.bytedeco.javacpp.Pointer;

/**
 * Keeps ND4J's native garbage in check. ND4J frees an array's native buffer only when the garbage
 * collector has found its Java object; the Java objects are small, so the heap rarely fills and a full
 * collection is rare, while the native buffers they hold pile up: arrays replaced when a batch changes
 * shape (the last batch of an epoch, evaluation batches) live long enough to reach the old generation,
 * and the per-batch copies of shuffled batches add up. Left alone, the 10-trial demo study's resident set
 * climbed by 200-300 MB a second to the 6 GB bound the {@code hf} launcher gives JavaCPP, where JavaCPP
 * forces a collection (and would throw once it could not get below it).
 *
 * <p>{@link #check} (called before every pass) reads the process's resident set ({@code /proc/self/statm},
 * a few microseconds, so at most once every 2 ms: a small model runs many passes in that time) and asks
 * for a full collection when it has grown by more than {@link #GROWTH} or half its size, whichever is more, since the last one; the level after that collection is the next
 * baseline. {@code -Dhf.nativeGc=false} turns it off.
 */
public final class NativeMemory {
    /** The least growth of the resident set, in bytes, that triggers a collection. */
    public static final long GROWTH = 512L << 20;
    private static final boolean ON = !"false".equalsIgnoreCase(System.getProperty("hf.nativeGc", "true"));
    private static long baseline = -1;
    private static long collections;
    /** Reads at most one resident-set figure per this interval (a pass of a small model takes far less than a read). */
    private static final long READ_INTERVAL_NANOS = 2_000_000L;
    private static volatile long lastRead = Long.MIN_VALUE / 2;

    private NativeMemory() {
    }

    /** Collects when the resident set grew past the threshold since the last collection; returns whether it did. */
    public static boolean check() {
        if (!ON) {
            return false;
        }
        long now = System.nanoTime();
        if (now - lastRead < READ_INTERVAL_NANOS) {
            return false;
        }
        lastRead = now;
        long rss = Pointer.physicalBytes();
        synchronized (NativeMemory.class) {
            if (baseline < 0 || rss < baseline) {
                baseline = rss;
                return false;
            }
            if (rss - baseline <= Math.max(GROWTH, baseline / 2)) {
                return false;
            }
            System.gc();
            collections++;
            baseline = Pointer.physicalBytes();
            return true;
        }
    }

    /** Collections {@link #check} has asked for in this process. */
    public static synchronized long collections() {
        return collections;
    }
}
