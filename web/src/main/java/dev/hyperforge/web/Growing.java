package dev.hyperforge.web;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An append-only sequence shared by the generations of a study's views: each generation sees its own prefix
 * ({@link #prefix}), so a live update appends the new trials instead of copying every kept one. Appending to a prefix
 * that is not the whole sequence (an older generation) copies that prefix first, so a prefix never changes.
 *
 * <pre>{@code
 * Growing<String> g = new Growing<>();
 * Growing<String> same = g.append(0, List.of("a", "b")); // the same sequence, now of 2
 * List<String> first = same.prefix(1);                   // ["a"], whatever is appended later
 * }</pre>
 *
 * <p>Appends happen under the study's lock; a reader is handed a prefix through a generation published by that lock
 * (or the views' cache), and the array is read through a volatile field after its elements were written.
 *
 * @param <T> element type
 */
final class Growing<T> {
    private volatile Object[] items = new Object[16];
    private int size;

    /** @return how many elements there are */
    synchronized int size() {
        return size;
    }

    /**
     * Appends after the first {@code at} elements.
     *
     * @param at the length of the prefix appended to
     * @param more what to append
     * @return this sequence when {@code at} was its length, else a new one holding the prefix and {@code more}
     */
    synchronized Growing<T> append(int at, List<? extends T> more) {
        if (at != size) {
            Growing<T> copy = new Growing<>();
            copy.items = Arrays.copyOf(items, Math.max(16, at + more.size()));
            Arrays.fill(copy.items, at, copy.items.length, null);
            copy.size = at;
            return copy.append(at, more);
        }
        Object[] a = items;
        if (size + more.size() > a.length) {
            a = Arrays.copyOf(a, Math.max(a.length * 2, size + more.size()));
        }
        for (T t : more) {
            a[size++] = t;
        }
        items = a;
        return this;
    }

    /**
     * @param n how many of the first elements (at most {@link #size})
     * @return an unmodifiable view of the first {@code n} elements, unchanged by later appends
     */
    List<T> prefix(int n) {
        Object[] a = items;
        if (n > a.length) {
            throw new IllegalArgumentException("a prefix of " + n + " elements of " + a.length);
        }
        return new Prefix<>(a, n);
    }

    /** The first {@code n} elements of an array that only grows past them. */
    private static final class Prefix<T> extends AbstractList<T> implements RandomAccess {
        private final Object[] items;
        private final int n;

        Prefix(Object[] items, int n) {
            this.items = items;
            this.n = n;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T get(int i) {
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException("index " + i + " of " + n);
            }
            return (T) items[i];
        }

        @Override
        public int size() {
            return n;
        }
    }
}
