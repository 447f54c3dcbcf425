package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.TableRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link dev.hyperforge.tracker.RunStore#tableRows}: the run rows (final runs along the study's
 * {@code (study_id, state, finished_ms)} index, one range per final state, and the runs not yet final along its
 * prefix), then their parameters and latest metrics: for many runs one range of the study-scoped index of each
 * table with the other runs' rows skipped here, for a few runs by run id.
 */
final class TableRowReader {
    private static final String RUN = "SELECT id, trial_number, state, objective_value, started_ms, finished_ms"
            + " FROM run WHERE study_id = ? AND state = ?";

    private record Row(long id, int number, TrialState state, Double value, Long started, Long finished) {
    }

    private TableRowReader() {
    }

    static List<TableRow> read(Connection c, long studyId, long sinceMs) throws SQLException {
        List<Row> rows = new ArrayList<>();
        for (TrialState s : TrialState.values()) {
            String sql = RUN + (s.isFinished() ? " AND finished_ms >= ?" : "");
            RunReader.query(c, sql, ps -> {
                ps.setLong(1, studyId);
                ps.setString(2, s.name());
                if (s.isFinished()) {
                    ps.setLong(3, sinceMs);
                }
            }, rs -> rows.add(new Row(rs.getLong(1), rs.getInt(2), TrialState.valueOf(rs.getString(3)),
                    RunReader.dbl(rs, 4), RunReader.lng(rs, 5), RunReader.lng(rs, 6))));
        }
        rows.sort(Comparator.comparingInt(Row::number));
        Map<Long, Map<String, ParamValue>> params = new HashMap<>(rows.size() * 2);
        Map<Long, Map<String, Double>> metrics = new HashMap<>(rows.size() * 2);
        for (Row r : rows) {
            params.put(r.id(), new HashMap<>());
            metrics.put(r.id(), new HashMap<>());
        }
        children(c, studyId, rows, "SELECT run_id, param_name, param_type, numeric_value, int_value, string_value,"
                + " distribution FROM run_param WHERE ", rs -> {
                    Map<String, ParamValue> m = params.get(rs.getLong(1));
                    if (m != null) {
                        ParamValue p = RunReader.param(rs);
                        m.put(p.name(), p);
                    }
                });
        children(c, studyId, rows, "SELECT run_id, metric_name, metric_value FROM metric_latest WHERE ", rs -> {
            Map<String, Double> m = metrics.get(rs.getLong(1));
            if (m != null) {
                m.put(rs.getString(2), rs.getDouble(3));
            }
        });
        List<TableRow> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(new TableRow(r.id(), r.number(), r.state(), r.value(), r.started(), r.finished(),
                    params.get(r.id()), metrics.get(r.id())));
        }
        return out;
    }

    /** A child table's rows of these runs: the whole study's range for many runs, by run id for a few. */
    private static void children(Connection c, long studyId, List<Row> rows, String select,
                                 RunReader.RowHandler handler) throws SQLException {
        if (rows.size() > RunReader.CHUNK) {
            RunReader.query(c, select + "study_id = ?", ps -> ps.setLong(1, studyId), handler);
            return;
        }
        if (!rows.isEmpty()) {
            RunReader.query(c, select + "run_id IN (" + String.join(",", Collections.nCopies(rows.size(), "?")) + ")",
                    ps -> {
                        for (int i = 0; i < rows.size(); i++) {
                            ps.setLong(i + 1, rows.get(i).id());
                        }
                    }, handler);
        }
    }
}
