package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.ArtifactKind;
import dev.hyperforge.tracker.Checks;
import dev.hyperforge.tracker.EnsembleRecord;
import dev.hyperforge.tracker.EnsembleSpec;
import dev.hyperforge.tracker.ExperimentRecord;
import dev.hyperforge.tracker.Hashing;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunPage;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.StudySummary;
import dev.hyperforge.tracker.TrialPoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link RunStore} over JDBC (H2 2.x or PostgreSQL). Safe for many threads and many processes sharing one
 * database: trial numbers come from a counter on the study row, incremented under its row lock; mutations of
 * a run lock the run row first ({@code SELECT ... FOR UPDATE}) and check it is not finished; every call is
 * one transaction, retried on lock conflicts and deadlocks.
 *
 * <pre>{@code
 * try (Database db = Database.open("jdbc:h2:tcp://localhost:9092/hyperforge")) {
 *     RunStore store = new JdbcRunStore(db);
 *     Run run = store.startRun(store.createOrGetStudy(spec).id(), provenance);
 *     store.logMetrics(run.id(), points);
 * }
 * }</pre>
 */
public final class JdbcRunStore implements RunStore {
    private final Database db;
    private final Clock clock;
    private final StudyDao studies;
    private final ProvenanceDao provenances;
    private final MetricWriter metrics;
    private final EnsembleDao ensembles;

    /**
     * A store over an open database, using the system clock.
     *
     * @param db the database (not closed by {@link #close()})
     */
    public JdbcRunStore(Database db) {
        this(db, Clock.systemUTC());
    }

    /**
     * A store over an open database with a given clock (tests use a settable clock for heartbeats).
     *
     * @param db the database (not closed by {@link #close()})
     * @param clock source of timestamps
     */
    public JdbcRunStore(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.studies = new StudyDao(db, clock);
        this.provenances = new ProvenanceDao(db, clock);
        this.metrics = new MetricWriter();
        this.ensembles = new EnsembleDao(db, clock, studies);
    }

    /** @return the database this store writes to */
    public Database database() {
        return db;
    }

    @Override
    public ExperimentRecord saveExperiment(String fileText) {
        return provenances.saveExperiment(fileText);
    }

    @Override
    public ExperimentRecord experiment(long experimentId) {
        return provenances.experiment(experimentId);
    }

    @Override
    public StudyRecord createOrGetStudy(StudySpec spec, Long experimentId) {
        return studies.createOrGet(spec, experimentId);
    }

    @Override
    public Optional<StudyRecord> findStudy(String name) {
        return studies.find(name);
    }

    @Override
    public StudyRecord study(long studyId) {
        return studies.get(studyId);
    }

    @Override
    public List<StudySummary> listStudies() {
        return studies.list();
    }

    @Override
    public StudySummary studySummary(long studyId) {
        return studies.summary(studyId);
    }

    @Override
    public List<TrialPoint> completeTrials(long studyId, java.time.Instant finishedSince) {
        return tx("read complete trials of study " + studyId, c -> {
            studies.get(c, studyId);
            return TrialPointReader.read(c, studyId, finishedSince.toEpochMilli());
        });
    }

    @Override
    public void saveSamplerState(long studyId, byte[] state) {
        studies.saveSamplerState(studyId, state);
    }

    @Override
    public Optional<byte[]> loadSamplerState(long studyId) {
        return studies.loadSamplerState(studyId);
    }

    @Override
    public void setStudyAttribute(long studyId, String key, String jsonValue) {
        Checks.name("study attribute key", key, 200);
        Checks.jsonText("study attribute '" + key + "'", jsonValue);
        studies.setAttribute(studyId, key, jsonValue);
    }

    @Override
    public Map<String, String> studyAttributes(long studyId) {
        return studies.attributes(studyId);
    }

    // ---- trial lifecycle ----

