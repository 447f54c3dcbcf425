package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamType;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns run rows into {@link Run} snapshots with set-based child queries: one query each for params,
 * intermediate values, last metrics and tags of a whole set of runs (never one query per run).
 */
final class RunReader {
    static final String RUN_COLUMNS = "r.id, r.study_id, r.trial_number, r.state, r.objective_value, r.started_ms,"
            + " r.finished_ms, r.heartbeat_ms, r.error_text, r.system_attrs, r.note";
    /** Largest IN list used for child queries. */
    static final int CHUNK = 500;

    /** One row of the run table. */
    record Row(long id, long studyId, int number, TrialState state, Double value, Long startedMs, Long finishedMs,
               Long heartbeatMs, String error, String systemAttrs, String note) {
    }

    /** Binds parameters of a child query's scope, starting at index 1. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private RunReader() {
    }

    static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong(1), rs.getLong(2), rs.getInt(3), TrialState.valueOf(rs.getString(4)), dbl(rs, 5),
                lng(rs, 6), lng(rs, 7), lng(rs, 8), rs.getString(9), rs.getString(10), rs.getString(11));
    }

    /** A parameter from columns 2..7: name, type, numeric, int and string value, distribution. */
    static ParamValue param(ResultSet rs) throws SQLException {
        ParamType type = ParamType.valueOf(rs.getString(3));
        return new ParamValue(rs.getString(2), type, type == ParamType.FLOAT ? rs.getDouble(4) : null,
                type == ParamType.INT ? rs.getLong(5) : null, type == ParamType.STRING ? rs.getString(6) : null,
                rs.getString(7));
    }

    static Double dbl(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    static Long lng(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    static Instant instant(Long ms) {
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    /** The run rows of these ids (by primary key), in the order of the ids; ids without a row are left out. */
    static List<Row> rowsById(Connection c, List<Long> ids) throws SQLException {
        Map<Long, Row> byId = new HashMap<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            query(c, "SELECT " + RUN_COLUMNS + " FROM run r WHERE r.id IN ("
                    + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")", ps -> {
                        for (int i = 0; i < chunk.size(); i++) {
                            ps.setLong(i + 1, chunk.get(i));
                        }
                    }, rs -> {
                        Row r = row(rs);
                        byId.put(r.id(), r);
                    });
        }
        List<Row> out = new ArrayList<>(ids.size());
        for (Long id : ids) {
            Row r = byId.get(id);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** Assembles runs whose children are loaded by IN lists of their ids (pages, chunks of a stream). */
    static List<Run> assemble(Connection c, List<Row> rows) throws SQLException {
        List<Run> out = new ArrayList<>(rows.size());
        for (int from = 0; from < rows.size(); from += CHUNK) {
            List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
            String in = "run_id IN (" + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")";
            Children ch = Children.load(c, in, ps -> {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(i + 1, chunk.get(i).id());
                }
            });
            for (Row r : chunk) {
                out.add(ch.toRun(r));
            }
        }
        return out;
    }

    /** Assembles runs of one study whose children are loaded with one query per child table for the study. */
    static List<Run> assembleStudy(Connection c, long studyId, List<Row> rows) throws SQLException {
        if (rows.size() <= CHUNK) {
            return assemble(c, rows);
        }
        Children ch = Children.load(c, "run_id IN (SELECT id FROM run WHERE study_id = ?)", ps -> ps.setLong(1, studyId));
        List<Run> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(ch.toRun(r));
        }
        return out;
    }

    /** Child rows of a set of runs, grouped by run id. */
    private static final class Children {
        final Map<Long, Map<String, ParamValue>> params = new HashMap<>();
        final Map<Long, TreeMap<Integer, Double>> intermediate = new HashMap<>();
        final Map<Long, Map<String, MetricPoint>> latest = new HashMap<>();
        final Map<Long, Map<String, String>> tags = new HashMap<>();
        final Map<Long, TreeMap<Integer, Double>> vectors = new HashMap<>();

        static Children load(Connection c, String scope, Binder binder) throws SQLException {
            Children ch = new Children();
            query(c, "SELECT run_id, param_name, param_type, numeric_value, int_value, string_value, distribution"
                    + " FROM run_param WHERE " + scope, binder, rs -> {
                        ParamValue p = param(rs);
                        ch.params.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(p.name(), p);
                    });
            query(c, "SELECT run_id, step, intermediate_value FROM trial_intermediate WHERE " + scope, binder,
                    rs -> ch.intermediate.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>())
                            .put(rs.getInt(2), rs.getDouble(3)));
            query(c, "SELECT run_id, metric_name, step, metric_value, logged_ms FROM metric_latest WHERE " + scope,
                    binder, rs -> ch.latest.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
                            .put(rs.getString(2), new MetricPoint(rs.getString(2), rs.getLong(3), rs.getDouble(4),
                                    Instant.ofEpochMilli(rs.getLong(5)))));
            query(c, "SELECT run_id, objective, trial_value FROM trial_value WHERE " + scope, binder,
                    rs -> ch.vectors.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>())
                            .put(rs.getInt(2), rs.getDouble(3)));
            query(c, "SELECT run_id, tag_key, tag_value FROM run_tag WHERE " + scope, binder,
                    rs -> ch.tags.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getString(2), rs.getString(3)));
            return ch;
        }

