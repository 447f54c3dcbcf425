package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.FinishedRun;
import dev.hyperforge.tracker.Provenance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Records runs that are already over, many per transaction: the same rows as a start, a parameter write, a metric
 * batch and a finish of each run (run row, provenance, {@code run_param}, {@code metric}, {@code metric_latest},
 * {@code study_state_count}), through the same row writers, with the study's trial numbers claimed once for the
 * whole batch. One commit per batch instead of five per run is what makes a 100 000-run study fill in minutes.
 */
final class BulkRuns {
    private final Database db;
    private final StudyDao studies;
    private final ProvenanceDao provenances;
    private final MetricWriter metrics;

    BulkRuns(Database db, StudyDao studies, ProvenanceDao provenances, MetricWriter metrics) {
        this.db = db;
        this.studies = studies;
        this.provenances = provenances;
        this.metrics = metrics;
    }

    /** Writes the runs in one transaction, numbered consecutively in list order; returns their ids. */
    List<Long> record(long studyId, Provenance provenance, List<FinishedRun> runs) {
        List<FinishedRun> copy = List.copyOf(runs);
        long experimentId = provenances.saveExperiment(provenance.experimentText()).id();
        return Tx.run(db, "record " + copy.size() + " finished runs of study " + studyId, c -> {
            int first = studies.claimNumbers(c, studyId, copy.size());
            List<Long> ids = new ArrayList<>(copy.size());
            Map<TrialState, Integer> added = new EnumMap<>(TrialState.class);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO run (study_id, trial_number, state,"
                    + " objective_value, started_ms, finished_ms, heartbeat_ms, system_attrs) VALUES (?, ?, ?, ?, ?, ?,"
                    + " ?, '{}')", Statement.RETURN_GENERATED_KEYS)) {
                for (int i = 0; i < copy.size(); i++) {
                    FinishedRun r = copy.get(i);
                    long id = insert(ins, studyId, first + i, r);
                    provenances.insert(c, id, experimentId, provenance);
                    RunRows.writeParams(c, id, r.params());
                    if (!r.metrics().isEmpty()) {
                        metrics.write(c, id, r.metrics());
                    }
                    added.merge(r.state(), 1, Integer::sum);
                    ids.add(id);
                }
            }
            for (Map.Entry<TrialState, Integer> e : added.entrySet()) {
                StateCounts.added(c, studyId, e.getKey(), e.getValue());
            }
            return ids;
        });
    }

    private static long insert(PreparedStatement ins, long studyId, int number, FinishedRun r) throws SQLException {
        long finished = r.finished().toEpochMilli();
        RunRows.bindAll(ins, studyId, number, r.state().name(), r.value(), r.started().toEpochMilli(), finished,
                finished);
        ins.executeUpdate();
        try (ResultSet keys = ins.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }
}
