package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.MetricPoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a batch of metric points with multi-row INSERT statements (one per 1000 points, so a typical batch is
 * one statement), and keeps {@code metric_latest} (one row per run and
 * metric) up to date with one batched UPDATE and one batched INSERT. The caller holds the run's row lock.
 */
final class MetricWriter {
    /** Points per multi-row INSERT (5 000 parameters; PostgreSQL allows 32 767). H2 caches the parsed statement. */
    static final int ROWS_PER_STATEMENT = 1000;

    void write(Connection c, long runId, List<MetricPoint> points) throws SQLException {
        int full = points.size() / ROWS_PER_STATEMENT;
        if (full > 0) {
            try (PreparedStatement ins = c.prepareStatement(insertSql(ROWS_PER_STATEMENT))) {
                for (int k = 0; k < full; k++) {
                    bindRows(ins, runId, points.subList(k * ROWS_PER_STATEMENT, (k + 1) * ROWS_PER_STATEMENT));
                    ins.executeUpdate();
                }
            }
        }
        List<MetricPoint> rest = points.subList(full * ROWS_PER_STATEMENT, points.size());
        if (!rest.isEmpty()) {
            try (PreparedStatement ins = c.prepareStatement(insertSql(rest.size()))) {
                bindRows(ins, runId, rest);
                ins.executeUpdate();
            }
        }
        updateLatest(c, runId, lastPerName(points));
    }

    private static String insertSql(int rows) {
        return "INSERT INTO metric (run_id, metric_name, step, metric_value, logged_ms) VALUES "
                + String.join(", ", java.util.Collections.nCopies(rows, "(?, ?, ?, ?, ?)"));
    }

    private static void bindRows(PreparedStatement ps, long runId, List<MetricPoint> rows) throws SQLException {
        int i = 1;
        for (MetricPoint p : rows) {
            ps.setLong(i++, runId);
            ps.setString(i++, p.name());
            ps.setLong(i++, p.step());
            ps.setDouble(i++, p.value());
            ps.setLong(i++, p.time().toEpochMilli());
        }
    }

    private static Map<String, MetricPoint> lastPerName(List<MetricPoint> points) {
        Map<String, MetricPoint> last = new LinkedHashMap<>();
        for (MetricPoint p : points) {
            last.merge(p.name(), p, (old, neu) -> neu.step() >= old.step() ? neu : old);
        }
        return last;
    }

    private static void updateLatest(Connection c, long runId, Map<String, MetricPoint> last) throws SQLException {
        Map<String, Long> stored = new HashMap<>();
        RunReader.query(c, "SELECT metric_name, step FROM metric_latest WHERE run_id = ?", ps -> ps.setLong(1, runId),
                rs -> stored.put(rs.getString(1), rs.getLong(2)));
        List<MetricPoint> updates = new ArrayList<>();
        List<MetricPoint> inserts = new ArrayList<>();
        for (MetricPoint p : last.values()) {
            Long step = stored.get(p.name());
            if (step == null) {
                inserts.add(p);
            } else if (p.step() >= step) {
                updates.add(p);
            }
        }
        batch(c, "UPDATE metric_latest SET step = ?, metric_value = ?, logged_ms = ? WHERE run_id = ? AND metric_name = ?",
                updates, (ps, p) -> RunRows.bindAll(ps, p.step(), p.value(), p.time().toEpochMilli(), runId, p.name()));
        batch(c, "INSERT INTO metric_latest (run_id, study_id, metric_name, step, metric_value, logged_ms) VALUES (?, "
                + RunRows.STUDY_OF_RUN + ", ?, ?, ?, ?)", inserts,
                (ps, p) -> RunRows.bindAll(ps, runId, runId, p.name(), p.step(), p.value(), p.time().toEpochMilli()));
    }

    /** Binds one point. */
    @FunctionalInterface
    private interface PointBinder {
        void bind(PreparedStatement ps, MetricPoint p) throws SQLException;
    }

    private static void batch(Connection c, String sql, List<MetricPoint> points, PointBinder binder) throws SQLException {
        if (points.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (MetricPoint p : points) {
                binder.bind(ps, p);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    List<MetricPoint> history(Connection c, long runId, String name) throws SQLException {
        List<MetricPoint> out = new ArrayList<>();
        RunReader.query(c, "SELECT metric_name, step, metric_value, logged_ms FROM metric WHERE run_id = ?"
                + " AND metric_name = ? ORDER BY step, logged_ms", ps -> {
                    ps.setLong(1, runId);
                    ps.setString(2, name);
                }, rs -> out.add(new MetricPoint(rs.getString(1), rs.getLong(2), rs.getDouble(3),
                        Instant.ofEpochMilli(rs.getLong(4)))));
        return out;
    }
}
