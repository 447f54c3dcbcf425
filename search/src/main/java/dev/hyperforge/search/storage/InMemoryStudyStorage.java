package dev.hyperforge.search.storage;

import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.TrialState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A {@link StudyStorage} in the heap of one JVM; every operation is {@code synchronized}. Good for tests and
 * single-process studies; nothing survives the JVM.
 *
 * <pre>{@code
 * StudyStorage storage = new InMemoryStudyStorage();
 * }</pre>
 */
public final class InMemoryStudyStorage implements StudyStorage {

    private final Map<Long, StudyInfo> studies = new HashMap<>();
    private final Map<String, Long> studyIdByName = new HashMap<>();
    private final Map<Long, List<Long>> trialIdsByStudy = new HashMap<>();
    private final Map<Long, FrozenTrial> trials = new HashMap<>();
    private final Map<Long, String> samplerStates = new HashMap<>();
    private long nextStudyId = 1;
    private long nextTrialId = 1;

    /** Creates an empty storage. */
    public InMemoryStudyStorage() {
    }

    @Override
    public synchronized StudyInfo createStudy(StudySpec spec) {
        if (studyIdByName.containsKey(spec.name())) {
            throw new IllegalArgumentException("study '" + spec.name() + "' already exists; load it instead");
        }
        StudyInfo info = new StudyInfo(nextStudyId++, spec, Instant.now());
        studies.put(info.id(), info);
        studyIdByName.put(spec.name(), info.id());
        trialIdsByStudy.put(info.id(), new ArrayList<>());
        return info;
    }

    @Override
    public synchronized Optional<StudyInfo> findStudy(String name) {
        Long id = studyIdByName.get(name);
        return id == null ? Optional.empty() : Optional.of(studies.get(id));
    }

    @Override
    public synchronized StudyInfo getStudy(long studyId) {
        StudyInfo info = studies.get(studyId);
        if (info == null) {
            throw new NoSuchElementException("no study with id " + studyId);
        }
        return info;
    }

    @Override
    public synchronized FrozenTrial createTrial(long studyId, Instant now) {
        return newTrial(studyId, TrialState.RUNNING, Map.of(), Map.of(), now);
    }

    @Override
    public synchronized FrozenTrial enqueueTrial(long studyId, Map<String, Object> params,
                                                 Map<String, Object> systemAttrs) {
        return newTrial(studyId, TrialState.WAITING, params, systemAttrs, null);
    }

    private FrozenTrial newTrial(long studyId, TrialState state, Map<String, Object> params,
                                 Map<String, Object> systemAttrs, Instant now) {
        getStudy(studyId);
        List<Long> ids = trialIdsByStudy.get(studyId);
        FrozenTrial t = FrozenTrial.fresh(nextTrialId++, studyId, ids.size(), state, params, now)
                .withParams(params, systemAttrs);
        ids.add(t.id());
        trials.put(t.id(), t);
        return t;
    }

    @Override
    public synchronized Optional<FrozenTrial> claimWaitingTrial(long studyId, Instant now) {
        getStudy(studyId);
        for (long id : trialIdsByStudy.get(studyId)) {
            FrozenTrial t = trials.get(id);
            if (t.state() == TrialState.WAITING) {
                FrozenTrial running = t.started(TrialState.RUNNING, now);
                trials.put(id, running);
                return Optional.of(running);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized Optional<FrozenTrial> claimTrialWithinBudget(long studyId, Instant now, int budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("trial budget must be at least 1, received " + budget);
        }
        getStudy(studyId);
        int started = 0;
        int waiting = 0;
        for (long id : trialIdsByStudy.get(studyId)) {
            TrialState state = trials.get(id).state();
            waiting += state == TrialState.WAITING ? 1 : 0;
            started += state != TrialState.WAITING && state != TrialState.FAILED ? 1 : 0;
        }
        if (waiting > 0 && started < budget) {
            return claimWaitingTrial(studyId, now);
        }
        return started + waiting >= budget ? Optional.empty() : Optional.of(createTrial(studyId, now));
    }

    @Override
    public synchronized FrozenTrial setTrialParams(long trialId, Map<String, Object> params,
                                                   Map<String, Object> systemAttrs) {
        FrozenTrial t = running(trialId, "set parameters of");
        if (!t.params().isEmpty()) {
            throw new IllegalStateException("trial " + t.number() + " already has parameters " + t.params());
        }
        FrozenTrial updated = t.withParams(params, systemAttrs);
        trials.put(trialId, updated);
        return updated;
    }

    @Override
    public synchronized void reportIntermediate(long trialId, int step, double value) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, received " + step);
        }
        trials.put(trialId, running(trialId, "report to").withIntermediate(step, value));
    }

