package dev.hyperforge.tracker;

import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudySpec;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Storage of studies, trials/runs, parameters, metrics, artifacts and provenance.
 *
 * <p>Contract (every implementation passes {@code RunStoreContract}):
 * <ul>
 *   <li>Thread-safe, and for {@code JdbcRunStore} safe across processes sharing one database.</li>
 *   <li>Returned objects are immutable snapshots.</li>
 *   <li>Unknown ids raise {@link IllegalArgumentException}.</li>
 *   <li>A run in a final state (COMPLETE, PRUNED, FAILED) is immutable: changing its state, value, params,
 *       intermediate values, metrics, artifacts, system attributes or heartbeat raises
 *       {@link IllegalStateException}. Tags and the note are annotations and stay editable.</li>
 *   <li>Trial numbers of a study are claimed atomically: 0, 1, 2, … with no duplicates across threads and
 *       processes.</li>
 *   <li>Each call is one transaction: a crash never leaves half of a call's writes.</li>
 * </ul>
 *
 * <pre>{@code
 * StudyRecord s = store.createOrGetStudy(new StudySpec("mnist", Direction.MINIMIZE, "gp", "{}", 42));
 * Run run = store.claimWaiting(s.id(), provenance).orElseGet(() -> store.startRun(s.id(), provenance));
 * store.logMetrics(run.id(), points);          // one batch, one statement
 * store.finishRun(run.id(), TrialState.COMPLETE, 0.12, null);
 * }</pre>
 */
public interface RunStore extends AutoCloseable {

    // ---- experiments and studies ----

    /**
     * Stores an experiment file's text (once per distinct content).
     *
     * @param fileText the file's text
     * @return the stored experiment (existing one when the same text was stored before)
     */
    ExperimentRecord saveExperiment(String fileText);

    /**
     * Looks up a stored experiment file.
     *
     * @param experimentId id
     * @return the experiment
     */
    ExperimentRecord experiment(long experimentId);

    /**
     * Creates a study, or returns the existing study of that name (whose stored settings win).
     *
     * @param spec the study to create
     * @param experimentId the experiment file the study runs (see {@link #saveExperiment}), or null
     * @return the stored study
     * @throws IllegalArgumentException when a study of that name exists with another direction
     */
    StudyRecord createOrGetStudy(StudySpec spec, Long experimentId);

    /**
     * Creates a study without an experiment link, or returns the existing one of that name.
     *
     * @param spec the study to create
     * @return the stored study
     * @throws IllegalArgumentException when a study of that name exists with another direction
     */
    default StudyRecord createOrGetStudy(StudySpec spec) {
        return createOrGetStudy(spec, null);
    }

    /**
     * Finds a study by name.
     *
     * @param name study name
     * @return the study, or empty
     */
    Optional<StudyRecord> findStudy(String name);

    /**
     * Looks up a study.
     *
     * @param studyId id
     * @return the study
     */
    StudyRecord study(long studyId);

    /**
     * All studies with counts per state and best value, by name.
     *
     * @return the summaries
     */
    List<StudySummary> listStudies();

    /**
     * One study's counts per state and best value (what {@link #listStudies()} holds for it), read with queries
     * restricted to that study.
     *
     * @param studyId study
     * @return the summary
     */
    default StudySummary studySummary(long studyId) {
        StudyRecord s = study(studyId);
        return listStudies().stream().filter(x -> x.study().id() == studyId).findFirst()
                .orElse(new StudySummary(s, java.util.Map.of(), null));
    }

    /**
     * The COMPLETE trials of a study that finished at or after a moment, in the light form the study-level charts
     * need; the dashboard keeps them and asks only for those finished since its last read (with a margin for
     * clocks of several workers), so a live study of thousands of trials costs a small indexed query per update.
     *
     * @param studyId the study
     * @param finishedSince inclusive lower bound on the finish time ({@link java.time.Instant#EPOCH} for all)
     * @return the trials ordered by number
     * @throws IllegalArgumentException when the study does not exist
     */
    default List<TrialPoint> completeTrials(long studyId, java.time.Instant finishedSince) {
        return listRuns(studyId, Set.of(TrialState.COMPLETE)).stream()
                .filter(r -> r.value() != null && r.finishedAt() != null && !r.finishedAt().isBefore(finishedSince))
                .map(TrialPoint::of).toList();
    }