        Run toRun(Row r) {
            TreeMap<Integer, Double> vector = vectors.get(r.id());
            List<Double> values = vector == null ? dev.hyperforge.search.FrozenTrial.valuesOf(r.value())
                    : List.copyOf(vector.values());
            return Run.of(r.id(), r.studyId(), r.number(), r.state(), values,
                    params.getOrDefault(r.id(), Map.of()), intermediate.getOrDefault(r.id(), new TreeMap<>()),
                    latest.getOrDefault(r.id(), Map.of()), tags.getOrDefault(r.id(), Map.of()), r.note(),
                    instant(r.startedMs()), instant(r.finishedMs()), instant(r.heartbeatMs()), r.error(),
                    r.systemAttrs());
        }
    }

    /** Consumes one result row. */
    @FunctionalInterface
    interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    /** Consumes the one row a step of {@link #walkNames} reads; returns the row's name. */
    @FunctionalInterface
    interface NamedRow {
        String handle(ResultSet rs) throws SQLException;
    }

    /**
     * The first row of each distinct name of a study's rows, in name order, for a table that carries the study with a
     * {@code (study_id, name, ...)} index (schema V7): a walk that reads the first entry of a name and skips to the
     * next, one indexed query per name instead of a pass over every run's rows.
     *
     * @param select the query up to its condition ({@code "SELECT ... FROM table WHERE "})
     * @param column the name column
     */
    static void walkNames(Connection c, String select, String column, long studyId, NamedRow handler)
            throws SQLException {
        // H2 starts a range "name > x" at the first entry of x and steps over all of x's rows; ">= x + NUL" (the
        // least string after x) starts past them. PostgreSQL seeks past x itself (and stores no NUL in text).
        boolean h2 = Vendor.of(c.getMetaData().getURL()) == Vendor.H2;
        String sql = select + "study_id = ? AND " + column + (h2 ? " >= ?" : " > ?") + " ORDER BY study_id, " + column
                + " FETCH FIRST 1 ROWS ONLY";
        String[] after = {""};
        for (boolean more = true; more; ) {
            String from = h2 ? after[0] + '\u0000' : after[0];
            boolean[] read = {false};
            query(c, sql, ps -> {
                ps.setLong(1, studyId);
                ps.setString(2, from);
            }, rs -> {
                after[0] = handler.handle(rs);
                read[0] = true;
            });
            more = read[0];
        }
    }

    static void query(Connection c, String sql, Binder binder, RowHandler handler) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    handler.handle(rs);
                }
            }
        }
    }

    /**
     * Loads one run with its children.
     *
     * @throws java.util.NoSuchElementException when there is no such run
     */
    static Run load(Connection c, long runId) throws SQLException {
        List<Row> rows = new ArrayList<>(1);
        query(c, "SELECT " + RUN_COLUMNS + " FROM run r WHERE r.id = ?", ps -> ps.setLong(1, runId),
                rs -> rows.add(row(rs)));
        if (rows.isEmpty()) {
            throw new java.util.NoSuchElementException("no run with id " + runId);
        }
        return assemble(c, rows).get(0);
    }
}
