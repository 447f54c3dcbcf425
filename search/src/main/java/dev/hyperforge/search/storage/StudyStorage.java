package dev.hyperforge.search.storage;

import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.TrialState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a study's trials live. Implementations must be thread-safe and, when backed by a database, safe for
 * several JVMs sharing one study: every operation is atomic (one transaction), returned objects are immutable
 * snapshots, and unknown study or trial ids raise {@link java.util.NoSuchElementException}. Lifecycle misuse
 * (finishing a trial that is not RUNNING, setting parameters twice) raises {@link IllegalStateException}.
 *
 * <p>Implemented here by {@link InMemoryStudyStorage}, and by the tracker's stores themselves (in memory, H2,
 * PostgreSQL); every implementation passes the same contract tests ({@code StudyStorageContract} in this module's
 * test-jar).
 *
 * <pre>{@code
 * StudyStorage storage = new InMemoryStudyStorage();
 * StudyInfo study = storage.createStudy(new StudySpec("mnist", Direction.MINIMIZE, "gp", "{}", 42));
 * FrozenTrial t = storage.createTrial(study.id(), Instant.now());   // RUNNING, number 0
 * storage.setTrialParams(t.id(), Map.of("lr", 0.01), Map.of("seen_trials", List.of()));
 * storage.finishTrial(t.id(), TrialState.COMPLETE, 0.25, null, Instant.now());
 * }</pre>
 */
public interface StudyStorage {

    /**
     * Creates a study.
     *
     * @param spec name, direction, sampler and seed
     * @return the stored study
     * @throws IllegalArgumentException if a study with that name exists
     */
    StudyInfo createStudy(StudySpec spec);

    /**
     * @param name study name
     * @return the study, or empty
     */
    Optional<StudyInfo> findStudy(String name);

    /**
     * @param studyId study id
     * @return the study
     * @throws java.util.NoSuchElementException if unknown
     */
    StudyInfo getStudy(long studyId);

    /**
     * Atomically claims the next trial number of the study and creates a RUNNING trial without parameters,
     * with its start time and heartbeat at {@code now}. Each number is handed out exactly once, also across
     * JVMs.
     *
     * @param studyId study id
     * @param now the current time
     * @return the new trial
     */
    FrozenTrial createTrial(long studyId, Instant now);

    /**
     * Queues a WAITING trial with fixed parameters (e.g. a re-queued failed trial or a user's guess); it takes
     * the next trial number now.
     *
     * @param studyId study id
     * @param params fixed parameters
     * @param systemAttrs system attributes (e.g. {@code retried_from})
     * @return the waiting trial
     */
    FrozenTrial enqueueTrial(long studyId, Map<String, Object> params, Map<String, Object> systemAttrs);

    /**
     * Atomically moves the WAITING trial with the smallest number to RUNNING (start and heartbeat at
     * {@code now}); a waiting trial is claimed by exactly one caller.
     *
     * @param studyId study id
     * @param now the current time
     * @return the claimed trial, or empty when none is waiting
     */
    Optional<FrozenTrial> claimWaitingTrial(long studyId, Instant now);

    /**
     * Starts a trial only while the study's trial budget is not spent, atomically (one transaction, also
     * across JVMs), so that any number of workers together start exactly {@code budget} trials that do not
     * fail. Trials that are not FAILED count towards the budget. Claims the WAITING trial with the smallest
     * number if fewer than {@code budget} trials are RUNNING, COMPLETE or PRUNED; else creates a RUNNING trial
     * without parameters (as {@link #createTrial}) if fewer than {@code budget} trials are not FAILED; else
     * returns empty.
     *
     * @param studyId study id
     * @param now the current time
     * @param budget the trial budget, at least 1
     * @return the claimed trial (with parameters) or the new one (without), or empty when the budget is spent
     */
    Optional<FrozenTrial> claimTrialWithinBudget(long studyId, Instant now, int budget);