    /**
     * Persists the sampler's state so a resumed study continues where it stopped.
     *
     * @param studyId study
     * @param state opaque bytes
     */
    void saveSamplerState(long studyId, byte[] state);

    /**
     * Loads the sampler state.
     *
     * @param studyId study
     * @return the last saved state, or empty
     */
    Optional<byte[]> loadSamplerState(long studyId);

    /**
     * Sets (adds or replaces) one attribute of a study, e.g. settings that workers joining it read.
     *
     * @param studyId study
     * @param key attribute name, 1..200 characters
     * @param jsonValue the value as JSON text
     */
    void setStudyAttribute(long studyId, String key, String jsonValue);

    /**
     * The attributes of a study.
     *
     * @param studyId study
     * @return JSON values by key, sorted by key
     */
    Map<String, String> studyAttributes(long studyId);

    // ---- trial lifecycle ----

    /**
     * Claims the next trial number and creates a RUNNING run with its provenance, in one transaction.
     *
     * @param studyId study
     * @param provenance the run's provenance (required)
     * @return the new run
     */
    Run startRun(long studyId, Provenance provenance);

    /**
     * Enqueues a WAITING trial with fixed parameters (it claims a trial number now).
     *
     * @param studyId study
     * @param params fixed parameters
     * @param systemAttrsJson system attributes as a JSON object
     * @return the waiting run
     */
    Run enqueueTrial(long studyId, Collection<ParamValue> params, String systemAttrsJson);

    /**
     * Atomically claims the oldest WAITING trial of a study, making it RUNNING with the given provenance.
     * Each waiting trial is claimed exactly once across threads and processes.
     *
     * @param studyId study
     * @param provenance the run's provenance
     * @return the claimed run, or empty when none waits
     */
    Optional<Run> claimWaiting(long studyId, Provenance provenance);

    /**
     * Starts a trial only while the study's trial budget is not spent, in one transaction under the study's
     * lock, so that any number of workers in any number of processes together start exactly {@code budget}
     * trials that do not fail. Runs that are not FAILED count towards the budget. The oldest WAITING trial is
     * claimed (made RUNNING) if fewer than {@code budget} runs are RUNNING, COMPLETE or PRUNED; otherwise a new
     * RUNNING run is created if fewer than {@code budget} runs are not FAILED; otherwise nothing happens.
     *
     * @param studyId study
     * @param provenance the run's provenance
     * @param budget the study's trial budget, at least 1
     * @return the claimed or new run (a new one has no parameters yet), or empty when the budget is spent
     */
    Optional<Run> claimWithinBudget(long studyId, Provenance provenance, int budget);

    /**
     * Sets (adds or replaces) parameters of a RUNNING or WAITING run.
     *
     * @param runId run
     * @param params parameters
     */
    void setParams(long runId, Collection<ParamValue> params);

    /**
     * Records an intermediate objective value (replaces one at the same step).
     *
     * @param runId run
     * @param step step
     * @param value value
     */
    void reportIntermediate(long runId, long step, double value);

    /**
     * Appends a batch of metric points in one transaction and one batched statement.
     *
     * @param runId run
     * @param points points (may mix names and steps)
     */
    void logMetrics(long runId, List<MetricPoint> points);

    /**
     * Records that the worker of a RUNNING run is alive.
     *
     * @param runId run
     */
    void heartbeat(long runId);

    /**
     * Fails every RUNNING run of a study whose heartbeat (or start, if it never beat) is older than the
     * threshold.
     *
     * @param studyId study
     * @param threshold largest tolerated silence
     * @return the runs it failed, as stored afterwards
     */
    List<Run> failStaleRuns(long studyId, Duration threshold);

    /**
     * Moves a run to a final state; it is immutable afterwards.
     *
     * @param runId run
     * @param state COMPLETE, PRUNED or FAILED
     * @param value objective value (required for COMPLETE), or null
     * @param error error text (for FAILED), or null
     * @return the finished run
     */
    Run finishRun(long runId, TrialState state, Double value, String error);

