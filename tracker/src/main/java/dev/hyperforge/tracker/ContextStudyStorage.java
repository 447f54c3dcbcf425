package dev.hyperforge.tracker;

import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudyInfo;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.search.storage.StudyStorage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link TrialStore} with a fixed {@link RunContext}: the writes that record provenance, an experiment link or
 * distributions pass the context; everything else is the store's own call. No conversion happens here (the store
 * speaks search's model), so it passes the same contract as the store.
 */
final class ContextStudyStorage implements StudyStorage {
    private final TrialStore store;
    private final RunContext context;

    ContextStudyStorage(TrialStore store, RunContext context) {
        this.store = Objects.requireNonNull(store, "store");
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public StudyInfo createStudy(StudySpec spec) {
        return store.createStudy(spec, context);
    }

    @Override
    public Optional<StudyInfo> findStudy(String name) {
        return store.findStudy(name);
    }

    @Override
    public StudyInfo getStudy(long studyId) {
        return store.getStudy(studyId);
    }

    @Override
    public FrozenTrial createTrial(long studyId, Instant now) {
        return store.createTrial(studyId, now, context);
    }

    @Override
    public FrozenTrial enqueueTrial(long studyId, Map<String, Object> params, Map<String, Object> systemAttrs) {
        return store.enqueueTrial(studyId, params, systemAttrs, context);
    }

    @Override
    public Optional<FrozenTrial> claimWaitingTrial(long studyId, Instant now) {
        return store.claimWaitingTrial(studyId, now, context);
    }

    @Override
    public Optional<FrozenTrial> claimTrialWithinBudget(long studyId, Instant now, int budget) {
        return store.claimTrialWithinBudget(studyId, now, budget, context);
    }

    @Override
    public FrozenTrial setTrialParams(long trialId, Map<String, Object> params, Map<String, Object> systemAttrs) {
        return store.setTrialParams(trialId, params, systemAttrs, context);
    }

    @Override
    public void reportIntermediate(long trialId, int step, double value) {
        store.reportIntermediate(trialId, step, value);
    }

    @Override
    public void setUserAttr(long trialId, String key, Object value) {
        store.setUserAttr(trialId, key, value);
    }

    @Override
    public FrozenTrial finishTrial(long trialId, TrialState state, Double value, String error, Instant now) {
        return store.finishTrial(trialId, state, value, error, now);
    }

    @Override
    public FrozenTrial finishTrial(long trialId, TrialState state, List<Double> values, String error, Instant now) {
        return store.finishTrial(trialId, state, values, error, now);
    }

    @Override
    public void setSystemAttr(long trialId, String key, Object value) {
        store.setSystemAttr(trialId, key, value);
    }

    @Override
    public void heartbeat(long trialId, Instant now) {
        store.heartbeat(trialId, now);
    }

    @Override
    public List<FrozenTrial> failStaleTrials(long studyId, Instant olderThan, Instant now, boolean requeue) {
        return store.failStaleTrials(studyId, olderThan, now, requeue);
    }

    @Override
    public FrozenTrial getTrial(long trialId) {
        return store.getTrial(trialId);
    }

    @Override
    public List<FrozenTrial> getTrials(long studyId) {
        return store.getTrials(studyId);
    }

    @Override
    public void saveSamplerState(long studyId, String stateJson) {
        store.saveSamplerState(studyId, stateJson);
    }

    @Override
    public Optional<String> loadSamplerState(long studyId) {
        return store.loadSamplerState(studyId);
    }
}