    @Override
    public synchronized void setUserAttr(long trialId, String key, Object value) {
        trials.put(trialId, getTrial(trialId).withUserAttr(key, value));
    }

    @Override
    public synchronized FrozenTrial finishTrial(long trialId, TrialState state, Double value, String error,
                                                Instant now) {
        if (!state.isFinished()) {
            throw new IllegalArgumentException("finishTrial needs COMPLETE, PRUNED or FAILED, received " + state);
        }
        return finishTrial(trialId, state, FrozenTrial.valuesOf(value), error, now);
    }

    /** Stores the whole vector of values (one per objective). */
    @Override
    public synchronized FrozenTrial finishTrial(long trialId, TrialState state, List<Double> values, String error,
                                                Instant now) {
        if (!state.isFinished()) {
            throw new IllegalArgumentException("finishTrial needs COMPLETE, PRUNED or FAILED, received " + state);
        }
        FrozenTrial t = running(trialId, "finish");
        FrozenTrial done = t.finished(state, values, error, now);
        trials.put(trialId, done);
        return done;
    }

    @Override
    public synchronized void setSystemAttr(long trialId, String key, Object value) {
        running(trialId, "set a system attribute of");
        trials.put(trialId, getTrial(trialId).withSystemAttr(key, value));
    }

    @Override
    public synchronized void heartbeat(long trialId, Instant now) {
        FrozenTrial t = getTrial(trialId);
        if (t.state() == TrialState.RUNNING) {
            trials.put(trialId, t.withHeartbeat(now));
        }
    }

    @Override
    public synchronized List<FrozenTrial> failStaleTrials(long studyId, Instant olderThan, Instant now) {
        getStudy(studyId);
        List<FrozenTrial> failed = new ArrayList<>();
        for (long id : trialIdsByStudy.get(studyId)) {
            FrozenTrial t = trials.get(id);
            if (t.state() == TrialState.RUNNING && t.heartbeat() != null && t.heartbeat().isBefore(olderThan)) {
                FrozenTrial f = t.finished(TrialState.FAILED, (Double) null, "heartbeat stale since " + t.heartbeat(), now);
                trials.put(id, f);
                failed.add(f);
            }
        }
        return failed;
    }

    @Override
    public synchronized FrozenTrial getTrial(long trialId) {
        FrozenTrial t = trials.get(trialId);
        if (t == null) {
            throw new NoSuchElementException("no trial with id " + trialId);
        }
        return t;
    }

    @Override
    public synchronized List<FrozenTrial> getTrials(long studyId) {
        getStudy(studyId);
        return trialIdsByStudy.get(studyId).stream().map(trials::get).toList();
    }

    @Override
    public synchronized void saveSamplerState(long studyId, String stateJson) {
        getStudy(studyId);
        samplerStates.put(studyId, stateJson);
    }

    @Override
    public synchronized Optional<String> loadSamplerState(long studyId) {
        getStudy(studyId);
        return Optional.ofNullable(samplerStates.get(studyId));
    }

    private FrozenTrial running(long trialId, String action) {
        FrozenTrial t = getTrial(trialId);
        if (t.state() != TrialState.RUNNING) {
            throw new IllegalStateException("cannot " + action + " trial " + t.number() + " in state " + t.state()
                    + "; only RUNNING trials can change");
        }
        return t;
    }
}