    /**
     * Sets one system attribute (merged into the run's system attributes JSON object).
     *
     * @param runId run
     * @param key attribute name
     * @param jsonValue the value as JSON text
     */
    void putSystemAttribute(long runId, String key, String jsonValue);

    /**
     * Sets a tag (allowed on finished runs: tags are annotations).
     *
     * @param runId run
     * @param key tag key
     * @param value tag value
     */
    void setTag(long runId, String key, String value);

    /**
     * Sets or clears the free-text note (allowed on finished runs).
     *
     * @param runId run
     * @param note text, or null to clear
     */
    void setNote(long runId, String note);

    /**
     * Stores an artifact of a non-finished run.
     *
     * @param runId run
     * @param name name, unique within the run
     * @param kind what it holds
     * @param mediaType media type
     * @param content the bytes
     * @return its metadata
     */
    Artifact saveArtifact(long runId, String name, ArtifactKind kind, String mediaType, byte[] content);

    // ---- reads ----

    /**
     * Looks up a run.
     *
     * @param runId id
     * @return the run
     */
    Run run(long runId);

    /**
     * Finds a trial of a study by number.
     *
     * @param studyId study
     * @param number trial number
     * @return the run, or empty
     */
    Optional<Run> findTrial(long studyId, int number);

    /**
     * Every run of a study, by trial number (set-based: a fixed number of queries).
     *
     * @param studyId study
     * @param states accepted states, or empty for all
     * @return the runs
     */
    List<Run> listRuns(long studyId, Set<TrialState> states);

    /**
     * One page of a filtered, sorted query, with params and last metrics.
     *
     * @param query the query
     * @return the page
     */
    RunPage queryRuns(RunQuery query);

    /**
     * Streams every run matching the query's filters and sort (ignoring its page), without holding them all
     * in memory.
     *
     * @param query filters and sort
     * @param action called once per run, in order
     */
    void forEachRun(RunQuery query, Consumer<? super Run> action);

    /**
     * The full history of one metric of a run, by step then time.
     *
     * @param runId run
     * @param metricName metric
     * @return the points
     */
    List<MetricPoint> metricHistory(long runId, String metricName);

    /**
     * The provenance of a run.
     *
     * @param runId run
     * @return its provenance, or empty for a WAITING trial
     */
    Optional<Provenance> provenance(long runId);

    /**
     * Metadata of a run's artifacts, by name.
     *
     * @param runId run
     * @return the artifacts
     */
    List<Artifact> artifacts(long runId);

    /**
     * The bytes of an artifact.
     *
     * @param artifactId artifact id
     * @return the bytes
     */
    byte[] artifactContent(long artifactId);

    /**
     * Distinct parameter names used in a study, sorted.
     *
     * @param studyId study
     * @return the names
     */
    List<String> paramNames(long studyId);

    /**
     * Distinct metric names logged in a study, sorted.
     *
     * @param studyId study
     * @return the names
     */
    List<String> metricNames(long studyId);

    // ---- saved ensembles ----

    /**
     * Saves an ensemble of runs of a study, replacing one of the same name in that study, in one transaction.
     *
     * @param studyId study
     * @param spec name, members (runs of this study), weights, method, metric
     * @return the stored ensemble
     * @throws IllegalArgumentException for an unknown study, an unknown run or a run of another study
     */
    EnsembleRecord saveEnsemble(long studyId, EnsembleSpec spec);

    /**
     * The saved ensembles of a study, by name.
     *
     * @param studyId study
     * @return the ensembles
     */
    List<EnsembleRecord> listEnsembles(long studyId);

    /**
     * Finds a saved ensemble by name.
     *
     * @param studyId study
     * @param name ensemble name
     * @return the ensemble, or empty
     */
    Optional<EnsembleRecord> findEnsemble(long studyId, String name);

    /**
     * Deletes a saved ensemble (the member runs are untouched).
     *
     * @param studyId study
     * @param name ensemble name
     * @return whether one was deleted
     */
    boolean deleteEnsemble(long studyId, String name);

    /** Releases resources (a {@code JdbcRunStore} does not close the {@code Database} it was given). */
    @Override
    void close();
}
