package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.search.TrialState;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Translates a {@link RunQuery} into one SQL statement. Only fixed SQL text and {@code ?} placeholders are
 * concatenated; every name and value is bound.
 */
final class QuerySql {
    final String sql;
    final List<Object> args;

    private QuerySql(String sql, List<Object> args) {
        this.sql = sql;
        this.args = args;
    }

    /*
     * Sorts by an index's trailing column name its leading columns too, although the WHERE clause fixes them
     * (ORDER BY r.study_id, r.trial_number under r.study_id = ?): H2 reads an index in order only when the ORDER BY
     * lists the index's columns from the first, and otherwise sorts the whole study to return one page.
     */

    /** The rows of the query, sorted; paged when {@code paged}. */
    static QuerySql select(RunQuery q, boolean paged) {
        QuerySql rows = sorted(q, RunReader.RUN_COLUMNS, false);
        if (paged) {
            rows = rows.page(q.offset(), q.limit());
        }
        return rows;
    }

    /**
     * The ids of one page of the query, in order: only the sort key travels through the sort, and the page's rows
     * are read by primary key afterwards. With {@code reversed} the order is exactly the reverse (each key and its
     * nulls' place flipped; ties are broken by the unique trial number), so that a page near the end is read as
     * a page near the start of the reversed order.
     */
    static QuerySql ids(RunQuery q, boolean reversed, long offset, int limit) {
        return sorted(q, "r.id", reversed).page(offset, limit);
    }