    /**
     * Sets the parameters of a RUNNING trial that has none yet, and adds system attributes.
     *
     * @param trialId trial id
     * @param params parameters
     * @param systemAttrs system attributes to add (JSON-friendly values)
     * @return the updated trial
     * @throws IllegalStateException if the trial is not RUNNING or already has parameters
     */
    FrozenTrial setTrialParams(long trialId, Map<String, Object> params, Map<String, Object> systemAttrs);

    /**
     * Records an intermediate value of a RUNNING trial (a repeated step overwrites).
     *
     * @param trialId trial id
     * @param step step (e.g. epoch), at least 0
     * @param value value
     * @throws IllegalStateException if the trial is not RUNNING
     */
    void reportIntermediate(long trialId, int step, double value);

    /**
     * Sets a user attribute of a trial.
     *
     * @param trialId trial id
     * @param key attribute name
     * @param value JSON-friendly value
     */
    void setUserAttr(long trialId, String key, Object value);

    /**
     * Finishes a RUNNING trial.
     *
     * @param trialId trial id
     * @param state COMPLETE, PRUNED or FAILED
     * @param value the value (required for COMPLETE), or null
     * @param error error text or captured output, or null
     * @param now end time
     * @return the finished trial
     * @throws IllegalStateException if the trial is not RUNNING (e.g. it was already failed as stale)
     */
    FrozenTrial finishTrial(long trialId, TrialState state, Double value, String error, Instant now);

    /**
     * Finishes a RUNNING trial with one value per objective. A storage that holds one value per trial inherits this
     * default, which accepts at most one value; a storage for multi-objective studies overrides it to store the
     * whole vector.
     *
     * @param trialId trial id
     * @param state COMPLETE, PRUNED or FAILED
     * @param values the values, one per objective (required for COMPLETE), or empty
     * @param error error text or captured output, or null
     * @param now end time
     * @return the finished trial
     * @throws UnsupportedOperationException if several values are given to a storage that holds one
     * @throws IllegalStateException if the trial is not RUNNING
     */
    default FrozenTrial finishTrial(long trialId, TrialState state, List<Double> values, String error, Instant now) {
        if (values.size() > 1) {
            throw new UnsupportedOperationException("this storage holds one objective value per trial");
        }
        return finishTrial(trialId, state, values.isEmpty() ? null : values.get(0), error, now);
    }

    /**
     * Sets a system attribute of a RUNNING trial (e.g. its constraint values, {@code constraints}). A storage
     * that cannot inherits this default, which refuses.
     *
     * @param trialId trial id
     * @param key attribute name
     * @param value JSON-friendly value
     * @throws UnsupportedOperationException if the storage cannot
     * @throws IllegalStateException if the trial is not RUNNING
     */
    default void setSystemAttr(long trialId, String key, Object value) {
        throw new UnsupportedOperationException("this storage cannot set system attributes of a running trial");
    }

    /**
     * Records that the worker running a trial is alive.
     *
     * @param trialId trial id
     * @param now the current time
     */
    void heartbeat(long trialId, Instant now);

    /**
     * Atomically marks FAILED every RUNNING trial of the study whose heartbeat is older than
     * {@code olderThan}.
     *
     * @param studyId study id
     * @param olderThan heartbeats strictly before this are stale
     * @param now end time to record
     * @return the trials this call failed
     */
    List<FrozenTrial> failStaleTrials(long studyId, Instant olderThan, Instant now);

    /**
     * @param trialId trial id
     * @return the trial
     */
    FrozenTrial getTrial(long trialId);

    /**
     * @param studyId study id
     * @return all trials of the study ordered by number
     */
    List<FrozenTrial> getTrials(long studyId);

    /**
     * @param studyId study id
     * @param states the states to keep
     * @return the trials in those states ordered by number
     */
    default List<FrozenTrial> getTrials(long studyId, Set<TrialState> states) {
        return getTrials(studyId).stream().filter(t -> states.contains(t.state())).toList();
    }

    /**
     * Saves the sampler's persisted state (overwrites).
     *
     * @param studyId study id
     * @param stateJson the state as JSON
     */
    void saveSamplerState(long studyId, String stateJson);

    /**
     * @param studyId study id
     * @return the last saved sampler state, or empty
     */
    Optional<String> loadSamplerState(long studyId);
}
