package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.search.storage.StudyStorage;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.Checks;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.TrialValues;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The trial lifecycle and run writes (metrics, tags, note) in SQL, shared by the run API and the search storage contract of {@link JdbcRunStore}: every
 * write takes the time it records ({@code nowMs}) from its caller, so a study's clock, not this machine's, stamps
 * its trials. Trial numbers come from the study row's counter under its lock; run writes lock the run row and
 * check its state first; each method is one transaction.
 */
final class JdbcTrials {
    private final Database db;
    private final StudyDao studies;
    private final ProvenanceDao provenances;
    private final MetricWriter metrics;

    JdbcTrials(Database db, StudyDao studies, ProvenanceDao provenances, MetricWriter metrics) {
        this.db = db;
        this.metrics = metrics;
        this.studies = studies;
        this.provenances = provenances;
    }

    /** A RUNNING trial with the next number, and its provenance when given. */
    Run start(long studyId, long nowMs, Provenance provenance) {
        Long experimentId = experimentOf(provenance);
        return tx("start a run of study " + studyId, c -> {
            int number = studies.claimNumber(c, studyId);
            long runId = RunRows.insertRun(c, studyId, number, TrialState.RUNNING, nowMs, "{}");
            recordProvenance(c, runId, experimentId, provenance);
            return RunReader.load(c, runId);
        });
    }

    /** A WAITING trial with fixed parameters; it takes its number now. */
    Run enqueue(long studyId, Collection<ParamValue> params, String systemAttrsJson) {
        List<ParamValue> copy = List.copyOf(params);
        return tx("enqueue a trial of study " + studyId, c -> {
            int number = studies.claimNumber(c, studyId);
            long runId = RunRows.insertRun(c, studyId, number, TrialState.WAITING, null, systemAttrsJson);
            RunRows.writeParams(c, runId, copy);
            return RunReader.load(c, runId);
        });
    }

    /** Makes the oldest WAITING trial RUNNING, or nothing when none waits. */
    Optional<Run> claimWaiting(long studyId, long nowMs, Provenance provenance) {
        Long experimentId = experimentOf(provenance);
        return tx("claim a waiting trial of study " + studyId, c -> {
            studies.lock(c, studyId);
            Map<TrialState, Integer> n = studies.countByState(c, studyId);
            if (n.getOrDefault(TrialState.WAITING, 0) == 0) {
                return Optional.<Run>empty();
            }
            return Optional.of(claimOldestWaiting(c, studyId, nowMs, experimentId, provenance));
        });
    }

    /** Claims a waiting trial or starts one while fewer than {@code budget} (at least 1) trials are not FAILED. */
    Optional<Run> claimWithinBudget(long studyId, long nowMs, int budget, Provenance provenance) {
        Long experimentId = experimentOf(provenance);
        return tx("claim a trial of study " + studyId + " within its budget of " + budget, c -> {
            studies.lock(c, studyId);
            Map<TrialState, Integer> n = studies.countByState(c, studyId);
            int counted = n.getOrDefault(TrialState.RUNNING, 0) + n.getOrDefault(TrialState.COMPLETE, 0)
                    + n.getOrDefault(TrialState.PRUNED, 0);
            int waiting = n.getOrDefault(TrialState.WAITING, 0);
            if (waiting > 0 && counted < budget) {
                return Optional.of(claimOldestWaiting(c, studyId, nowMs, experimentId, provenance));
            }
            if (counted + waiting >= budget) {
                return Optional.<Run>empty();
            }
            int number = studies.claimNumber(c, studyId);
            long runId = RunRows.insertRun(c, studyId, number, TrialState.RUNNING, nowMs, "{}");
            recordProvenance(c, runId, experimentId, provenance);
            return Optional.of(RunReader.load(c, runId));
        });
    }

    private Run claimOldestWaiting(Connection c, long studyId, long nowMs, Long experimentId, Provenance provenance)
            throws SQLException {
        long[] id = {-1};
        RunReader.query(c, "SELECT id FROM run WHERE study_id = ? AND state = ? ORDER BY trial_number"
                + " FETCH FIRST 1 ROWS ONLY", ps -> {
                    ps.setLong(1, studyId);
                    ps.setString(2, TrialState.WAITING.name());
                }, rs -> id[0] = rs.getLong(1));
        if (RunRows.update(c, "UPDATE run SET state = ?, started_ms = ?, heartbeat_ms = ? WHERE id = ? AND state = ?",
                TrialState.RUNNING.name(), nowMs, nowMs, id[0], TrialState.WAITING.name()) != 1) {
            throw new SQLException("waiting trial " + id[0] + " was claimed concurrently", "40001");
        }
        StateCounts.moved(c, studyId, TrialState.WAITING, TrialState.RUNNING);
        recordProvenance(c, id[0], experimentId, provenance);
        return RunReader.load(c, id[0]);
    }

