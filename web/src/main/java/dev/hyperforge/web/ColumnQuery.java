package dev.hyperforge.web;

import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunQuery;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Answers a trial-table query (without tag filters) from a study's columns ({@link TableColumns.Snapshot}): the
 * matching runs' ids of one page, in order, and how many match, exactly as the SQL path orders and counts them:
 * <ul>
 *   <li>a range keeps runs whose value is present and within it, compared as the database compares doubles (NaN above
 *       every number); on a simplex component ({@code w.age}) as {@link RunQuery.Range#contains} does;</li>
 *   <li>the sort key's missing values come last in either direction, a parameter's numbers before its strings, ties
 *       by trial number; by value over all states, COMPLETE runs first (as {@link TableQuery} does).</li>
 * </ul>
 * A page within {@value #SELECTED} rows of either end is selected with a bounded heap; other pages sort the matches.
 *
 * <pre>{@code
 * ColumnQuery.Ids page = ColumnQuery.page(snapshot, query);   // page.ids(), page.total()
 * }</pre>
 */
final class ColumnQuery {
    /** Pages whose last row lies within this many rows of the start or the end are selected without a full sort. */
    static final int SELECTED = 2_000;

    /**
     * One page.
     *
     * @param ids the page's run ids in order
     * @param total how many runs match
     */
    record Ids(List<Long> ids, long total) {
    }

    /** The matches' sort keys, by position in the match list. */
    private record Keys(int[] numbers, byte[] groups, long[] keys, String[] strings, boolean descending) {
        int compare(int a, int b) {
            if (groups != null && groups[a] != groups[b]) {
                return Byte.compare(groups[a], groups[b]);
            }
            int c = compareKey(keys[a], keys[b], descending);
            if (c == 0 && strings != null) {
                c = compareString(strings[a], strings[b], descending);
            }
            return c != 0 ? c : Integer.compare(numbers[a], numbers[b]);
        }
    }

    private ColumnQuery() {
    }

    /**
     * @param s the study's columns
     * @param q the query; its tags must be empty
     * @return the page's ids and the number of matches
     */
    static Ids page(TableColumns.Snapshot s, RunQuery q) {
        return page(s, q, SELECTED);
    }

    /**
     * @param s the study's columns
     * @param q the query; its tags must be empty
     * @param selected pages within this many rows of either end are selected without a full sort
     * @return the page's ids and the number of matches
     */
    static Ids page(TableColumns.Snapshot s, RunQuery q, int selected) {
        if (!q.tags().isEmpty()) {
            throw new IllegalArgumentException("tag filters are answered by the database");
        }
        RunColumns[] parts = {s.finals(), s.live()};
        List<int[]> matches = new ArrayList<>(2);
        int total = 0;
        for (RunColumns c : parts) {
            int[] m = filter(c, q, s);
            matches.add(m);
            total += m.length;
        }
        Keys keys = keys(parts, matches, total, q, s);
        int[] order = order(keys, total, q.offset(), q.limit(), selected);
        long[] ids = new long[total];
        int at = 0;
        for (int p = 0; p < parts.length; p++) {
            for (int i : matches.get(p)) {
                ids[at++] = parts[p].id(i);
            }
        }
        List<Long> page = new ArrayList<>(order.length);
        for (int o : order) {
            page.add(ids[o]);
        }
        return new Ids(page, total);
    }

    /** The rows of one part that pass the query's state and range filters. */
    private static int[] filter(RunColumns c, RunQuery q, TableColumns.Snapshot s) {
        boolean[] state = new boolean[TrialState.values().length];
        q.states().forEach(t -> state[t.ordinal()] = true);
        List<long[]> cols = new ArrayList<>();
        List<long[]> bounds = new ArrayList<>();
        for (RunQuery.Range r : q.paramRanges()) {
            boolean component = isComponent(s, r.name());
            cols.add(c.column((component ? RunColumns.COMPONENT : RunColumns.PARAM) + r.name()));
            bounds.add(bounds(r, component));
        }
        for (RunQuery.Range r : q.metricRanges()) {
            cols.add(c.column(RunColumns.METRIC + r.name()));
            bounds.add(bounds(r, false));
        }
        if (cols.contains(null) || bounds.contains(null)) {
            return new int[0];
        }
        int[] out = new int[c.size()];
        int n = 0;
        rows:
        for (int i = 0; i < c.size(); i++) {
            if (!state[c.state(i).ordinal()]) {
                continue;
            }
            for (int f = 0; f < cols.size(); f++) {
                long v = cols.get(f)[i];
                long[] b = bounds.get(f);
                if (v == RunColumns.NULL || v < b[0] || v > b[1] || b[2] == 1 && v == RunColumns.NAN) {
                    continue rows;
                }
            }
            out[n++] = i;
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * {@code [low, high, 1 when NaN is out]} as keys: the database's order for parameters and metrics; a component's
     * range compares as Java's {@code >=} and {@code <=} (NaN in no range, and a NaN bound matches nothing).
     */
    private static long[] bounds(RunQuery.Range r, boolean component) {
        if (component && (r.min() != null && r.min().isNaN() || r.max() != null && r.max().isNaN())) {
            return null;
        }
        long low = r.min() == null ? Long.MIN_VALUE : RunColumns.encode(r.min());
        long high = r.max() == null ? RunColumns.NULL - 1 : RunColumns.encode(r.max());
        return new long[] {low, high, component ? 1 : 0};
    }

    private static boolean isComponent(TableColumns.Snapshot s, String name) {
        String c = RunColumns.COMPONENT + name;
        return s.finals().column(c) != null || s.live().column(c) != null;
    }

    private static Keys keys(RunColumns[] parts, List<int[]> matches, int total, RunQuery q, TableColumns.Snapshot s) {
        RunQuery.Sort sort = q.sort();
        int[] numbers = new int[total];
        long[] keys = new long[total];
        boolean grouped = sort.field() == RunQuery.SortField.VALUE && q.states().size() == TrialState.values().length;
        byte[] groups = grouped ? new byte[total] : null;
        boolean strings = sort.field() == RunQuery.SortField.PARAM && !isComponent(s, sort.name());
        String[] text = strings ? new String[total] : null;
        String column = switch (sort.field()) {
            case PARAM -> (strings ? RunColumns.PARAM : RunColumns.COMPONENT) + sort.name();
            case METRIC -> RunColumns.METRIC + sort.name();
            default -> null;
        };
        int at = 0;
        for (int p = 0; p < parts.length; p++) {
            RunColumns c = parts[p];
            long[] col = column == null ? null : c.column(column);
            String[] str = strings ? c.strings(sort.name()) : null;
            for (int i : matches.get(p)) {
                numbers[at] = c.number(i);
                keys[at] = switch (sort.field()) {
                    case NUMBER -> c.number(i);
                    case VALUE -> c.value(i);
                    case STARTED_AT -> c.started(i);
                    case PARAM, METRIC -> col == null ? RunColumns.NULL : col[i];
                };
                if (grouped) {
                    groups[at] = (byte) (c.state(i) == TrialState.COMPLETE ? 0 : 1);
                }
                if (strings) {
                    text[at] = str == null ? null : str[i];
                }
                at++;
            }
        }
        return new Keys(numbers, groups, keys, text, sort.descending());
    }

    /** The positions of the page's rows in order. */
    private static int[] order(Keys k, int total, long offset, int limit, int selected) {
        if (offset >= total) {
            return new int[0];
        }
        int from = (int) offset;
        int to = (int) Math.min(total, offset + limit);
        Comparator<Integer> cmp = k::compare;
        if (to <= selected) {
            return Arrays.copyOfRange(best(total, to, cmp), from, to);
        }
        if (total - from <= selected) {
            int[] last = best(total, total - from, cmp.reversed());
            int[] out = new int[to - from];
            for (int i = 0; i < out.length; i++) {
                out[i] = last[last.length - 1 - i];
            }
            return out;
        }
        return k.groups() == null && k.strings() == null ? byKeys(k, total, from, to) : sorted(total, from, to, cmp);
    }

    private static int[] sorted(int total, int from, int to, Comparator<Integer> cmp) {
        Integer[] all = new Integer[total];
        for (int i = 0; i < total; i++) {
            all[i] = i;
        }
        Arrays.sort(all, cmp);
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = all[from + i];
        }
        return out;
    }

    /**
     * A page in the middle ordered by one key: the keys alone are sorted (primitives), which tells the page's first
     * and last key; only the rows with keys between those are sorted with the tie-break.
     */
    private static int[] byKeys(Keys k, int total, int from, int to) {
        long[] ascending = new long[total];
        for (int i = 0; i < total; i++) {
            long key = k.keys()[i];
            ascending[i] = k.descending() && key != RunColumns.NULL ? ~key : key;
        }
        long[] sorted = ascending.clone();
        Arrays.sort(sorted);
        long low = sorted[from];
        long high = sorted[to - 1];
        int before = 0;
        List<Integer> between = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            if (ascending[i] < low) {
                before++;
            } else if (ascending[i] <= high) {
                between.add(i);
            }
        }
        between.sort(k::compare);
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = between.get(from - before + i);
        }
        return out;
    }

    /** The first {@code n} of {@code total} positions under {@code cmp}, in order (a bounded heap). */
    private static int[] best(int total, int n, Comparator<Integer> cmp) {
        PriorityQueue<Integer> worstFirst = new PriorityQueue<>(n + 1, cmp.reversed());
        for (int i = 0; i < total; i++) {
            if (worstFirst.size() < n) {
                worstFirst.add(i);
            } else if (cmp.compare(i, worstFirst.peek()) < 0) {
                worstFirst.poll();
                worstFirst.add(i);
            }
        }
        int[] out = new int[worstFirst.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = worstFirst.poll();
        }
        return out;
    }

    private static int compareKey(long a, long b, boolean descending) {
        if (a == b) {
            return 0;
        }
        if (a == RunColumns.NULL || b == RunColumns.NULL) {
            return a == RunColumns.NULL ? 1 : -1;
        }
        return descending ? Long.compare(b, a) : Long.compare(a, b);
    }

    private static int compareString(String a, String b, boolean descending) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return descending ? b.compareTo(a) : a.compareTo(b);
    }
}
