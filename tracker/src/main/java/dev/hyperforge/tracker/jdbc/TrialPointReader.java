package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.RunState;
import dev.hyperforge.tracker.TrialPoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link dev.hyperforge.tracker.RunStore#completeTrials}: two set-based queries (the run rows, then the
 * parameters of those runs), no metrics, tags or intermediate values.
 */
final class TrialPointReader {
    private static final String SCOPE = " study_id = ? AND state = '" + RunState.COMPLETE.name()
            + "' AND finished_ms >= ?";

    private record Row(long id, int number, double value, long finishedMs) {
    }

    private TrialPointReader() {
    }

    static List<TrialPoint> read(Connection c, long studyId, long sinceMs) throws SQLException {
        List<Row> rows = new ArrayList<>();
        RunReader.query(c, "SELECT id, trial_number, objective_value, finished_ms FROM run WHERE" + SCOPE
                + " AND objective_value IS NOT NULL ORDER BY trial_number", ps -> bind(ps, studyId, sinceMs),
                rs -> rows.add(new Row(rs.getLong(1), rs.getInt(2), rs.getDouble(3), rs.getLong(4))));
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, Map<String, ParamValue>> params = new HashMap<>();
        RunReader.query(c, "SELECT run_id, param_name, param_type, numeric_value, int_value, string_value,"
                + " distribution FROM run_param WHERE run_id IN (SELECT id FROM run WHERE" + SCOPE + ")",
                ps -> bind(ps, studyId, sinceMs), rs -> {
                    ParamValue p = RunReader.param(rs);
                    params.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(p.name(), p);
                });
        List<TrialPoint> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(new TrialPoint(r.id(), r.number(), r.value(), Instant.ofEpochMilli(r.finishedMs()),
                    params.getOrDefault(r.id(), Map.of())));
        }
        return out;
    }

    private static void bind(java.sql.PreparedStatement ps, long studyId, long sinceMs) throws SQLException {
        ps.setLong(1, studyId);
        ps.setLong(2, sinceMs);
    }
}
