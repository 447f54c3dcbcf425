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

    /** The rows of the query, sorted; paged when {@code paged}. */
    static QuerySql select(RunQuery q, boolean paged) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(RunReader.RUN_COLUMNS).append(" FROM run r");
        RunQuery.Sort sort = q.sort();
        if (sort.field() == RunQuery.SortField.PARAM) {
            sql.append(" LEFT JOIN run_param sp ON sp.run_id = r.id AND sp.param_name = ?");
            args.add(sort.name());
        } else if (sort.field() == RunQuery.SortField.METRIC) {
            sql.append(" LEFT JOIN metric_latest sm ON sm.run_id = r.id AND sm.metric_name = ?");
            args.add(sort.name());
        }
        where(q, sql, args);
        String dir = sort.descending() ? " DESC NULLS LAST" : " ASC NULLS LAST";
        sql.append(" ORDER BY ");
        switch (sort.field()) {
            case NUMBER -> sql.append("r.trial_number").append(sort.descending() ? " DESC" : " ASC");
            case VALUE -> sql.append("r.objective_value").append(dir).append(", r.trial_number ASC");
            case STARTED_AT -> sql.append("r.started_ms").append(dir).append(", r.trial_number ASC");
            case PARAM -> sql.append("sp.numeric_value").append(dir).append(", sp.string_value").append(dir)
                    .append(", r.trial_number ASC");
            case METRIC -> sql.append("sm.metric_value").append(dir).append(", r.trial_number ASC");
        }
        if (paged) {
            sql.append(" OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
            args.add(q.offset());
            args.add(q.limit());
        }
        return new QuerySql(sql.toString(), args);
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