    @Override
    public Run startRun(long studyId, Provenance provenance) {
        Objects.requireNonNull(provenance, "a run cannot be recorded without provenance");
        long experimentId = provenances.saveExperiment(provenance.experimentText()).id();
        return tx("start a run of study " + studyId, c -> {
            int number = studies.claimNumber(c, studyId);
            long now = clock.millis();
            long runId = RunRows.insertRun(c, studyId, number, TrialState.RUNNING, now, "{}");
            provenances.insert(c, runId, experimentId, provenance);
            return load(c, runId);
        });
    }

    @Override
    public Run enqueueTrial(long studyId, Collection<ParamValue> params, String systemAttrsJson) {
        Checks.jsonObject("system attributes", systemAttrsJson);
        return tx("enqueue a trial of study " + studyId, c -> {
            int number = studies.claimNumber(c, studyId);
            long runId = RunRows.insertRun(c, studyId, number, TrialState.WAITING, null, systemAttrsJson);
            RunRows.writeParams(c, runId, params);
            return load(c, runId);
        });
    }

    @Override
    public Optional<Run> claimWaiting(long studyId, Provenance provenance) {
        Objects.requireNonNull(provenance, "a run cannot be recorded without provenance");
        long experimentId = provenances.saveExperiment(provenance.experimentText()).id();
        return tx("claim a waiting trial of study " + studyId, c -> {
            studies.lock(c, studyId);
            Long runId = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM run WHERE study_id = ? AND state = ?"
                    + " ORDER BY trial_number FETCH FIRST 1 ROWS ONLY")) {
                ps.setLong(1, studyId);
                ps.setString(2, TrialState.WAITING.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        runId = rs.getLong(1);
                    }
                }
            }
            if (runId == null) {
                return Optional.<Run>empty();
            }
            long now = clock.millis();
            int n = RunRows.update(c, "UPDATE run SET state = ?, started_ms = ?, heartbeat_ms = ? WHERE id = ? AND state = ?",
                    TrialState.RUNNING.name(), now, now, runId, TrialState.WAITING.name());
            if (n != 1) {
                throw new SQLException("waiting trial " + runId + " was claimed concurrently", "40001");
            }
            provenances.insert(c, runId, experimentId, provenance);
            return Optional.of(load(c, runId));
        });
    }

    @Override
    public Optional<Run> claimWithinBudget(long studyId, Provenance provenance, int budget) {
        Objects.requireNonNull(provenance, "a run cannot be recorded without provenance");
        if (budget < 1) {
            throw new IllegalArgumentException("trial budget must be at least 1, received " + budget);
        }
        long experimentId = provenances.saveExperiment(provenance.experimentText()).id();
        return tx("claim a trial of study " + studyId + " within its budget of " + budget, c -> {
            studies.lock(c, studyId);
            Map<TrialState, Integer> n = studies.countByState(c, studyId);
            int done = n.getOrDefault(TrialState.RUNNING, 0) + n.getOrDefault(TrialState.COMPLETE, 0)
                    + n.getOrDefault(TrialState.PRUNED, 0);
            int waiting = n.getOrDefault(TrialState.WAITING, 0);
            if (waiting > 0 && done < budget) {
                return Optional.of(claimOldestWaiting(c, studyId, experimentId, provenance));
            }
            if (done + waiting >= budget) {
                return Optional.<Run>empty();
            }
            int number = studies.claimNumber(c, studyId);
            long runId = RunRows.insertRun(c, studyId, number, TrialState.RUNNING, clock.millis(), "{}");
            provenances.insert(c, runId, experimentId, provenance);
            return Optional.of(load(c, runId));
        });
    }

    private Run claimOldestWaiting(Connection c, long studyId, long experimentId, Provenance provenance)
            throws SQLException {
        long[] id = {-1};
        RunReader.query(c, "SELECT id FROM run WHERE study_id = ? AND state = ? ORDER BY trial_number FETCH FIRST 1 ROWS ONLY",
                ps -> {
                    ps.setLong(1, studyId);
                    ps.setString(2, TrialState.WAITING.name());
                }, rs -> id[0] = rs.getLong(1));
        long now = clock.millis();
        if (RunRows.update(c, "UPDATE run SET state = ?, started_ms = ?, heartbeat_ms = ? WHERE id = ? AND state = ?",
                TrialState.RUNNING.name(), now, now, id[0], TrialState.WAITING.name()) != 1) {
            throw new SQLException("waiting trial " + id[0] + " was claimed concurrently", "40001");
        }
        provenances.insert(c, id[0], experimentId, provenance);
        return load(c, id[0]);
    }

    @Override
    public void setParams(long runId, Collection<ParamValue> params) {
        List<ParamValue> copy = List.copyOf(params);
        tx("set params of run " + runId, c -> {
            RunRows.lockUnfinished(c, runId, "set parameters");
            RunRows.writeParams(c, runId, copy);
            return null;
        });
    }

    @Override
    public void reportIntermediate(long runId, long step, double value) {
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

    @Override
    public void logMetrics(long runId, List<MetricPoint> points) {
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

    @Override
    public void heartbeat(long runId) {
        tx("heartbeat of run " + runId, c -> {
            int n = RunRows.update(c, "UPDATE run SET heartbeat_ms = ? WHERE id = ? AND state = ?", clock.millis(), runId,
                    TrialState.RUNNING.name());
            if (n == 0) {
                RunRows.lockRunning(c, runId, "heartbeat");
            }
            return null;
        });
    }

    @Override
    public List<Run> failStaleRuns(long studyId, Duration threshold) {
        long cutoff = clock.millis() - threshold.toMillis();
        return tx("fail stale runs of study " + studyId, c -> {
            studies.get(c, studyId);
            List<Long> ids = new ArrayList<>();
            RunReader.query(c, "SELECT id FROM run WHERE study_id = ? AND state = ?"
                    + " AND COALESCE(heartbeat_ms, started_ms) < ? FOR UPDATE", ps -> {
                        ps.setLong(1, studyId);
                        ps.setString(2, TrialState.RUNNING.name());
                        ps.setLong(3, cutoff);
                    }, rs -> ids.add(rs.getLong(1)));
            List<Run> failed = new ArrayList<>();
            long now = clock.millis();
            for (long id : ids) {
                int n = RunRows.update(c, "UPDATE run SET state = ?, finished_ms = ?, error_text = ? WHERE id = ? AND state = ?"
                        + " AND COALESCE(heartbeat_ms, started_ms) < ?", TrialState.FAILED.name(), now,
                        "no heartbeat for more than " + threshold + " (worker presumed dead)", id,
                        TrialState.RUNNING.name(), cutoff);
                if (n == 1) {
                    failed.add(load(c, id));
                }
            }
            return failed;
        });
    }

    @Override
    public Run finishRun(long runId, TrialState state, Double value, String error) {
        checkFinish(runId, state, value);
        return tx("finish run " + runId, c -> {
            RunRows.lockUnfinished(c, runId, "finish it as " + state);
            RunRows.update(c, "UPDATE run SET state = ?, objective_value = ?, error_text = ?, finished_ms = ?, heartbeat_ms = ?"
                    + " WHERE id = ?", state.name(), value, error, clock.millis(), clock.millis(), runId);
            return load(c, runId);
        });
    }

    static void checkFinish(long runId, TrialState state, Double value) {
        if (state == null || !state.isFinished()) {
            throw new IllegalArgumentException("run " + runId + " can only be finished as COMPLETE, PRUNED or FAILED,"
                    + " received " + state);
        }
        if (state == TrialState.COMPLETE && (value == null || value.isNaN())) {
            throw new IllegalArgumentException("run " + runId + " finished COMPLETE needs an objective value, received "
                    + value + "; use FAILED for runs without one");
        }
    }

    @Override
    public void putSystemAttribute(long runId, String key, String jsonValue) {
        Checks.name("system attribute key", key, 200);
        Checks.jsonText("system attribute '" + key + "'", jsonValue);
        tx("set system attribute of run " + runId, c -> {
            RunRows.lockUnfinished(c, runId, "set a system attribute");
            String current = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT system_attrs FROM run WHERE id = ?")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    current = rs.getString(1);
                }
            }
            RunRows.update(c, "UPDATE run SET system_attrs = ? WHERE id = ?", Json.put(current, key, jsonValue), runId);
            return null;
        });
    }

    @Override
    public void setTag(long runId, String key, String value) {
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

    @Override
    public void setNote(long runId, String note) {
        tx("set the note of run " + runId, c -> {
            RunRows.lockAny(c, runId);
            RunRows.update(c, "UPDATE run SET note = ? WHERE id = ?", note, runId);
            return null;
        });
    }

    @Override
    public Artifact saveArtifact(long runId, String name, ArtifactKind kind, String mediaType, byte[] content) {
        Checks.name("artifact name", name, 200);
        Objects.requireNonNull(kind, "artifact kind");
        Checks.name("artifact media type", mediaType, 100);
        byte[] bytes = content.clone();
        String sha = Hashing.sha256Hex(bytes);
        return tx("save artifact '" + name + "' of run " + runId, c -> {
            RunRows.lockUnfinished(c, runId, "save an artifact");
            if (!RunRows.artifactsOf(c, runId, name).isEmpty()) {
                throw new IllegalArgumentException("run " + runId + " already has an artifact named '" + name
                        + "'; artifacts are write-once, choose another name");
            }
            long now = clock.millis();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO artifact (run_id, artifact_name, kind,"
                    + " media_type, sha256, size_bytes, content, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                RunRows.bindAll(ps, runId, name, kind.name(), mediaType, sha, (long) bytes.length);
                ps.setBytes(7, bytes);
                ps.setLong(8, now);
                ps.executeUpdate();
            }
            return RunRows.artifactsOf(c, runId, name).get(0);
        });
    }

    // ---- reads ----

    @Override
    public Run run(long runId) {
        return tx("read run " + runId, c -> load(c, runId));
    }

    @Override
    public Optional<Run> findTrial(long studyId, int number) {
        return tx("find trial " + number + " of study " + studyId, c -> {
            Long id = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM run WHERE study_id = ? AND trial_number = ?")) {
                ps.setLong(1, studyId);
                ps.setInt(2, number);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        id = rs.getLong(1);
                    }
                }
            }
            return id == null ? Optional.<Run>empty() : Optional.of(load(c, id));
        });
    }

    @Override
    public List<Run> listRuns(long studyId, Set<TrialState> states) {
        RunQuery.Builder b = RunQuery.forStudy(studyId).states(states.toArray(TrialState[]::new));
        RunQuery q = b.build();
        return tx("list runs of study " + studyId, c -> {
            studies.get(c, studyId);
            QuerySql sql = QuerySql.select(q, false);
            List<RunReader.Row> rows = new ArrayList<>();
            RunReader.query(c, sql.sql, sql::bind, rs -> rows.add(RunReader.row(rs)));
            return RunReader.assembleStudy(c, studyId, rows);
        });
    }

    @Override
    public RunPage queryRuns(RunQuery query) {
        return tx("query runs of study " + query.studyId(), c -> {
            studies.get(c, query.studyId());
            QuerySql count = QuerySql.count(query);
            long[] total = {0};
            RunReader.query(c, count.sql, count::bind, rs -> total[0] = rs.getLong(1));
            QuerySql select = QuerySql.select(query, true);
            List<RunReader.Row> rows = new ArrayList<>();
            RunReader.query(c, select.sql, select::bind, rs -> rows.add(RunReader.row(rs)));
            return new RunPage(RunReader.assemble(c, rows), total[0], query.offset());
        });
    }

    @Override
    public void forEachRun(RunQuery query, Consumer<? super Run> action) {
        tx("stream runs of study " + query.studyId(), c -> {
            studies.get(c, query.studyId());
            QuerySql select = QuerySql.select(query, false);
            try (PreparedStatement ps = c.prepareStatement(select.sql)) {
                ps.setFetchSize(RunReader.CHUNK);
                select.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    List<RunReader.Row> chunk = new ArrayList<>(RunReader.CHUNK);
                    while (rs.next()) {
                        chunk.add(RunReader.row(rs));
                        if (chunk.size() == RunReader.CHUNK) {
                            RunReader.assemble(c, chunk).forEach(action);
                            chunk.clear();
                        }
                    }
                    RunReader.assemble(c, chunk).forEach(action);
                }
            }
            return null;
        });
    }

    @Override
    public List<MetricPoint> metricHistory(long runId, String metricName) {
        return tx("read metric '" + metricName + "' of run " + runId, c -> {
            RunRows.requireRun(c, runId);
            return metrics.history(c, runId, metricName);
        });
    }

    @Override
    public Optional<Provenance> provenance(long runId) {
        return tx("read provenance of run " + runId, c -> {
            RunRows.requireRun(c, runId);
            return provenances.load(c, runId);
        });
    }

    @Override
    public List<Artifact> artifacts(long runId) {
        return tx("list artifacts of run " + runId, c -> {
            RunRows.requireRun(c, runId);
            return RunRows.artifactsOf(c, runId, null);
        });
    }

    @Override
    public byte[] artifactContent(long artifactId) {
        return tx("read artifact " + artifactId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT content FROM artifact WHERE id = ?")) {
                ps.setLong(1, artifactId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("no artifact with id " + artifactId);
                    }
                    return rs.getBytes(1);
                }
            }
        });
    }

    @Override
    public List<String> paramNames(long studyId) {
        return names("SELECT DISTINCT p.param_name FROM run_param p JOIN run r ON r.id = p.run_id"
                + " WHERE r.study_id = ? ORDER BY p.param_name", studyId);
    }

    @Override
    public List<String> metricNames(long studyId) {
        return names("SELECT DISTINCT m.metric_name FROM metric_latest m JOIN run r ON r.id = m.run_id"
                + " WHERE r.study_id = ? ORDER BY m.metric_name", studyId);
    }

    @Override
    public EnsembleRecord saveEnsemble(long studyId, EnsembleSpec spec) {
        return ensembles.save(studyId, Objects.requireNonNull(spec, "ensemble spec"));
    }

    @Override
    public List<EnsembleRecord> listEnsembles(long studyId) {
        return ensembles.list(studyId);
    }

    @Override
    public Optional<EnsembleRecord> findEnsemble(long studyId, String name) {
        return ensembles.find(studyId, name);
    }

    @Override
    public boolean deleteEnsemble(long studyId, String name) {
        return ensembles.delete(studyId, name);
    }

    @Override
    public void close() {
        // the Database belongs to the caller
    }

    // ---- helpers ----

    private List<String> names(String sql, long studyId) {
        return tx("list names of study " + studyId, c -> {
            studies.get(c, studyId);
            List<String> out = new ArrayList<>();
            RunReader.query(c, sql, ps -> ps.setLong(1, studyId), rs -> out.add(rs.getString(1)));
            return out;
        });
    }

    private <T> T tx(String what, Tx.Work<T> work) {
        return Tx.run(db, what, work);
    }

    private Run load(Connection c, long runId) throws SQLException {
        List<RunReader.Row> rows = new ArrayList<>(1);
        RunReader.query(c, "SELECT " + RunReader.RUN_COLUMNS + " FROM run r WHERE r.id = ?", ps -> ps.setLong(1, runId),
                rs -> rows.add(RunReader.row(rs)));
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no run with id " + runId);
        }
        return RunReader.assemble(c, rows).get(0);
    }
}
