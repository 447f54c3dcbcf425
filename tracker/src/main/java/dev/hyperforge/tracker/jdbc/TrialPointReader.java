package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.ParamType;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.TrialPoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link dev.hyperforge.tracker.RunStore#completeTrials}: two set-based queries (the run rows, then the
 * parameters of those runs), no metrics, tags or intermediate values.
 */
final class TrialPointReader {
    private static final String SCOPE = " study_id = ? AND state = '" + TrialState.COMPLETE.name()
            + "' AND finished_ms >= ?";

    private static final String PARAMS = "SELECT run_id, param_name, param_type, numeric_value, int_value,"
            + " string_value, distribution FROM run_param WHERE ";

    private static final String BY_ID = "SELECT p.run_id, p.param_name, p.param_type, p.numeric_value, p.int_value,"
            + " p.string_value, p.distribution FROM run_param p JOIN (VALUES ";

    private record Row(long id, int number, double value, long finishedMs) {
    }

    private TrialPointReader() {
    }

    static List<TrialPoint> read(Connection c, long studyId, long sinceMs) throws SQLException {
        List<Row> rows = rows(c, studyId, sinceMs);
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, Map<String, ParamValue>> params = rows.size() > RunReader.CHUNK
                ? studyParams(c, studyId, rows.stream().map(Row::id).collect(java.util.stream.Collectors.toSet()))
                : paramsOf(c, rows.stream().map(Row::id).toList());
        List<TrialPoint> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(new TrialPoint(r.id(), r.number(), r.value(), Instant.ofEpochMilli(r.finishedMs()),
                    params.getOrDefault(r.id(), Map.of())));
        }
        return out;
    }

    /** As {@link #read} without the parameters: the run rows alone, along {@code (study_id, state, finished_ms)}. */
    static List<TrialPoint> readValues(Connection c, long studyId, long sinceMs) throws SQLException {
        List<Row> rows = rows(c, studyId, sinceMs);
        List<TrialPoint> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(new TrialPoint(r.id(), r.number(), r.value(), Instant.ofEpochMilli(r.finishedMs()), Map.of()));
        }
        return out;
    }

    /** The COMPLETE runs with a value finished since {@code sinceMs}, by number (sorted here, not by the query). */
    private static List<Row> rows(Connection c, long studyId, long sinceMs) throws SQLException {
        List<Row> rows = new ArrayList<>();
        RunReader.query(c, "SELECT id, trial_number, objective_value, finished_ms FROM run WHERE" + SCOPE
                + " AND objective_value IS NOT NULL", ps -> bind(ps, studyId, sinceMs),
                rs -> rows.add(new Row(rs.getLong(1), rs.getInt(2), rs.getDouble(3), rs.getLong(4))));
        rows.sort(java.util.Comparator.comparingInt(Row::number));
        return rows;
    }

    /**
     * Parameters of runs by their ids (the primary key), {@link RunReader#CHUNK} ids per query, in id order. The ids
     * are joined as a list of values rather than tested with {@code IN}: H2 then looks each id up in the key once
     * instead of also comparing every row read with the whole list (about twice as fast for 2 000 runs).
     */
    static Map<Long, Map<String, ParamValue>> paramsOf(Connection c, List<Long> unordered) throws SQLException {
        Map<Long, Map<String, ParamValue>> params = new HashMap<>();
        List<Long> ids = unordered.stream().sorted().toList();
        for (int from = 0; from < ids.size(); from += RunReader.CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + RunReader.CHUNK));
            String values = String.join(",", Collections.nCopies(chunk.size(), "(CAST(? AS BIGINT))"));
            RunReader.query(c, BY_ID + values + ") v (id) ON p.run_id = v.id", ps -> {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(i + 1, chunk.get(i));
                }
            }, rs -> add(params, rs));
        }
        return params;
    }

    /**
     * One stored parameter per name of the study's runs, by name: {@link RunReader#walkNames} along the study-scoped
     * {@code (study_id, param_name, numeric_value)} index.
     */
    static Map<String, ParamValue> examples(Connection c, long studyId) throws SQLException {
        Map<String, ParamValue> out = new java.util.TreeMap<>();
        RunReader.walkNames(c, PARAMS, "param_name", studyId, rs -> {
            ParamValue p = RunReader.param(rs);
            out.put(p.name(), p);
            return p.name();
        });
        return out;
    }

    /**
     * {@link dev.hyperforge.tracker.RunLog#sampledParams}: the rows of the study whose sample key is at most
     * {@code maxKey}, one range of the {@code (study_id, sample_key, ...)} index (schema V10), which on H2 also holds
     * every column read here, so that no row is looked up; the distributions come from {@link #examples}.
     */
    static Map<Long, Map<String, ParamValue>> sampled(Connection c, long studyId, long maxKey) throws SQLException {
        Map<String, ParamValue> examples = examples(c, studyId);
        Map<Long, Map<String, ParamValue>> params = new HashMap<>();
        RunReader.query(c, "SELECT run_id, param_name, param_type, numeric_value, int_value, string_value"
                + " FROM run_param WHERE study_id = ? AND sample_key <= ?", ps -> {
                    ps.setLong(1, studyId);
                    ps.setLong(2, maxKey);
                }, rs -> {
                    String name = rs.getString(2);
                    ParamType type = ParamType.valueOf(rs.getString(3));
                    ParamValue example = examples.get(name);
                    ParamValue p = new ParamValue(name, type, type == ParamType.FLOAT ? rs.getDouble(4) : null,
                            type == ParamType.INT ? rs.getLong(5) : null, type == ParamType.STRING ? rs.getString(6) : null,
                            example == null ? "{}" : example.distributionJson());
                    params.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(name, p);
                });
        return params;
    }

    /**
     * Parameters of many runs: one range of the study-scoped index (schema V7) over all of the study's parameters,
     * those of other runs (not COMPLETE, or finished earlier) skipped here, rather than a semi-join per run.
     */
    private static Map<Long, Map<String, ParamValue>> studyParams(Connection c, long studyId, java.util.Set<Long> wanted) throws SQLException {
        Map<Long, Map<String, ParamValue>> params = new HashMap<>(wanted.size() * 2);
        RunReader.query(c, PARAMS + "study_id = ?", ps -> ps.setLong(1, studyId), rs -> {
            if (wanted.contains(rs.getLong(1))) {
                add(params, rs);
            }
        });
        return params;
    }

    private static void add(Map<Long, Map<String, ParamValue>> params, java.sql.ResultSet rs) throws SQLException {
        ParamValue p = RunReader.param(rs);
        params.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(p.name(), p);
    }

    private static void bind(java.sql.PreparedStatement ps, long studyId, long sinceMs) throws SQLException {
        ps.setLong(1, studyId);
        ps.setLong(2, sinceMs);
    }
}
