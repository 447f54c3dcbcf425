package dev.hyperforge.web;

import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.TableRow;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs of one study as columns of primitive arrays, for the trial table ({@link TableColumns}): id, number, state,
 * objective value, start time, each parameter's numeric and string value, each simplex component and each metric's
 * latest value. Numbers are stored as {@link #encode sortable longs}, so a filter or a sort compares longs.
 *
 * <p>A value is kept as the database compares it: {@code -0.0} as {@code 0.0}, every NaN as the one NaN, which sorts
 * above every number; a missing value is {@link #NULL}. Rows are appended ({@link #append}); a {@code RunColumns}
 * never changes its first {@link #size()} rows, so readers of an older one are unaffected by an append (which writes
 * past their size into arrays it may share with them). Only the newest one of a chain may be appended to, by one
 * thread at a time.
 *
 * <pre>{@code
 * RunColumns c = RunColumns.EMPTY.append(store.tableRows(studyId, Instant.EPOCH));
 * long acc = c.column("m:val_accuracy")[0];   // RunColumns.decode(acc), or RunColumns.NULL
 * }</pre>
 */
final class RunColumns {
    /** A missing value: a NaN bit pattern {@link #encode} never returns; above every encoded value. */
    static final long NULL = Long.MAX_VALUE;
    /** The encoded NaN. */
    static final long NAN = encode(Double.NaN);
    /** Prefix of a parameter's numeric column ({@code p:lr}); its string values are in {@link #strings}. */
    static final String PARAM = "p:";
    /** Prefix of a metric's column (its latest value). */
    static final String METRIC = "m:";
    /** Prefix of a simplex component's column ({@code c:w.age}). */
    static final String COMPONENT = "c:";
    /** No rows. */
    static final RunColumns EMPTY = new RunColumns(new long[0], new int[0], new byte[0], new long[0], new long[0],
            new HashMap<>(), new HashMap<>(), new HashMap<>(), 0);
    private static final TrialState[] STATES = TrialState.values();

    private final long[] ids;
    private final int[] numbers;
    private final byte[] states;
    private final long[] values;
    private final long[] started;
    private final Map<String, long[]> columns;
    private final Map<String, String[]> strings;
    /** Row of each run id; shared along a chain, written only by appends. */
    private final Map<Long, Integer> rowOf;
    private final int size;

    private RunColumns(long[] ids, int[] numbers, byte[] states, long[] values, long[] started,
                       Map<String, long[]> columns, Map<String, String[]> strings, Map<Long, Integer> rowOf, int size) {
        this.ids = ids;
        this.numbers = numbers;
        this.states = states;
        this.values = values;
        this.started = started;
        this.columns = columns;
        this.strings = strings;
        this.rowOf = rowOf;
        this.size = size;
    }

    /**
     * A double as a long whose signed order is {@link Double#compare}'s, after {@code -0.0} became {@code 0.0} and
     * every NaN the canonical one (as H2 and PostgreSQL store and compare them).
     *
     * @param v the value, or null
     * @return its key, or {@link #NULL}
     */
    static long encode(Double v) {
        if (v == null) {
            return NULL;
        }
        long b = Double.doubleToLongBits(v == 0.0 ? 0.0 : v);
        return b ^ ((b >> 63) & Long.MAX_VALUE);
    }

    /**
     * @param key an encoded value other than {@link #NULL}
     * @return the double
     */
    static double decode(long key) {
        return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
    }

    /**
     * Rows for the runs not yet here (rows of runs already here are skipped: a finished run does not change).
     * The result shares this one's arrays where they have room.
     *
     * @param rows the rows to add
     * @return the columns with them
     */
    RunColumns append(List<TableRow> rows) {
        List<TableRow> fresh = rows.stream().filter(r -> !rowOf.containsKey(r.runId())).toList();
        if (fresh.isEmpty()) {
            return this;
        }
        int n = size + fresh.size();
        int cap = ids.length >= n ? ids.length : Math.max(n, ids.length + (ids.length >> 1));
        RunColumns c = new RunColumns(grow(ids, cap), grow(numbers, cap), grow(states, cap), grow(values, cap),
                grow(started, cap), new HashMap<>(), new HashMap<>(), size == 0 ? new ConcurrentHashMap<>() : rowOf, n);
        columns.forEach((k, v) -> c.columns.put(k, grow(v, cap)));
        strings.forEach((k, v) -> c.strings.put(k, grow(v, cap)));
        // rows past this size may hold an abandoned append's values: a row sets only the columns it has
        c.columns.values().forEach(a -> Arrays.fill(a, size, n, NULL));
        c.strings.values().forEach(a -> Arrays.fill(a, size, n, null));
        for (int i = 0; i < fresh.size(); i++) {
            c.set(size + i, fresh.get(i), cap);  // c's arrays and maps, c's (or the shared) row index
        }
        return c;
    }

    private void set(int i, TableRow r, int cap) {
        ids[i] = r.runId();
        numbers[i] = r.number();
        states[i] = (byte) r.state().ordinal();
        values[i] = encode(r.value());
        started[i] = r.startedMs() == null ? NULL : r.startedMs();
        rowOf.put(r.runId(), i);
        for (ParamValue p : r.params().values()) {
            column(PARAM + p.name(), cap)[i] = encode(p.numericValue());
            if (p.stringValue() != null) {
                strings.computeIfAbsent(p.name(), k -> new String[cap])[i] = p.stringValue();
            }
            if (ParamSpace.components(p) != null) {
                ParamSpace.values(p).forEach((name, v) -> {
                    if (v instanceof Double d) {
                        column(COMPONENT + name, cap)[i] = encode(d);
                    }
                });
            }
        }
        r.metrics().forEach((name, v) -> column(METRIC + name, cap)[i] = encode(v));
    }

    private long[] column(String name, int cap) {
        return columns.computeIfAbsent(name, k -> {
            long[] a = new long[cap];
            Arrays.fill(a, NULL);
            return a;
        });
    }

    private static long[] grow(long[] a, int cap) {
        if (a.length >= cap) {
            return a;
        }
        long[] b = Arrays.copyOf(a, cap);
        Arrays.fill(b, a.length, cap, NULL);
        return b;
    }

    private static int[] grow(int[] a, int cap) {
        return a.length >= cap ? a : Arrays.copyOf(a, cap);
    }

    private static byte[] grow(byte[] a, int cap) {
        return a.length >= cap ? a : Arrays.copyOf(a, cap);
    }

    private static String[] grow(String[] a, int cap) {
        return a.length >= cap ? a : Arrays.copyOf(a, cap);
    }

    /** @return the number of rows */
    int size() {
        return size;
    }

    /** @return how many values are kept (rows times columns), what the kept columns cost */
    long cells() {
        return (long) ids.length * (5 + columns.size() + strings.size());
    }

    /**
     * @param runId a run id
     * @return whether it has a row
     */
    boolean has(long runId) {
        Integer i = rowOf.get(runId);
        return i != null && i < size;
    }

    long id(int i) {
        return ids[i];
    }

    int number(int i) {
        return numbers[i];
    }

    TrialState state(int i) {
        return STATES[states[i]];
    }

    long value(int i) {
        return values[i];
    }

    long started(int i) {
        return started[i];
    }

    /**
     * @param name a column's name with its prefix ({@link #PARAM}, {@link #METRIC}, {@link #COMPONENT})
     * @return its values (at least {@link #size()} of them), or null when no row has it
     */
    long[] column(String name) {
        return columns.get(name);
    }

    /**
     * @param param a parameter's name
     * @return its string values (null where it has none), or null when no row has one
     */
    String[] strings(String param) {
        return strings.get(param);
    }
}
