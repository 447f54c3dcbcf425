package dev.hyperforge.web;

import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunPage;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.tracker.RunStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs the trial table's query. A query with parameter or metric ranges, or sorted by value, start time or a
 * parameter, and without tag filters, is answered from the study's columns when they are kept ({@link TableColumns},
 * {@link ColumnQuery}): matched, sorted and counted in memory, then the page's rows read by id ({@link #inMemory}).
 * Otherwise (tags, orders the database reads along an index, or columns not yet read) it runs in the database, where
 * two orders need more than one query:
 * <ul>
 *   <li>by value over all states: COMPLETE trials first, in the asked order, then the others (a pruned trial's value
 *       is where it stopped, a failed one has none; mixing them with finished trials misleads), as two queries
 *       whose pages are joined;</li>
 *   <li>filters or a sort on a simplex component ({@code w.age}): {@link ComponentFilter}.</li>
 * </ul>
 *
 * <pre>{@code
 * RunPage page = TableQuery.page(store, Requests.runQuery(ctx, id), () -> distributions,
 *         () -> columns.snapshot(id, store.studySummary(id)));
 * }</pre>
 */
final class TableQuery {
    private static final TrialState[] NOT_COMPLETE = {TrialState.PRUNED, TrialState.FAILED, TrialState.RUNNING,
        TrialState.WAITING};

    private TableQuery() {
    }

    /**
     * @param store the tracker
     * @param q the table's query
     * @param distributions the study's chart parameters, read only when a simplex component is named
     * @param columns the study's columns, asked for only when {@link #inMemory} (empty: use SQL)
     * @return the page
     */
    static RunPage page(RunStore store, RunQuery q, Supplier<Map<String, Map<String, Object>>> distributions,
                        Supplier<Optional<TableColumns.Snapshot>> columns) {
        if (inMemory(q)) {
            Optional<TableColumns.Snapshot> s = columns.get();
            if (s.isPresent()) {
                ColumnQuery.Ids ids = ColumnQuery.page(s.get(), q);
                return new RunPage(store.runs(ids.ids()), ids.total(), q.offset());
            }
        }
        boolean component = q.paramRanges().stream().anyMatch(r -> r.name().indexOf('.') > 0)
                || q.sort().field() == RunQuery.SortField.PARAM && q.sort().name().indexOf('.') > 0;
        if (component) {
            return ComponentFilter.query(store, q, distributions.get());
        }
        if (q.sort().field() == RunQuery.SortField.VALUE && q.states().size() == TrialState.values().length) {
            return completeFirst(store, q);
        }
        return store.queryRuns(q);
    }

    /**
     * Whether the columns answer the query: any query without tag filters except those the database reads along an
     * index in order (by number; by a metric over all states, filtered by nothing but states, within
     * {@value ColumnQuery#SELECTED} rows of the start: the database walks the metric's index up to the page).
     *
     * @param q the query
     * @return true to answer it from the columns
     */
    static boolean inMemory(RunQuery q) {
        if (!q.tags().isEmpty()) {
            return false;
        }
        boolean ranges = !q.paramRanges().isEmpty() || !q.metricRanges().isEmpty();
        RunQuery.SortField f = q.sort().field();
        boolean indexOrdered = f == RunQuery.SortField.NUMBER
                || f == RunQuery.SortField.METRIC && q.states().size() == TrialState.values().length
                && q.offset() + q.limit() <= ColumnQuery.SELECTED;
        return ranges || !indexOrdered;
    }

    private static RunPage completeFirst(RunStore store, RunQuery q) {
        RunPage complete = store.queryRuns(copy(q, new TrialState[] {TrialState.COMPLETE}, r -> true, q.sort(),
                q.offset(), q.limit()));
        List<Run> rows = new ArrayList<>(complete.runs());
        int need = q.limit() - rows.size();
        long restOffset = Math.max(0, q.offset() - complete.total());
        RunPage rest = store.queryRuns(copy(q, NOT_COMPLETE, r -> true, q.sort(), restOffset, Math.max(1, need)));
        if (need > 0) {
            rows.addAll(rest.runs().subList(0, Math.min(need, rest.runs().size())));
        }
        return new RunPage(rows, complete.total() + rest.total(), q.offset());
    }

    /**
     * The same query with other states, parameter ranges, sort and page.
     *
     * @param q the query
     * @param states accepted states (empty: all)
     * @param keepParam which parameter ranges to keep
     * @param sort the order
     * @param offset first row
     * @param limit rows
     * @return the copy
     */
    static RunQuery copy(RunQuery q, TrialState[] states, Predicate<RunQuery.Range> keepParam, RunQuery.Sort sort,
                         long offset, int limit) {
        RunQuery.Builder b = RunQuery.forStudy(q.studyId()).states(states);
        q.tags().forEach(b::tag);
        q.paramRanges().stream().filter(keepParam).forEach(r -> b.paramRange(r.name(), r.min(), r.max()));
        q.metricRanges().forEach(r -> b.metricRange(r.name(), r.min(), r.max()));
        switch (sort.field()) {
            case PARAM -> b.sortByParam(sort.name(), sort.descending());
            case METRIC -> b.sortByMetric(sort.name(), sort.descending());
            default -> b.sortBy(sort.field(), sort.descending());
        }
        return b.page(offset, limit).build();
    }
}