    /** Sets (adds or replaces) parameters of a RUNNING or WAITING run. */
    void setParams(long runId, Collection<ParamValue> params) {
        List<ParamValue> copy = List.copyOf(params);
        tx("set params of run " + runId, c -> {
            RunRows.lockUnfinished(c, runId, "set parameters");
            RunRows.writeParams(c, runId, copy);
            return null;
        });
    }

    /** Sets the parameters of a RUNNING trial that has none yet, and adds system attributes. */
    Run setTrialParams(long trialId, Collection<ParamValue> params, Map<String, Object> systemAttrs) {
        List<ParamValue> copy = List.copyOf(params);
        return tx("set the parameters of trial " + trialId, c -> {
            RunRows.lockRunning(c, trialId, "set parameters");
            int[] existing = {0};
            RunReader.query(c, "SELECT COUNT(*) FROM run_param WHERE run_id = ?", ps -> ps.setLong(1, trialId),
                    rs -> existing[0] = rs.getInt(1));
            if (existing[0] > 0) {
                throw new IllegalStateException("cannot set parameters: trial " + trialId + " already has "
                        + existing[0] + "; a trial's parameters are set once");
            }
            RunRows.writeParams(c, trialId, copy);
            for (Map.Entry<String, Object> e : systemAttrs.entrySet()) {
                putAttribute(c, trialId, e.getKey(), TrialValues.json(e.getValue()));
            }
            return RunReader.load(c, trialId);
        });
    }

    /** Records an intermediate value of a RUNNING trial (a repeated step overwrites). */
    void reportIntermediate(long runId, long step, double value) {
        if (step < 0) {
            throw new IllegalArgumentException("intermediate step must be >= 0, received " + step);
        }
        tx("report an intermediate value of run " + runId, c -> {
            RunRows.lockRunning(c, runId, "report an intermediate value");
            RunRows.update(c, "DELETE FROM trial_intermediate WHERE run_id = ? AND step = ?", runId, step);
            RunRows.update(c, "INSERT INTO trial_intermediate (run_id, step, intermediate_value) VALUES (?, ?, ?)",
                    runId, step, value);
            return null;
        });
    }

    /** Records that the worker of a RUNNING run is alive. */
    void heartbeat(long runId, long nowMs) {
        tx("heartbeat of run " + runId, c -> {
            int n = RunRows.update(c, "UPDATE run SET heartbeat_ms = ? WHERE id = ? AND state = ?", nowMs, runId,
                    TrialState.RUNNING.name());
            if (n == 0) {
                RunRows.lockRunning(c, runId, "heartbeat");
            }
            return null;
        });
    }

    /**
     * Fails every RUNNING run of a study whose heartbeat (or start) is before {@code cutoffMs} and, if
     * {@code requeue}, queues a WAITING copy of each that has parameters, in the same transaction.
     */
    List<Run> failStale(long studyId, long cutoffMs, long nowMs, String error, boolean requeue) {
        return tx("fail stale runs of study " + studyId, c -> {
            studies.get(c, studyId);
            List<Long> ids = new ArrayList<>();
            RunReader.query(c, "SELECT id FROM run WHERE study_id = ? AND state = ?"
                    + " AND COALESCE(heartbeat_ms, started_ms) < ? FOR UPDATE", ps -> {
                        ps.setLong(1, studyId);
                        ps.setString(2, TrialState.RUNNING.name());
                        ps.setLong(3, cutoffMs);
                    }, rs -> ids.add(rs.getLong(1)));
            List<Run> failed = new ArrayList<>();
            for (long id : ids) {
                int n = RunRows.update(c, "UPDATE run SET state = ?, finished_ms = ?, error_text = ? WHERE id = ?"
                        + " AND state = ? AND COALESCE(heartbeat_ms, started_ms) < ?", TrialState.FAILED.name(), nowMs,
                        error, id, TrialState.RUNNING.name(), cutoffMs);
                if (n == 1) {
                    StateCounts.moved(c, studyId, TrialState.RUNNING, TrialState.FAILED);
                    Run f = RunReader.load(c, id);
                    failed.add(f);
                    if (requeue && !f.params().isEmpty()) {
                        requeue(c, studyId, f);
                    }
                }
            }
            return failed;
        });
    }

