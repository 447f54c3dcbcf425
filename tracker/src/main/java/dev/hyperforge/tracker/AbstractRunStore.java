package dev.hyperforge.tracker;

import dev.hyperforge.search.storage.StudyStorage;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudyInfo;
import dev.hyperforge.search.storage.StudySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The trial lifecycle of a {@link RunStore}, written once over a few timed primitives that each store implements:
 * search's storage contract (the caller's clock, a {@link RunContext}, {@link FrozenTrial}s) and the run API of
 * {@link RunLog} (the store's clock, a required provenance, {@link Run}s) are both views of the same primitives,
 * so the in-memory and the JDBC store differ only in how they keep rows.
 *
 * <pre>{@code
 * public final class MyRunStore extends AbstractRunStore {
 *     public MyRunStore(Clock clock) { super(clock); }
 *     protected Run startTrial(long studyId, Instant now, Provenance provenance) { ... }
 *     // ... the other primitives and the rest of RunStore
 * }
 * }</pre>
 */
public abstract class AbstractRunStore implements RunStore {
    private final Clock clock;

    /**
     * @param clock the clock of the run API (heartbeats, finish times of {@code finishRun})
     */
    protected AbstractRunStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return the store's clock, to the millisecond (what a database column keeps) */
    protected Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    /**
     * Creates a study; a name that exists raises {@link IllegalArgumentException}.
     *
     * @param spec the study
     * @param experimentId linked experiment file, or null
     * @return the stored study
     */
    protected abstract StudyRecord insertStudy(StudySpec spec, Long experimentId);

    /**
     * Claims the next number and creates a RUNNING trial started at {@code now}, with its provenance when given,
     * in one transaction.
     *
     * @param studyId study
     * @param now start and heartbeat time
     * @param provenance provenance, or null
     * @return the run
     */
    protected abstract Run startTrial(long studyId, Instant now, Provenance provenance);

    /**
     * Makes the WAITING trial with the smallest number RUNNING at {@code now}.
     *
     * @param studyId study
     * @param now start time
     * @param provenance provenance, or null
     * @return the claimed run, or empty when none waits
     */
    protected abstract Optional<Run> claimWaitingRun(long studyId, Instant now, Provenance provenance);

    /**
     * The budget claim of {@link #claimTrialWithinBudget(long, Instant, int)}, under the study's lock.
     *
     * @param studyId study
     * @param now start time
     * @param budget budget, at least 1
     * @param provenance provenance, or null
     * @return the claimed or new run, or empty
     */
    protected abstract Optional<Run> claimRunWithinBudget(long studyId, Instant now, int budget, Provenance provenance);

    /**
     * Sets the parameters of a RUNNING trial that has none (else {@link IllegalStateException}) and merges system
     * attributes.
     *
     * @param trialId trial
     * @param params typed parameters
     * @param systemAttrs attributes to add
     * @return the run
     */
    protected abstract Run setParamsOnce(long trialId, Collection<ParamValue> params, Map<String, Object> systemAttrs);

    /**
     * Moves a run to a final state at {@code now}.
     *
     * @param runId run
     * @param state COMPLETE, PRUNED or FAILED
     * @param values objective values, one per objective (required for COMPLETE), or empty
     * @param error error text, or null
     * @param now end time
     * @param runningOnly true: only a RUNNING trial finishes (the storage contract); false: a WAITING one too
     * @return the finished run
     */
    protected abstract Run finishAt(long runId, TrialState state, List<Double> values, String error, Instant now,
                                    boolean runningOnly);

    /**
     * Records a heartbeat of a RUNNING run.
     *
     * @param runId run
     * @param now heartbeat time
     */
    protected abstract void heartbeatAt(long runId, Instant now);

    /**
     * Fails every RUNNING run of the study whose heartbeat (or start) is before {@code cutoff}, atomically.
     *
     * @param studyId study
     * @param cutoff stale before this
     * @param now end time
     * @param error the error text to record
     * @param requeue whether to queue, in the same transaction, a WAITING copy (same parameters, system attribute
     *     {@value StudyStorage#RETRIED_FROM}) of each failed run that has parameters
     * @return the runs this call failed
     */
    protected abstract List<Run> failStaleAt(long studyId, Instant cutoff, Instant now, String error, boolean requeue);

    // ---- the run API: the store's clock ----

    @Override
    public Run startRun(long studyId, Provenance provenance) {
        return startTrial(studyId, now(), required(provenance));
    }

    @Override
    public Optional<Run> claimWaiting(long studyId, Provenance provenance) {
        return claimWaitingRun(studyId, now(), required(provenance));
    }

    @Override
    public Optional<Run> claimWithinBudget(long studyId, Provenance provenance, int budget) {
        return claimRunWithinBudget(studyId, now(), checkBudget(budget), required(provenance));
    }

    @Override
    public void heartbeat(long runId) {
        heartbeatAt(runId, now());
    }

    @Override
    public List<Run> failStaleRuns(long studyId, Duration threshold) {
        Instant now = now();
        return failStaleAt(studyId, now.minus(threshold), now,
                "no heartbeat for more than " + threshold + " (worker presumed dead)", false);
    }

    @Override
    public Run finishRun(long runId, TrialState state, Double value, String error) {
        return finishAt(runId, state, FrozenTrial.valuesOf(value), error, now(), false);
    }

    @Override
    public Run finishRunValues(long runId, TrialState state, List<Double> values, String error) {
        return finishAt(runId, state, List.copyOf(values), error, now(), false);
    }

    // ---- search's storage contract: the caller's clock ----

    @Override
    public StudyInfo createStudy(StudySpec spec, RunContext context) {
        return insertStudy(spec, context.experimentId()).info();
    }

    @Override
    public Optional<StudyInfo> findStudy(String name) {
        return findStudyRecord(name).map(StudyRecord::info);
    }

    @Override
    public StudyInfo getStudy(long studyId) {
        return study(studyId).info();
    }

    @Override
    public FrozenTrial createTrial(long studyId, Instant now, RunContext context) {
        return startTrial(studyId, ms(now), context.provenanceNow()).trial();
    }

    @Override
    public FrozenTrial enqueueTrial(long studyId, Map<String, Object> params, Map<String, Object> systemAttrs,
                                    RunContext context) {
        return enqueueTrial(studyId, TrialValues.params(params, context.distributions()),
                TrialValues.json(systemAttrs)).trial();
    }

    @Override
    public Optional<FrozenTrial> claimWaitingTrial(long studyId, Instant now, RunContext context) {
        return claimWaitingRun(studyId, ms(now), context.provenanceNow()).map(Run::trial);
    }

    @Override
    public Optional<FrozenTrial> claimTrialWithinBudget(long studyId, Instant now, int budget, RunContext context) {
        return claimRunWithinBudget(studyId, ms(now), checkBudget(budget), context.provenanceNow()).map(Run::trial);
    }

    @Override
    public FrozenTrial setTrialParams(long trialId, Map<String, Object> params, Map<String, Object> systemAttrs,
                                      RunContext context) {
        return setParamsOnce(trialId, TrialValues.params(params, context.distributions()), Map.copyOf(systemAttrs))
                .trial();
    }

    @Override
    public void setUserAttr(long trialId, String key, Object value) {
        setTag(trialId, key, value instanceof String s ? s : TrialValues.json(value));
    }

    @Override
    public FrozenTrial finishTrial(long trialId, TrialState state, Double value, String error, Instant now) {
        return finishAt(trialId, state, FrozenTrial.valuesOf(value), error, ms(now), true).trial();
    }

    /**
     * Finishes a trial with its vector of objective values (a multi-objective study's trial): the first value also
     * lands where single-objective readers and sorting look.
     *
     * @param trialId trial
     * @param state COMPLETE, PRUNED or FAILED
     * @param values objective values (required for COMPLETE), or empty
     * @param error error text, or null
     * @param now end time
     * @return the finished trial
     */
    @Override
    public FrozenTrial finishTrial(long trialId, TrialState state, List<Double> values, String error, Instant now) {
        return finishAt(trialId, state, List.copyOf(values), error, ms(now), true).trial();
    }

    @Override
    public void setSystemAttr(long trialId, String key, Object value) {
        Run r = run(trialId);
        if (r.state() != TrialState.RUNNING) {
            throw new IllegalStateException("trial " + trialId + " is " + r.state() + "; only a RUNNING trial takes system"
                    + " attributes");
        }
        putSystemAttribute(trialId, key, TrialValues.json(value));
    }

    @Override
    public void heartbeat(long trialId, Instant now) {
        heartbeatAt(trialId, ms(now));
    }

    @Override
    public List<FrozenTrial> failStaleTrials(long studyId, Instant olderThan, Instant now, boolean requeue) {
        return failStaleAt(studyId, ms(olderThan), ms(now), "no heartbeat since " + olderThan
                + " (worker presumed dead)", requeue).stream().map(Run::trial).toList();
    }

    @Override
    public FrozenTrial getTrial(long trialId) {
        return run(trialId).trial();
    }

    @Override
    public List<FrozenTrial> getTrials(long studyId) {
        return listRuns(studyId, Set.of()).stream().map(Run::trial).toList();
    }

    /**
     * Checks a finish request before anything is locked.
     *
     * @param runId run
     * @param state requested state
     * @param values values
     */
    protected static void checkFinish(long runId, TrialState state, List<Double> values) {
        if (state == null || !state.isFinished()) {
            throw new IllegalArgumentException("run " + runId + " can only be finished as COMPLETE, PRUNED or FAILED,"
                    + " received " + state);
        }
        if (state == TrialState.COMPLETE && (values.isEmpty() || values.stream().anyMatch(v -> v == null || v.isNaN()))) {
            throw new IllegalArgumentException("run " + runId + " finished COMPLETE needs an objective value, received "
                    + (values.size() == 1 ? values.get(0) : values) + "; use FAILED for runs without one");
        }
    }

    private static Instant ms(Instant t) {
        return Instant.ofEpochMilli(t.toEpochMilli());
    }

    private static int checkBudget(int budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("trial budget must be at least 1, received " + budget);
        }
        return budget;
    }

    private static Provenance required(Provenance provenance) {
        return Objects.requireNonNull(provenance, "a run cannot be recorded without provenance");
    }
}
