package dev.hyperforge.experiments.tracking;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudyInfo;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.search.storage.StudyStorage;
import dev.hyperforge.tracker.ParamType;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;

/**
 * The search module's {@link StudyStorage} kept in the tracker: a study is a tracker study, a trial is a
 * run. Several processes pointing at the same database share studies; trial numbers are claimed by the
 * tracker in a transaction. Every run is created with the provenance the supplier gives.
 *
 * <pre>{@code
 * StudyStorage storage = new TrackedStudyStorage(runStore, () -> provenance, experimentId);
 * Study study = Study.builder("fashion", space).storage(storage).sampler(new GpSampler()).build();
 * }</pre>
 */
public final class TrackedStudyStorage implements StudyStorage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunStore store;
    private final Supplier<Provenance> provenance;
    private final Long experimentId;
    private final Map<String, String> distributions;

    /**
     * A storage that records parameters without their distributions ({@code {}}).
     *
     * @param store the tracker
     * @param provenance provenance for each new run
     * @param experimentId the experiment file's id in the tracker, or null
     */
    public TrackedStudyStorage(RunStore store, Supplier<Provenance> provenance, Long experimentId) {
        this(store, provenance, experimentId, Map.of());
    }

    /**
     * @param store the tracker
     * @param provenance provenance for each new run
     * @param experimentId the experiment file's id in the tracker, or null
     * @param distributions the search distribution of each parameter as a JSON object (see
     *     {@code SearchSpaces.distributionsJson}), recorded with every parameter value
     */
    public TrackedStudyStorage(RunStore store, Supplier<Provenance> provenance, Long experimentId,
                               Map<String, String> distributions) {
        this.store = store;
        this.provenance = provenance;
        this.experimentId = experimentId;
        this.distributions = Map.copyOf(distributions);
    }

    @Override
    public StudyInfo createStudy(StudySpec spec) {
        StudyRecord r = store.createOrGetStudy(spec, experimentId);
        return info(r);
    }

    @Override
    public Optional<StudyInfo> findStudy(String name) {
        return store.findStudy(name).map(TrackedStudyStorage::info);
    }

    @Override
    public StudyInfo getStudy(long studyId) {
        return info(store.study(studyId));
    }

    @Override
    public FrozenTrial createTrial(long studyId, Instant now) {
        return frozen(store.startRun(studyId, provenance.get()));
    }

    @Override
    public FrozenTrial enqueueTrial(long studyId, Map<String, Object> params, Map<String, Object> systemAttrs) {
        return frozen(store.enqueueTrial(studyId, paramValues(params, distributions), json(systemAttrs)));
    }

    @Override
    public Optional<FrozenTrial> claimWaitingTrial(long studyId, Instant now) {
        return store.claimWaiting(studyId, provenance.get()).map(TrackedStudyStorage::frozen);
    }

    @Override
    public Optional<FrozenTrial> claimTrialWithinBudget(long studyId, Instant now, int budget) {
        return store.claimWithinBudget(studyId, provenance.get(), budget).map(TrackedStudyStorage::frozen);
    }

    @Override
    public FrozenTrial setTrialParams(long trialId, Map<String, Object> params, Map<String, Object> systemAttrs) {
        store.setParams(trialId, paramValues(params, distributions));
        for (Map.Entry<String, Object> e : systemAttrs.entrySet()) {
            store.putSystemAttribute(trialId, e.getKey(), json(e.getValue()));
        }
        return frozen(store.run(trialId));
    }

    @Override
    public void reportIntermediate(long trialId, int step, double value) {
        store.reportIntermediate(trialId, step, value);
    }

    @Override
    public void setUserAttr(long trialId, String key, Object value) {
        store.setTag(trialId, key, value instanceof String s ? s : json(value));
    }

    @Override
    public FrozenTrial finishTrial(long trialId, TrialState state, Double value, String error, Instant now) {
        return frozen(store.finishRun(trialId, TrialState.valueOf(state.name()), value, error));
    }

    @Override
    public void heartbeat(long trialId, Instant now) {
        store.heartbeat(trialId);
    }

    @Override
    public List<FrozenTrial> failStaleTrials(long studyId, Instant olderThan, Instant now) {
        Duration threshold = Duration.between(olderThan, now);
        List<FrozenTrial> out = new ArrayList<>();
        for (Run r : store.failStaleRuns(studyId, threshold.isNegative() ? Duration.ZERO : threshold)) {
            out.add(frozen(r));
        }
        return out;
    }

    @Override
    public FrozenTrial getTrial(long trialId) {
        return frozen(store.run(trialId));
    }

    @Override
    public List<FrozenTrial> getTrials(long studyId) {
        List<FrozenTrial> out = new ArrayList<>();
        for (Run r : store.listRuns(studyId, EnumSet.allOf(TrialState.class))) {
            out.add(frozen(r));
        }
        return out;
    }

    @Override
    public void saveSamplerState(long studyId, String stateJson) {
        store.saveSamplerState(studyId, stateJson.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<String> loadSamplerState(long studyId) {
        return store.loadSamplerState(studyId).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private static dev.hyperforge.search.Direction direction(dev.hyperforge.search.Direction d) {
        return dev.hyperforge.search.Direction.valueOf(d.name());
    }

    private static StudyInfo info(StudyRecord r) {
        return new StudyInfo(r.id(), new StudySpec(r.name(), dev.hyperforge.search.Direction.valueOf(r.direction().name()),
                r.samplerName(), r.samplerSettingsJson(), r.seed()), r.createdAt());
    }

    /** Search parameter values as typed tracker parameters, without distributions. */
    public static List<ParamValue> paramValues(Map<String, Object> params) {
        return paramValues(params, Map.of());
    }

    /**
     * Search parameter values as typed tracker parameters, each with its distribution's JSON (or {@code {}}).
     * Values without a tracker type (simplex weights, booleans) are stored as JSON text, marked by
     * {@code "encoding":"json"} in the distribution.
     *
     * @param params values by name
     * @param distributions distribution JSON objects by parameter name
     * @return the tracker parameters
     */
    public static List<ParamValue> paramValues(Map<String, Object> params, Map<String, String> distributions) {
        List<ParamValue> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : params.entrySet()) {
            Object v = e.getValue();
            String d = distributions.getOrDefault(e.getKey(), "{}");
            if (v instanceof Double || v instanceof Float) {
                out.add(ParamValue.ofFloat(e.getKey(), ((Number) v).doubleValue(), d));
            } else if (v instanceof Integer || v instanceof Long) {
                out.add(ParamValue.ofInt(e.getKey(), ((Number) v).longValue(), d));
            } else if (v instanceof String str) {
                out.add(ParamValue.ofString(e.getKey(), str, d));
            } else {
                out.add(ParamValue.ofString(e.getKey(), json(v), jsonEncoded(d)));
            }
        }
        return out;
    }

    private static String jsonEncoded(String distribution) {
        Map<String, Object> d = new LinkedHashMap<>(parse(distribution, new TypeReference<Map<String, Object>>() { }));
        d.put("encoding", "json");
        return json(d);
    }

    private static boolean isJsonEncoded(String distribution) {
        try {
            return "json".equals(JSON.readTree(distribution).path("encoding").asText(null));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** Tracker parameters back as search values (Integer for ints that fit). */
    public static Map<String, Object> values(Map<String, ParamValue> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ParamValue p : params.values()) {
            Object v;
            if (p.type() == ParamType.INT) {
                long l = p.intValue();
                v = l == (int) l ? (Object) (int) l : (Object) l;
            } else if (p.type() == ParamType.STRING && isJsonEncoded(p.distributionJson())) {
                v = parse(p.stringValue(), new TypeReference<Object>() { });
            } else {
                v = p.value();
            }
            out.put(p.name(), v);
        }
        return out;
    }

    static FrozenTrial frozen(Run r) {
        Map<Integer, Double> inter = new LinkedHashMap<>();
        r.intermediateValues().forEach((k, v) -> inter.put(k.intValue(), v));
        Map<String, Object> sys = parse(r.systemAttrsJson(), new TypeReference<Map<String, Object>>() { });
        Map<String, Object> user = new LinkedHashMap<>(r.tags());
        TrialState state = TrialState.valueOf(r.state().name());
        return new FrozenTrial(r.id(), r.studyId(), r.number(), state, values(r.params()), FrozenTrial.valuesOf(r.value()), inter, r.startedAt(),
                r.finishedAt(), r.heartbeatAt(), user, sys, r.error());
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON: " + o, e);
        }
    }

    static <T> T parse(String text, TypeReference<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is corrupt: " + text, e);
        }
    }
}