    private static QuerySql sorted(RunQuery q, String columns, boolean reversed) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(" FROM run r");
        RunQuery.Sort sort = q.sort();
        if (sort.field() == RunQuery.SortField.PARAM) {
            sql.append(" LEFT JOIN run_param sp ON sp.run_id = r.id AND sp.param_name = ?");
            args.add(sort.name());
        } else if (sort.field() == RunQuery.SortField.METRIC) {
            sql.append(" LEFT JOIN metric_latest sm ON sm.run_id = r.id AND sm.metric_name = ?");
            args.add(sort.name());
        }
        where(q, sql, args);
        boolean desc = sort.descending() != reversed;
        String dir = (desc ? " DESC" : " ASC") + (reversed ? " NULLS FIRST" : " NULLS LAST");
        String number = reversed ? ", r.trial_number DESC" : ", r.trial_number ASC";
        sql.append(" ORDER BY ");
        switch (sort.field()) {
            case NUMBER -> sql.append(joinsNothing(q) ? "r.study_id" + (desc ? " DESC" : " ASC") + ", " : "")
                    .append("r.trial_number").append(desc ? " DESC" : " ASC");
            case VALUE -> sql.append("r.objective_value").append(dir).append(number);
            case STARTED_AT -> sql.append("r.started_ms").append(dir).append(number);
            case PARAM -> sql.append("sp.numeric_value").append(dir).append(", sp.string_value").append(dir)
                    .append(number);
            case METRIC -> sql.append("sm.metric_value").append(dir).append(number);
        }
        return new QuerySql(sql.toString(), args);
    }

    /**
     * Whether the query joins no other table. Only then is the page read along the run index in order: with filter
     * joins, a run-ordered plan made H2 look the filters up by range per run, far slower than its plan driven by the
     * most selective filter's (name, value) index.
     */
    private static boolean joinsNothing(RunQuery q) {
        return q.tags().isEmpty() && q.paramRanges().isEmpty() && q.metricRanges().isEmpty();
    }

    /** Whether the query has no filter at all: every run of the study, whatever its state. */
    static boolean unfiltered(RunQuery q) {
        return q.tags().isEmpty() && q.paramRanges().isEmpty() && q.metricRanges().isEmpty()
                && q.states().size() == TrialState.values().length;
    }

    /**
     * For an unfiltered query sorted by a metric: the ids of the page among the runs that have the metric. The
     * inner query walks the study's metric index in value order and stops after {@code offset + limit} rows (and
     * their ties); only those are joined to their runs for the tie-break by trial number.
     */
    static QuerySql rankedByMetric(RunQuery q, long offset, int limit) {
        String dir = q.sort().descending() ? " DESC" : " ASC";
        List<Object> args = new ArrayList<>(List.of(q.studyId(), q.sort().name(), offset + limit));
        String sql = "SELECT t.run_id FROM (SELECT run_id, metric_value FROM metric_latest WHERE study_id = ?"
                + " AND metric_name = ? ORDER BY study_id" + dir + ", metric_name" + dir + ", metric_value" + dir
                + " FETCH FIRST ? ROWS WITH TIES) t"
                + " JOIN run r ON r.id = t.run_id ORDER BY t.metric_value" + dir + ", r.trial_number ASC";
        return new QuerySql(sql, args).page(offset, limit);
    }

    /** The number of the study's runs that have the sort metric (see {@link #rankedByMetric}). */
    static QuerySql countWithMetric(RunQuery q) {
        return new QuerySql("SELECT COUNT(*) FROM metric_latest WHERE study_id = ? AND metric_name = ?",
                new ArrayList<>(List.of(q.studyId(), q.sort().name())));
    }

    /** For an unfiltered query sorted by a metric: the runs without that metric, which come last, by number. */
    static QuerySql lackingMetric(RunQuery q, long offset, int limit) {
        return new QuerySql("SELECT r.id FROM run r WHERE r.study_id = ? AND NOT EXISTS (SELECT 1 FROM"
                + " metric_latest x WHERE x.run_id = r.id AND x.metric_name = ?) ORDER BY r.study_id, r.trial_number",
                new ArrayList<>(List.of(q.studyId(), q.sort().name()))).page(offset, limit);
    }

    private QuerySql page(long offset, int limit) {
        List<Object> more = new ArrayList<>(args);
        more.add(offset);
        more.add(limit);
        return new QuerySql(sql + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", more);
    }

    /** The number of runs matching the query's filters. */
    static QuerySql count(RunQuery q) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM run r");
        where(q, sql, args);
        return new QuerySql(sql.toString(), args);
    }

    /**
     * Filters as inner joins: each joined row is unique per run (primary keys (run_id, param_name),
     * (run_id, metric_name), (run_id, tag_key)), so joins never multiply runs, and H2 plans them far better than
     * correlated EXISTS subqueries.
     */
    private static void where(RunQuery q, StringBuilder sql, List<Object> args) {
        int n = 0;
        for (Map.Entry<String, String> tag : q.tags().entrySet()) {
            String t = "t" + n++;
            sql.append(" JOIN run_tag ").append(t).append(" ON ").append(t).append(".run_id = r.id AND ")
                    .append(t).append(".tag_key = ? AND ").append(t).append(".tag_value = ?");
            args.add(tag.getKey());
            args.add(tag.getValue());
        }
        for (RunQuery.Range range : q.paramRanges()) {
            join("run_param", "p" + n++, "param_name", "numeric_value", range, sql, args);
        }
        for (RunQuery.Range range : q.metricRanges()) {
            join("metric_latest", "m" + n++, "metric_name", "metric_value", range, sql, args);
        }
        sql.append(" WHERE r.study_id = ?");
        args.add(q.studyId());
        if (q.states().size() < TrialState.values().length) {
            sql.append(" AND r.state IN (").append(String.join(", ", Collections.nCopies(q.states().size(), "?")))
                    .append(')');
            q.states().forEach(s -> args.add(s.name()));
        }
    }

    /**
     * A range filter as an inner join keyed on the run. (Naming the study here too lets H2 pick the study-scoped
     * index for the inner side of the join, a range scan per outer run instead of one primary-key lookup.)
     */
    private static void join(String table, String alias, String nameColumn, String valueColumn, RunQuery.Range range,
                             StringBuilder sql, List<Object> args) {
        String column = alias + "." + valueColumn;
        sql.append(" JOIN ").append(table).append(' ').append(alias).append(" ON ").append(alias)
                .append(".run_id = r.id AND ").append(alias).append('.').append(nameColumn).append(" = ? AND ")
                .append(column).append(" IS NOT NULL");
        args.add(range.name());
        if (range.min() != null) {
            sql.append(" AND ").append(column).append(" >= ?");
            args.add(range.min());
        }
        if (range.max() != null) {
            sql.append(" AND ").append(column).append(" <= ?");
            args.add(range.max());
        }
    }

    void bind(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (a instanceof Double d) {
                ps.setDouble(i + 1, d);
            } else {
                ps.setString(i + 1, (String) a);
            }
        }
    }
}
