package dev.hyperforge.web;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A thread-safe least-recently-used map bounded both in entries and in total weight (e.g. kept trials), so what the
 * dashboard keeps between requests stays within a fixed budget however many studies are browsed. The entry used
 * last is always kept, even alone above the weight budget, so that one large study is not read again at every poll.
 *
 * <pre>{@code
 * BoundedCache<Long, ChartViews> views = new BoundedCache<>(32, 200_000, v -> v.count);
 * views.put(studyId, v);
 * ChartViews again = views.get(studyId);   // null once evicted
 * }</pre>
 *
 * @param <K> key
 * @param <V> value
 */
final class BoundedCache<K, V> {
    private final int maxEntries;
    private final long maxWeight;
    private final ToLongFunction<V> weigher;
    private final LinkedHashMap<K, V> map = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;

    BoundedCache(int maxEntries, long maxWeight, ToLongFunction<V> weigher) {
        if (maxEntries < 1 || maxWeight < 1) {
            throw new IllegalArgumentException("cache bounds must be positive, received " + maxEntries + " entries and "
                    + maxWeight + " weight");
        }
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
        this.weigher = weigher;
    }

    /** An entry-bounded cache where every value weighs 1. */
    BoundedCache(int maxEntries) {
        this(maxEntries, maxEntries, v -> 1);
    }

    synchronized V get(K key) {
        return map.get(key);
    }

    /** Stores a value (replacing the key's old one) and evicts the least recently used beyond the bounds. */
    synchronized void put(K key, V value) {
        V old = map.put(key, value);
        weight += weigher.applyAsLong(value) - (old == null ? 0 : weigher.applyAsLong(old));
        Iterator<Map.Entry<K, V>> eldest = map.entrySet().iterator();
        while (map.size() > 1 && (map.size() > maxEntries || weight > maxWeight)) {
            Map.Entry<K, V> e = eldest.next();
            weight -= weigher.applyAsLong(e.getValue());
            eldest.remove();
        }
    }

    /** @return how many entries are kept */
    synchronized int size() {
        return map.size();
    }

    /** @return the kept entries' total weight */
    synchronized long weight() {
        return weight;
    }
}
