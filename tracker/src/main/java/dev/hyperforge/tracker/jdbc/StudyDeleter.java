package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyDeletion;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes a study and every row that hangs on it, in one transaction under the study's row lock (which trial
 * claims take too, so no trial starts meanwhile). Children go before their parents, so the foreign keys hold at
 * every statement on H2 and PostgreSQL alike.
 */
final class StudyDeleter {
    /** Tables keyed by run id, deleted with one statement each (children of {@code run}). */
    private static final List<String> RUN_TABLES = List.of("metric", "metric_latest", "trial_intermediate", "trial_value", "run_param",
            "run_tag", "artifact", "run_provenance");
    private static final String RUNS_OF_STUDY = "(SELECT id FROM run WHERE study_id = ?)";
    private final Database db;
    private final StudyDao studies;

    StudyDeleter(Database db, StudyDao studies) {
        this.db = db;
        this.studies = studies;
    }

    StudyDeletion delete(long studyId, boolean force) {
        return Tx.run(db, "delete study " + studyId, c -> {
            String name = studies.get(c, studyId).name();
            studies.lock(c, studyId);
            List<Long> running = runIds(c, studyId, "SELECT id FROM run WHERE study_id = ? AND state = ? ORDER BY id");
            if (!running.isEmpty() && !force) {
                throw new IllegalStateException("study '" + name + "' has " + running.size() + " RUNNING trial(s) (runs "
                        + running + "); stop their workers first, or force the deletion");
            }
            List<Long> runIds = runIds(c, studyId, "SELECT id FROM run WHERE study_id = ? ORDER BY id");
            long metrics = count(c, "SELECT COUNT(*) FROM metric WHERE run_id IN " + RUNS_OF_STUDY, studyId);
            long artifacts = count(c, "SELECT COUNT(*) FROM artifact WHERE run_id IN " + RUNS_OF_STUDY, studyId);
            RunRows.update(c, "DELETE FROM ensemble_member WHERE ensemble_id IN (SELECT id FROM ensemble WHERE study_id = ?)"
                    + " OR run_id IN " + RUNS_OF_STUDY, studyId, studyId);
            RunRows.update(c, "DELETE FROM ensemble WHERE study_id = ?", studyId);
            for (String table : RUN_TABLES) {
                RunRows.update(c, "DELETE FROM " + table + " WHERE run_id IN " + RUNS_OF_STUDY, studyId);
            }
            RunRows.update(c, "DELETE FROM run WHERE study_id = ?", studyId);
            StateCounts.deleteStudy(c, studyId);
            RunRows.update(c, "DELETE FROM study_attr WHERE study_id = ?", studyId);
            RunRows.update(c, "DELETE FROM study_view WHERE study_id = ?", studyId);
            RunRows.update(c, "DELETE FROM study WHERE id = ?", studyId);
            return new StudyDeletion(name, runIds, metrics, (int) artifacts);
        });
    }

    private static List<Long> runIds(Connection c, long studyId, String sql) throws SQLException {
        List<Long> out = new ArrayList<>();
        RunReader.query(c, sql, ps -> {
            ps.setLong(1, studyId);
            if (sql.contains("state")) {
                ps.setString(2, TrialState.RUNNING.name());
            }
        }, rs -> out.add(rs.getLong(1)));
        return out;
    }

    private static long count(Connection c, String sql, long studyId) throws SQLException {
        long[] n = {0};
        RunReader.query(c, sql, ps -> ps.setLong(1, studyId), rs -> n[0] = rs.getLong(1));
        return n[0];
    }
}
