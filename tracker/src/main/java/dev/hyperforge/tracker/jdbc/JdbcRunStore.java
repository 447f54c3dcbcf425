package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.ArtifactKind;
import dev.hyperforge.tracker.Checks;
import dev.hyperforge.tracker.EnsembleRecord;
import dev.hyperforge.tracker.EnsembleSpec;
import dev.hyperforge.tracker.ExperimentRecord;
import dev.hyperforge.tracker.FinishedRun;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunPage;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.AbstractRunStore;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyDeletion;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.StudySummary;
import dev.hyperforge.tracker.TrialPoint;
import dev.hyperforge.tracker.blob.BlobStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Clock;
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
 * one transaction, retried on lock conflicts and deadlocks. It is search's {@code StudyStorage} too (through
 * {@link AbstractRunStore}). This class only routes: {@link StudyDao}, {@link JdbcTrials}, {@link RunQueries},
 * {@link ArtifactDao}, {@link ProvenanceDao}, {@link EnsembleDao} and {@link StudyDeleter} hold the SQL of each concern.
 *
 * <pre>{@code
 * try (Database db = Database.open("jdbc:h2:tcp://localhost:9092/hyperforge")) {
 *     RunStore store = new JdbcRunStore(db);
 *     Run run = store.startRun(store.createOrGetStudy(spec).id(), provenance);
 *     store.logMetrics(run.id(), points);
 *     Study study = Study.builder("mnist", space).storage(store).build();   // trials in the same tables
 * }
 * }</pre>
 */
