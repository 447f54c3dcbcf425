package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.ArtifactKind;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.SampleKey;
import dev.hyperforge.search.TrialState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Row-level statements of {@link JdbcRunStore}: run inserts, parameter writes, run row locks, binding. */
final class RunRows {
    /**
     * The study of the run bound to this placeholder: the per-run rows of {@code metric_latest} and
     * {@code run_param} carry it (schema V7) so that a study's reads use study-scoped indexes.
     */
    static final String STUDY_OF_RUN = "(SELECT study_id FROM run WHERE id = ?)";

    private RunRows() {
    }

    static long insertRun(Connection c, long studyId, int number, TrialState state, Long now, String attrs)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO run (study_id, trial_number, state, started_ms,"
                + " heartbeat_ms, system_attrs) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            bindAll(ps, studyId, number, state.name(), now, now, attrs);
            ps.executeUpdate();
            long id;
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            StateCounts.added(c, studyId, state);
            return id;
        }
    }

    static void writeParams(Connection c, long runId, Collection<ParamValue> params) throws SQLException {
        Map<String, ParamValue> unique = new HashMap<>();
        params.forEach(p -> unique.put(p.name(), p));
        try (PreparedStatement del = c.prepareStatement("DELETE FROM run_param WHERE run_id = ? AND param_name = ?");
             PreparedStatement ins = c.prepareStatement("INSERT INTO run_param (run_id, study_id, param_name,"
                     + " param_type, numeric_value, int_value, string_value, distribution, sample_key) VALUES (?, "
                     + STUDY_OF_RUN + ", ?, ?, ?, ?, ?, ?, ?)")) {
            for (ParamValue p : unique.values()) {
                bindAll(del, runId, p.name());
                del.addBatch();
                bindAll(ins, runId, runId, p.name(), p.type().name(), p.numericValue(), p.intValue(), p.stringValue(),
                        p.distributionJson(), SampleKey.of(runId));
                ins.addBatch();
            }
            if (!unique.isEmpty()) {
                del.executeBatch();
                ins.executeBatch();
            }
        }
    }

    static TrialState lockAny(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM run WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new java.util.NoSuchElementException("no run with id " + runId);
                }
                return TrialState.valueOf(rs.getString(1));
            }
        }
    }

    static void requireRun(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM run WHERE id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new java.util.NoSuchElementException("no run with id " + runId);
                }
            }
        }
    }

    static TrialState lockUnfinished(Connection c, long runId, String action) throws SQLException {
        TrialState state = lockAny(c, runId);
        if (state.isFinished()) {
            throw new IllegalStateException("cannot " + action + ": run " + runId + " is " + state
                    + " and finished runs are immutable; start a new run instead");
        }
        return state;
    }

    static void lockRunning(Connection c, long runId, String action) throws SQLException {
        TrialState state = lockUnfinished(c, runId, action);
        if (state != TrialState.RUNNING) {
            throw new IllegalStateException("cannot " + action + ": run " + runId + " is " + state
                    + ", not RUNNING; claim it first with claimWaiting");
        }
    }

    static List<Artifact> artifactsOf(Connection c, long runId, String name) throws SQLException {
        List<Artifact> out = new ArrayList<>();
        String sql = "SELECT id, run_id, artifact_name, kind, media_type, sha256, size_bytes, created_ms, store_url FROM artifact"
                + " WHERE run_id = ?" + (name == null ? "" : " AND artifact_name = ?") + " ORDER BY artifact_name";
        RunReader.query(c, sql, ps -> {
            ps.setLong(1, runId);
            if (name != null) {
                ps.setString(2, name);
            }
        }, rs -> out.add(new Artifact(rs.getLong(1), rs.getLong(2), rs.getString(3), ArtifactKind.valueOf(rs.getString(4)),
                rs.getString(5), rs.getString(6), rs.getLong(7), RunReader.instant(rs.getLong(8)),
                rs.getString(9) == null ? Artifact.IN_ROW : rs.getString(9))));
        return out;
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindAll(ps, args);
            return ps.executeUpdate();
        }
    }

    static void bindAll(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            int idx = i + 1;
            if (a == null) {
                ps.setNull(idx, Types.NULL);
            } else if (a instanceof Long l) {
                ps.setLong(idx, l);
            } else if (a instanceof Integer n) {
                ps.setInt(idx, n);
            } else if (a instanceof Double d) {
                ps.setDouble(idx, d);
            } else if (a instanceof Boolean b) {
                ps.setBoolean(idx, b);
            } else if (a instanceof byte[] bytes) {
                ps.setBytes(idx, bytes);
            } else {
                ps.setString(idx, (String) a);
            }
        }
    }
}
