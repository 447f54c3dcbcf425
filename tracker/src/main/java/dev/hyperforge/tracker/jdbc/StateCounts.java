package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.search.TrialState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;

/**
 * The per-study, per-state run counts of {@code study_state_count} (schema V8), kept in the same transaction as
 * every run insert, state change and study deletion, so a study's counts are read by key instead of by walking its
 * runs. A study gets a zero row for every state when it is created, so writers only update existing rows; the rows
 * of one change are updated in state-name order, so two writers take the row locks in the same order.
 */
final class StateCounts {
    private StateCounts() {
    }

    /** Creates the study's zero rows (with the study's insert). */
    static void create(Connection c, long studyId) throws SQLException {
        for (TrialState s : TrialState.values()) {
            RunRows.update(c, "INSERT INTO study_state_count (study_id, state, run_count) VALUES (?, ?, 0)", studyId,
                    s.name());
        }
    }

    /** A run of the study was inserted in state {@code to}. */
    static void added(Connection c, long studyId, TrialState to) throws SQLException {
        add(c, studyId, to, 1);
    }

    /** {@code n} runs of the study were inserted in state {@code to} (a bulk insert). */
    static void added(Connection c, long studyId, TrialState to, long n) throws SQLException {
        add(c, studyId, to, n);
    }

    /** A run of the study moved from {@code from} to {@code to} (nothing when they are equal). */
    static void moved(Connection c, long studyId, TrialState from, TrialState to) throws SQLException {
        if (from == to) {
            return;
        }
        boolean fromFirst = from.name().compareTo(to.name()) < 0;
        add(c, studyId, fromFirst ? from : to, fromFirst ? -1 : 1);
        add(c, studyId, fromFirst ? to : from, fromFirst ? 1 : -1);
    }

    /** As {@link #moved(Connection, long, TrialState, TrialState)} for a run whose study is not at hand. */
    static void runMoved(Connection c, long runId, TrialState from, TrialState to) throws SQLException {
        long[] study = {-1};
        RunReader.query(c, "SELECT study_id FROM run WHERE id = ?", ps -> ps.setLong(1, runId),
                rs -> study[0] = rs.getLong(1));
        moved(c, study[0], from, to);
    }

    /** The study's counts (states without runs absent). */
    static Map<TrialState, Long> of(Connection c, long studyId) throws SQLException {
        Map<TrialState, Long> out = new EnumMap<>(TrialState.class);
        RunReader.query(c, "SELECT state, run_count FROM study_state_count WHERE study_id = ?",
                ps -> ps.setLong(1, studyId), rs -> {
                    if (rs.getLong(2) != 0) {
                        out.put(TrialState.valueOf(rs.getString(1)), rs.getLong(2));
                    }
                });
        return out;
    }

    /** Removes the study's rows (with the study). */
    static void deleteStudy(Connection c, long studyId) throws SQLException {
        RunRows.update(c, "DELETE FROM study_state_count WHERE study_id = ?", studyId);
    }

    private static void add(Connection c, long studyId, TrialState state, long delta) throws SQLException {
        int n = RunRows.update(c, "UPDATE study_state_count SET run_count = run_count + ? WHERE study_id = ?"
                + " AND state = ?", delta, studyId, state.name());
        if (n == 0) {
            // a state added after the study was created: count it from the runs (the insert's row is in them)
            RunRows.update(c, "INSERT INTO study_state_count (study_id, state, run_count) SELECT ?, ?, COUNT(*)"
                    + " FROM run WHERE study_id = ? AND state = ?", studyId, state.name(), studyId, state.name());
        }
    }
}