public final class JdbcRunStore extends AbstractRunStore {
    private final Database db;
    private final Clock clock;
    private final StudyDao studies;
    private final ProvenanceDao provenances;
    private final MetricWriter metrics;
    private final EnsembleDao ensembles;
    private final JdbcTrials trials;
    private final RunQueries queries;
    private final ArtifactDao artifacts;
    private final StudyDeleter deleter;
    private final ObjectStores objects;
    private final BulkRuns bulk;

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
        this(db, clock, new DatabaseBlobStore(db));
    }

    /**
     * A store whose new artifacts go to an artifact store (a directory, S3 or the database); artifacts written
     * elsewhere earlier are read from the store their rows name.
     *
     * @param db the database (not closed by {@link #close()})
     * @param clock source of timestamps
     * @param artifactObjects where new artifacts' bytes go (closed by {@link #close()})
     */
    public JdbcRunStore(Database db, Clock clock, BlobStore artifactObjects) {
        super(clock);
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.studies = new StudyDao(db, clock);
        this.provenances = new ProvenanceDao(db, clock);
        this.metrics = new MetricWriter();
        this.ensembles = new EnsembleDao(db, clock, studies);
        this.trials = new JdbcTrials(db, studies, provenances, metrics);
        this.queries = new RunQueries(db, studies, metrics);
        this.deleter = new StudyDeleter(db, studies);
        this.objects = new ObjectStores(db, Objects.requireNonNull(artifactObjects, "artifactObjects"));
        this.artifacts = new ArtifactDao(db, clock, objects);
        this.bulk = new BulkRuns(db, studies, provenances, metrics);
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
    public Optional<StudyRecord> findStudyRecord(String name) {
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
    public StudyDeletion deleteStudy(long studyId, boolean force) {
        return deleter.delete(studyId, force);
    }

    @Override
    public StudySummary studySummary(long studyId) {
        return studies.summary(studyId);
    }

    @Override
    public List<dev.hyperforge.tracker.TableRow> tableRows(long studyId, java.time.Instant finishedSince) {
        return queries.tableRows(studyId, finishedSince);
    }

    @Override
    public List<Run> runs(List<Long> runIds) {
        return queries.runs(runIds);
    }

    @Override
    public List<TrialPoint> completeTrials(long studyId, java.time.Instant finishedSince) {
        return queries.completeTrials(studyId, finishedSince);
    }

    @Override
    public List<TrialPoint> completeValues(long studyId, java.time.Instant finishedSince) {
        return queries.completeValues(studyId, finishedSince);
    }

    @Override
    public Map<Long, Map<String, ParamValue>> paramsOf(Collection<Long> runIds) {
        return queries.paramsOf(runIds);
    }

    @Override
    public Map<Long, Map<String, ParamValue>> sampledParams(long studyId, long maxKey) {
        return queries.sampledParams(studyId, maxKey);
    }

    @Override
    public Map<String, ParamValue> paramExamples(long studyId) {
        return queries.paramExamples(studyId);
    }

    @Override
    public void saveSamplerState(long studyId, String stateJson) {
        studies.saveSamplerState(studyId, stateJson.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<String> loadSamplerState(long studyId) {
        return studies.loadSamplerState(studyId).map(b -> new String(b, StandardCharsets.UTF_8));
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

    @Override
    public void saveStudyView(long studyId, String name, long completeCount, String body) {
        Checks.name("study view name", name, 40);
        studies.saveView(studyId, name, completeCount, body);
    }

    @Override
    public Optional<dev.hyperforge.tracker.StudyView> studyView(long studyId, String name) {
        return studies.view(studyId, name);
    }

    // ---- the timed primitives of the trial lifecycle ----

    @Override
    protected StudyRecord insertStudy(StudySpec spec, Long experimentId) {
        return studies.create(spec, experimentId);
    }

    @Override
    protected Run startTrial(long studyId, Instant now, Provenance provenance) {
        return trials.start(studyId, now.toEpochMilli(), provenance);
    }

    @Override
    protected Optional<Run> claimWaitingRun(long studyId, Instant now, Provenance provenance) {
        return trials.claimWaiting(studyId, now.toEpochMilli(), provenance);
    }

    @Override
    protected Optional<Run> claimRunWithinBudget(long studyId, Instant now, int budget, Provenance provenance) {
        return trials.claimWithinBudget(studyId, now.toEpochMilli(), budget, provenance);
    }

    @Override
    protected Run setParamsOnce(long trialId, Collection<ParamValue> params, Map<String, Object> systemAttrs) {
        return trials.setTrialParams(trialId, params, systemAttrs);
    }

    @Override
    protected Run finishAt(long runId, TrialState state, List<Double> values, String error, Instant now,
                           boolean runningOnly) {
        checkFinish(runId, state, values);
        return trials.finish(runId, state, values, error, now.toEpochMilli(), runningOnly);
    }

    @Override
    protected void heartbeatAt(long runId, Instant now) {
        trials.heartbeat(runId, now.toEpochMilli());
    }

    @Override
    protected List<Run> failStaleAt(long studyId, Instant cutoff, Instant now, String error, boolean requeue) {
        return trials.failStale(studyId, cutoff.toEpochMilli(), now.toEpochMilli(), error, requeue);
    }

    // ---- run writes ----

    @Override
    public Run enqueueTrial(long studyId, Collection<ParamValue> params, String systemAttrsJson) {
        Checks.jsonObject("system attributes", systemAttrsJson);
        return trials.enqueue(studyId, params, systemAttrsJson);
    }

    @Override
    public void setParams(long runId, Collection<ParamValue> params) {
        trials.setParams(runId, params);
    }

    @Override
    public void logMetrics(long runId, List<MetricPoint> points) {
        trials.logMetrics(runId, points);
    }

    @Override
    public void putSystemAttribute(long runId, String key, String jsonValue) {
        Checks.name("system attribute key", key, 200);
        Checks.jsonText("system attribute '" + key + "'", jsonValue);
        trials.putSystemAttribute(runId, key, jsonValue);
    }

    @Override
    public void reportIntermediate(long trialId, int step, double value) {
        trials.reportIntermediate(trialId, step, value);
    }

    @Override
    public void setTag(long runId, String key, String value) {
        trials.setTag(runId, key, value);
    }

    @Override
    public void setNote(long runId, String note) {
        trials.setNote(runId, note);
    }

    @Override
    public Artifact saveArtifact(long runId, String name, ArtifactKind kind, String mediaType, InputStream content) {
        return artifacts.saveArtifact(runId, name, kind, mediaType, content);
    }

    /**
     * Records runs that are already over in one transaction (a benchmark's or an import's fill): each gets the next
     * trial number in list order and the rows {@code startRun}, {@code setParams}, {@code logMetrics} and
     * {@code finishRun} would have written, with its own start and finish times.
     *
     * @param studyId the study
     * @param provenance the provenance of every run
     * @param runs the runs, in trial-number order
     * @return the new runs' ids, in the same order
     */
    public List<Long> recordFinishedRuns(long studyId, Provenance provenance, List<FinishedRun> runs) {
        Objects.requireNonNull(provenance, "provenance");
        return bulk.record(studyId, provenance, runs);
    }

    // ---- reads ----

    @Override
    public Run run(long runId) {
        return queries.run(runId);
    }

    @Override
    public Optional<Run> findTrial(long studyId, int number) {
        return queries.findTrial(studyId, number);
    }

    @Override
    public List<Run> listRuns(long studyId, Set<TrialState> states) {
        return queries.listRuns(studyId, states);
    }

    @Override
    public RunPage queryRuns(RunQuery query) {
        return queries.queryRuns(query);
    }

    @Override
    public void forEachRun(RunQuery query, Consumer<? super Run> action) {
        queries.forEachRun(query, action);
    }

    @Override
    public List<MetricPoint> metricHistory(long runId, String metricName) {
        return queries.metricHistory(runId, metricName);
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
        return artifacts.artifacts(runId);
    }

    @Override
    public InputStream openArtifact(long artifactId) {
        return artifacts.open(artifactId);
    }

    @Override
    public boolean artifactPresent(long artifactId) {
        return artifacts.present(artifactId);
    }

    @Override
    public void deleteArtifact(long artifactId) {
        artifacts.delete(artifactId);
    }

    /** @return the store new artifacts go to */
    public BlobStore artifactObjects() {
        return objects.current();
    }

    /** @return garbage collection and migration of this database's artifact objects */
    public ArtifactMaintenance artifactMaintenance() {
        return new ArtifactMaintenance(db, objects, artifacts);
    }

    @Override
    public List<String> paramNames(long studyId) {
        return queries.paramNames(studyId);
    }

    @Override
    public List<String> metricNames(long studyId) {
        return queries.metricNames(studyId);
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
        // the Database belongs to the caller; the artifact stores are this store's
        objects.current().close();
        objects.close();
    }

    // ---- helpers ----


    private <T> T tx(String what, Tx.Work<T> work) {
        return Tx.run(db, what, work);
    }

}