    private void requeue(Connection c, long studyId, Run failed) throws SQLException {
        int number = studies.claimNumber(c, studyId);
        long copy = RunRows.insertRun(c, studyId, number, TrialState.WAITING, null,
                "{\"" + StudyStorage.RETRIED_FROM + "\":" + failed.number() + "}");
        RunRows.writeParams(c, copy, failed.params().values());
    }

    /**
     * Moves a run to a final state.
     *
     * @param fromRunningOnly true for the storage contract (only a RUNNING trial finishes); false for the run API,
     *     which also lets a WAITING trial be finished (e.g. failed without running)
     */
    Run finish(long runId, TrialState state, List<Double> values, String error, long nowMs, boolean fromRunningOnly) {
        return tx("finish run " + runId, c -> {
            TrialState from;
            if (fromRunningOnly) {
                RunRows.lockRunning(c, runId, "finish it as " + state);
                from = TrialState.RUNNING;
            } else {
                from = RunRows.lockUnfinished(c, runId, "finish it as " + state);
            }
            RunRows.update(c, "UPDATE run SET state = ?, objective_value = ?, error_text = ?, finished_ms = ?,"
                    + " heartbeat_ms = ? WHERE id = ?", state.name(), values.isEmpty() ? null : values.get(0), error,
                    nowMs, nowMs, runId);
            StateCounts.runMoved(c, runId, from, state);
            if (values.size() > 1) {
                for (int i = 0; i < values.size(); i++) {
                    RunRows.update(c, "INSERT INTO trial_value (run_id, objective, trial_value) VALUES (?, ?, ?)", runId,
                            i, values.get(i));
                }
            }
            return RunReader.load(c, runId);
        });
    }


    /** Sets one system attribute of an unfinished run. */
    void putSystemAttribute(long runId, String key, String jsonValue) {
        tx("set system attribute of run " + runId, c -> {
            RunRows.lockUnfinished(c, runId, "set a system attribute");
            putAttribute(c, runId, key, jsonValue);
            return null;
        });
    }

    private static void putAttribute(Connection c, long runId, String key, String jsonValue) throws SQLException {
        String[] current = {null};
        RunReader.query(c, "SELECT system_attrs FROM run WHERE id = ?", ps -> ps.setLong(1, runId),
                rs -> current[0] = rs.getString(1));
        RunRows.update(c, "UPDATE run SET system_attrs = ? WHERE id = ?", Json.put(current[0], key, jsonValue), runId);
    }

    private Long experimentOf(Provenance provenance) {
        return provenance == null ? null : provenances.saveExperiment(provenance.experimentText()).id();
    }

    private void recordProvenance(Connection c, long runId, Long experimentId, Provenance provenance)
            throws SQLException {
        if (provenance != null) {
            provenances.insert(c, runId, experimentId, provenance);
        }
    }

    void logMetrics(long runId, List<MetricPoint> points) {
        List<MetricPoint> copy = List.copyOf(points);
        if (copy.isEmpty()) {
            return;
        }
        tx("log " + copy.size() + " metric points of run " + runId, c -> {
            RunRows.lockRunning(c, runId, "log metrics");
            metrics.write(c, runId, copy);
            return null;
        });
    }

    void setTag(long runId, String key, String value) {
        Checks.name("tag key", key, 200);
        Objects.requireNonNull(value, "tag value");
        if (value.length() > 1000) {
            throw new IllegalArgumentException("tag '" + key + "' value longer than 1000 characters");
        }
        tx("tag run " + runId, c -> {
            RunRows.lockAny(c, runId);
            RunRows.update(c, "DELETE FROM run_tag WHERE run_id = ? AND tag_key = ?", runId, key);
            RunRows.update(c, "INSERT INTO run_tag (run_id, tag_key, tag_value) VALUES (?, ?, ?)", runId, key, value);
            return null;
        });
    }

    void setNote(long runId, String note) {
        tx("set the note of run " + runId, c -> {
            RunRows.lockAny(c, runId);
            RunRows.update(c, "UPDATE run SET note = ? WHERE id = ?", note, runId);
            return null;
        });
    }

    private <T> T tx(String what, Tx.Work<T> work) {
        return Tx.run(db, what, work);
    }
}
