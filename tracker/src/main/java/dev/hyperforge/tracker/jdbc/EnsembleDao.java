package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.EnsembleRecord;
import dev.hyperforge.tracker.EnsembleSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Saved ensembles: the {@code ensemble} row and its {@code ensemble_member} rows (schema version 3). */
final class EnsembleDao {
    private static final String COLUMNS = "id, study_id, ensemble_name, method_name, metric_name, metric_value,"
            + " best_single_value, details, created_ms";
    private final Database db;
    private final Clock clock;
    private final StudyDao studies;

    EnsembleDao(Database db, Clock clock, StudyDao studies) {
        this.db = db;
        this.clock = clock;
        this.studies = studies;
    }

    EnsembleRecord save(long studyId, EnsembleSpec spec) {
        return Tx.run(db, "save ensemble '" + spec.name() + "' of study " + studyId, true, c -> {
            studies.lock(c, studyId);
            checkMembers(c, studyId, spec.memberRunIds());
            delete(c, studyId, spec.name());
            long id = insertHead(c, studyId, spec);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ensemble_member (ensemble_id, member_index,"
                    + " run_id, weight) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < spec.memberRunIds().size(); i++) {
                    RunRows.bindAll(ps, id, i, spec.memberRunIds().get(i), spec.weights().get(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return load(c, "e.id = ?", id).get(0);
        });
    }

    private long insertHead(Connection c, long studyId, EnsembleSpec spec) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ensemble (study_id, ensemble_name, method_name,"
                + " metric_name, metric_value, best_single_value, details, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            RunRows.bindAll(ps, studyId, spec.name(), spec.method(), spec.metricName(), spec.metricValue());
            if (spec.bestSingleValue() == null) {
                ps.setNull(6, Types.DOUBLE);
            } else {
                ps.setDouble(6, spec.bestSingleValue());
            }
            ps.setString(7, spec.detailsJson());
            ps.setLong(8, clock.millis());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    List<EnsembleRecord> list(long studyId) {
        return Tx.run(db, "list ensembles of study " + studyId, c -> {
            studies.get(c, studyId);
            return load(c, "e.study_id = ?", studyId);
        });
    }

    Optional<EnsembleRecord> find(long studyId, String name) {
        return Tx.run(db, "find ensemble '" + name + "' of study " + studyId, c -> {
            studies.get(c, studyId);
            return load(c, "e.study_id = ? AND e.ensemble_name = ?", studyId, name).stream().findFirst();
        });
    }

    boolean delete(long studyId, String name) {
        return Tx.run(db, "delete ensemble '" + name + "' of study " + studyId, c -> {
            studies.lock(c, studyId);
            return delete(c, studyId, name);
        });
    }

    private static boolean delete(Connection c, long studyId, String name) throws SQLException {
        RunRows.update(c, "DELETE FROM ensemble_member WHERE ensemble_id IN (SELECT id FROM ensemble WHERE study_id = ?"
                + " AND ensemble_name = ?)", studyId, name);
        return RunRows.update(c, "DELETE FROM ensemble WHERE study_id = ? AND ensemble_name = ?", studyId, name) > 0;
    }

    private static void checkMembers(Connection c, long studyId, List<Long> runIds) throws SQLException {
        for (long runId : runIds) {
            Long[] owner = {null};
            RunReader.query(c, "SELECT study_id FROM run WHERE id = ?", ps -> ps.setLong(1, runId),
                    rs -> owner[0] = rs.getLong(1));
            if (owner[0] == null) {
                throw new IllegalArgumentException("no run with id " + runId);
            }
            if (owner[0] != studyId) {
                throw new IllegalArgumentException("run " + runId + " belongs to study " + owner[0] + ", not to study "
                        + studyId + "; ensemble members must be runs of the ensemble's study");
            }
        }
    }

    private record Head(long id, long studyId, String name, String method, String metric, double value, Double best,
                        String details, long createdMs) {
    }

    private static List<EnsembleRecord> load(Connection c, String where, Object... args) throws SQLException {
        Map<Long, Head> heads = new LinkedHashMap<>();
        RunReader.query(c, "SELECT " + COLUMNS + " FROM ensemble e WHERE " + where + " ORDER BY e.ensemble_name",
                ps -> RunRows.bindAll(ps, args), rs -> heads.put(rs.getLong(1), new Head(rs.getLong(1), rs.getLong(2),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getDouble(6), RunReader.dbl(rs, 7),
                        rs.getString(8), rs.getLong(9))));
        Map<Long, List<Long>> runs = new HashMap<>();
        Map<Long, List<Double>> weights = new HashMap<>();
        RunReader.query(c, "SELECT m.ensemble_id, m.run_id, m.weight FROM ensemble_member m JOIN ensemble e"
                + " ON e.id = m.ensemble_id WHERE " + where + " ORDER BY m.ensemble_id, m.member_index",
                ps -> RunRows.bindAll(ps, args), rs -> {
                    runs.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
                    weights.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getDouble(3));
                });
        List<EnsembleRecord> out = new ArrayList<>(heads.size());
        for (Head h : heads.values()) {
            EnsembleSpec spec = new EnsembleSpec(h.name(), h.method(), runs.get(h.id()), weights.get(h.id()),
                    h.metric(), h.value(), h.best(), h.details());
            out.add(new EnsembleRecord(h.id(), h.studyId(), spec, Instant.ofEpochMilli(h.createdMs())));
        }
        return out;
    }
}
