package dev.hyperforge.tracker;

/**
 * Storage of studies, trials/runs, parameters, metrics, artifacts and provenance, one sub-interface per concern
 * ({@link StudyCatalog} and {@link TrialStore}, {@link RunLog}, {@link ArtifactStore}, {@link ProvenanceStore},
 * {@link EnsembleStore}). It is search's
 * {@code StudyStorage} itself (see {@link TrialStore}), so a {@code Study} runs on it directly.
 *
 * <p>Contract (every implementation passes {@code RunStoreContract}):
 * <ul>
 *   <li>Thread-safe, and for {@code JdbcRunStore} safe across processes sharing one database.</li>
 *   <li>Returned objects are immutable snapshots.</li>
 *   <li>Unknown ids raise {@link java.util.NoSuchElementException}.</li>
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
public interface RunStore extends StudyCatalog, RunLog, ArtifactStore, ProvenanceStore, EnsembleStore,
        AutoCloseable {

    /** Releases resources (a {@code JdbcRunStore} does not close the {@code Database} it was given). */
    @Override
    void close();
}
