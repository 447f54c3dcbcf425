package dev.hyperforge.tracker.memory;

import dev.hyperforge.search.storage.StudyStorage;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.ArtifactKind;
import dev.hyperforge.tracker.Checks;
import dev.hyperforge.search.Direction;
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
import dev.hyperforge.tracker.AbstractRunStore;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyDeletion;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.StudySummary;
import dev.hyperforge.tracker.TrialValues;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A {@link RunStore} held in memory, for tests and dry runs. Thread-safe (one lock); it follows the same
 * contract as {@code JdbcRunStore}, including immutability of finished runs and millisecond timestamps.
 *
 * <pre>{@code
 * RunStore store = new InMemoryRunStore();
 * }</pre>
 */
public final class InMemoryRunStore extends AbstractRunStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<Long, ExperimentRecord> experiments = new HashMap<>();
    private final Map<Long, StudyState> studies = new HashMap<>();
    private final Map<Long, MutableRun> runs = new HashMap<>();
    private final MemoryArtifacts artifacts = new MemoryArtifacts();
    private final MemoryEnsembles ensembles = new MemoryEnsembles();
    private long nextId = 1;

    /** A store using the system clock. */
    public InMemoryRunStore() {
        this(Clock.systemUTC());
    }

    /**
     * A store with a given clock.
     *
     * @param clock source of timestamps
     */
    public InMemoryRunStore(Clock clock) {
        super(clock);
    }

    @Override
    public synchronized ExperimentRecord saveExperiment(String fileText) {
        Objects.requireNonNull(fileText, "experiment file text");
        String sha = Hashing.sha256Hex(fileText);
        return experiments.values().stream().filter(e -> e.sha256().equals(sha)).findFirst().orElseGet(() -> {
            ExperimentRecord e = new ExperimentRecord(nextId++, sha, fileText, now());
            experiments.put(e.id(), e);
            return e;
        });
    }

    @Override
    public synchronized ExperimentRecord experiment(long experimentId) {
        ExperimentRecord e = experiments.get(experimentId);
        if (e == null) {
            throw new java.util.NoSuchElementException("no experiment with id " + experimentId);
        }
        return e;
    }

    @Override
    public synchronized StudyRecord createOrGetStudy(StudySpec spec, Long experimentId) {
        Optional<StudyRecord> existing = findStudyRecord(spec.name());
        if (existing.isPresent()) {
            if (!existing.get().directions().equals(spec.directions())) {
                throw new IllegalArgumentException("study '" + spec.name() + "' exists with directions "
                        + existing.get().directions() + ", cannot reuse it with " + spec.directions()
                        + "; choose another name");
            }
            return existing.get();
        }
        StudyState s = new StudyState();
        s.record = new StudyRecord(nextId++, spec, experimentId, now());
        studies.put(s.record.id(), s);
        return s.record;
    }

    @Override
    public synchronized Optional<StudyRecord> findStudyRecord(String name) {
        return studies.values().stream().map(s -> s.record).filter(r -> r.name().equals(name)).findFirst();
    }

    @Override
    public synchronized StudyRecord study(long studyId) {
        return studyState(studyId).record;
    }

    private StudyState studyState(long studyId) {
        StudyState s = studies.get(studyId);
        if (s == null) {
            throw new java.util.NoSuchElementException("no study with id " + studyId);
        }
        return s;
    }

    @Override
    public synchronized List<StudySummary> listStudies() {
        List<StudySummary> out = new ArrayList<>();
        studies.values().stream().map(s -> s.record).sorted(Comparator.comparing(StudyRecord::name)).forEach(s -> {
            Map<TrialState, Long> counts = new EnumMap<>(TrialState.class);
            Double best = null;
            for (MutableRun r : runs.values()) {
                if (r.studyId == s.id()) {
                    counts.merge(r.state, 1L, Long::sum);
                    Double v = r.firstValue();
                    if (r.state == TrialState.COMPLETE && v != null) {
                        best = best == null ? v : s.direction() == Direction.MINIMIZE
                                ? Math.min(best, v) : Math.max(best, v);
                    }
                }
            }
            out.add(new StudySummary(s, counts, best));
        });
        return out;
    }

    @Override
    public synchronized StudyDeletion deleteStudy(long studyId, boolean force) {
        String name = studyState(studyId).record.name();
        List<MutableRun> of = runs.values().stream().filter(r -> r.studyId == studyId)
                .sorted(Comparator.comparingLong(r -> r.id)).toList();
        List<Long> running = of.stream().filter(r -> r.state == TrialState.RUNNING).map(r -> r.id).toList();
        if (!running.isEmpty() && !force) {
            throw new IllegalStateException("study '" + name + "' has " + running.size() + " RUNNING trial(s) (runs "
                    + running + "); stop their workers first, or force the deletion");
        }
        long points = of.stream().mapToLong(r -> r.metrics.values().stream().mapToLong(List::size).sum()).sum();
        int removedArtifacts = 0;
        for (MutableRun r : of) {
            removedArtifacts += artifacts.deleteOf(r.id);
            runs.remove(r.id);
        }
        ensembles.deleteOf(studyId);
        studies.remove(studyId);
        return new StudyDeletion(name, of.stream().map(r -> r.id).toList(), points, removedArtifacts);
    }

    @Override
    public synchronized void saveSamplerState(long studyId, String stateJson) {
        studyState(studyId).samplerState = Objects.requireNonNull(stateJson, "sampler state");
    }

    @Override
    public synchronized Optional<String> loadSamplerState(long studyId) {
        return Optional.ofNullable(studyState(studyId).samplerState);
    }

    @Override
    public synchronized void setStudyAttribute(long studyId, String key, String jsonValue) {
        Checks.name("study attribute key", key, 200);
        Checks.jsonText("study attribute '" + key + "'", jsonValue);
        studyState(studyId).attributes.put(key, jsonValue);
    }

    @Override
    public synchronized Map<String, String> studyAttributes(long studyId) {
        return new TreeMap<>(studyState(studyId).attributes);
    }

    @Override
    public synchronized void saveStudyView(long studyId, String name, long completeCount, String body) {
        Checks.name("study view name", name, 40);
        studyState(studyId).views.put(name, new dev.hyperforge.tracker.StudyView(completeCount, body));
    }

    @Override
    public synchronized Optional<dev.hyperforge.tracker.StudyView> studyView(long studyId, String name) {
        return Optional.ofNullable(studyState(studyId).views.get(name));
    }

    @Override
    protected synchronized Optional<Run> claimRunWithinBudget(long studyId, Instant now, int budget,
                                                              Provenance provenance) {
        studyState(studyId);
        long counted = runs.values().stream().filter(r -> r.studyId == studyId && (r.state == TrialState.RUNNING
                || r.state == TrialState.COMPLETE || r.state == TrialState.PRUNED)).count();
        long waiting = runs.values().stream().filter(r -> r.studyId == studyId && r.state == TrialState.WAITING).count();
        if (waiting > 0 && counted < budget) {
            return claimWaitingRun(studyId, now, provenance);
        }
        return counted + waiting >= budget ? Optional.empty() : Optional.of(startTrial(studyId, now, provenance));
    }

    private MutableRun newRun(long studyId, TrialState state) {
        StudyState s = studyState(studyId);
        MutableRun r = new MutableRun();
        r.id = nextId++;
        r.studyId = studyId;
        r.number = s.nextNumber++;
        r.state = state;
        r.systemAttrs = "{}";
        runs.put(r.id, r);
        return r;
    }

    @Override
    protected synchronized Run startTrial(long studyId, Instant now, Provenance provenance) {
        MutableRun r = newRun(studyId, TrialState.RUNNING);
        if (provenance != null) {
            saveExperiment(provenance.experimentText());
        }
        r.started = now;
        r.heartbeat = now;
        r.provenance = provenance;
        return r.snapshot();
    }

    @Override
    public synchronized Run enqueueTrial(long studyId, Collection<ParamValue> params, String systemAttrsJson) {
        Checks.jsonObject("system attributes", systemAttrsJson);
        List<ParamValue> copy = List.copyOf(params);
        MutableRun r = newRun(studyId, TrialState.WAITING);
        r.systemAttrs = systemAttrsJson;
        copy.forEach(p -> r.params.put(p.name(), p));
        return r.snapshot();
    }

    @Override
    protected synchronized Optional<Run> claimWaitingRun(long studyId, Instant now, Provenance provenance) {
        studyState(studyId);
        Optional<MutableRun> waiting = runs.values().stream()
                .filter(r -> r.studyId == studyId && r.state == TrialState.WAITING)
                .min(Comparator.comparingInt(r -> r.number));
        waiting.ifPresent(r -> {
            if (provenance != null) {
                saveExperiment(provenance.experimentText());
            }
            r.state = TrialState.RUNNING;
            r.started = now;
            r.heartbeat = r.started;
            r.provenance = provenance;
        });
        return waiting.map(MutableRun::snapshot);
    }

    private MutableRun anyRun(long runId) {
        MutableRun r = runs.get(runId);
        if (r == null) {
            throw new java.util.NoSuchElementException("no run with id " + runId);
        }
        return r;
    }

    private MutableRun unfinished(long runId, String action) {
        MutableRun r = anyRun(runId);
        if (r.state.isFinished()) {
            throw new IllegalStateException("cannot " + action + ": run " + runId + " is " + r.state
                    + " and finished runs are immutable; start a new run instead");
        }
        return r;
    }

    private MutableRun running(long runId, String action) {
        MutableRun r = unfinished(runId, action);
        if (r.state != TrialState.RUNNING) {
            throw new IllegalStateException("cannot " + action + ": run " + runId + " is " + r.state
                    + ", not RUNNING; claim it first with claimWaiting");
        }
        return r;
    }

    @Override
    public synchronized void setParams(long runId, Collection<ParamValue> params) {
        List<ParamValue> copy = List.copyOf(params);
        MutableRun r = unfinished(runId, "set parameters");
        copy.forEach(p -> r.params.put(p.name(), p));
    }

    @Override
    public synchronized void reportIntermediate(long runId, int step, double value) {
        if (step < 0) {
            throw new IllegalArgumentException("intermediate step must be >= 0, received " + step);
        }
        running(runId, "report an intermediate value").intermediate.put(step, value);
    }

    @Override
    public synchronized void logMetrics(long runId, List<MetricPoint> points) {
        List<MetricPoint> copy = List.copyOf(points);
        if (copy.isEmpty()) {
            return;
        }
        MutableRun r = running(runId, "log metrics");
        for (MetricPoint p : copy) {
            r.metrics.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
            MetricPoint last = r.latest.get(p.name());
            if (last == null || p.step() >= last.step()) {
                r.latest.put(p.name(), p);
            }
        }
    }

    @Override
    protected synchronized List<Run> failStaleAt(long studyId, Instant cutoff, Instant now, String error,
                                                 boolean requeue) {
        studyState(studyId);
        List<Run> failed = new ArrayList<>();
        runs.values().stream().filter(r -> r.studyId == studyId && r.state == TrialState.RUNNING)
                .filter(r -> (r.heartbeat != null ? r.heartbeat : r.started).isBefore(cutoff))
                .sorted(Comparator.comparingLong(r -> r.id)).toList().forEach(r -> {
                    r.state = TrialState.FAILED;
                    r.finished = now;
                    r.error = error;
                    Run f = r.snapshot();
                    failed.add(f);
                    if (requeue && !f.params().isEmpty()) {
                        enqueueTrial(studyId, f.params().values(), "{\"" + StudyStorage.RETRIED_FROM + "\":" + f.number() + "}");
                    }
                });
        return failed;
    }

    @Override
    protected synchronized Run finishAt(long runId, TrialState state, List<Double> values, String error, Instant now,
                                        boolean fromRunningOnly) {
        checkFinish(runId, state, values);
        MutableRun r = fromRunningOnly ? running(runId, "finish it as " + state)
                : unfinished(runId, "finish it as " + state);
        r.state = state;
        r.values = values;
        r.error = error;
        r.finished = now;
        r.heartbeat = r.finished;
        return r.snapshot();
    }

    // ---- the timed primitives of the trial lifecycle ----

    @Override
    protected synchronized StudyRecord insertStudy(StudySpec spec, Long experimentId) {
        if (findStudyRecord(spec.name()).isPresent()) {
            throw new IllegalArgumentException("a study named '" + spec.name() + "' exists; choose another name");
        }
        return createOrGetStudy(spec, experimentId);
    }

    @Override
    protected synchronized Run setParamsOnce(long trialId, Collection<ParamValue> params,
                                             Map<String, Object> systemAttrs) {
        MutableRun r = running(trialId, "set parameters");
        if (!r.params.isEmpty()) {
            throw new IllegalStateException("cannot set parameters: trial " + trialId + " already has "
                    + r.params.size() + "; a trial's parameters are set once");
        }
        params.forEach(p -> r.params.put(p.name(), p));
        Map<String, Object> attrs = TrialValues.object(r.systemAttrs);
        attrs.putAll(systemAttrs);
        r.systemAttrs = TrialValues.json(attrs);
        return r.snapshot();
    }

    @Override
    protected synchronized void heartbeatAt(long trialId, Instant now) {
        running(trialId, "heartbeat").heartbeat = now;
    }

    @Override
    public synchronized void putSystemAttribute(long runId, String key, String jsonValue) {
        Checks.name("system attribute key", key, 200);
        Checks.jsonText("system attribute '" + key + "'", jsonValue);
        MutableRun r = unfinished(runId, "set a system attribute");
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(r.systemAttrs);
            node.set(key, JSON.readTree(jsonValue));
            r.systemAttrs = JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void setTag(long runId, String key, String value) {
        Checks.name("tag key", key, 200);
        Objects.requireNonNull(value, "tag value");
        if (value.length() > 1000) {
            throw new IllegalArgumentException("tag '" + key + "' value longer than 1000 characters");
        }
        anyRun(runId).tags.put(key, value);
    }

    @Override
    public synchronized void setNote(long runId, String note) {
        anyRun(runId).note = note;
    }

    @Override
    public synchronized Artifact saveArtifact(long runId, String name, ArtifactKind kind, String mediaType,
                                              java.io.InputStream content) {
        Checks.name("artifact name", name, 200);
        Objects.requireNonNull(kind, "artifact kind");
        Checks.name("artifact media type", mediaType, 100);
        unfinished(runId, "save an artifact");
        try {
            return artifacts.save(runId, name, kind, mediaType, content.readAllBytes(), now());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read artifact '" + name + "': " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Run run(long runId) {
        return anyRun(runId).snapshot();
    }

    @Override
    public synchronized Optional<Run> findTrial(long studyId, int number) {
        return runs.values().stream().filter(r -> r.studyId == studyId && r.number == number).findFirst()
                .map(MutableRun::snapshot);
    }

    @Override
    public synchronized List<Run> listRuns(long studyId, Set<TrialState> states) {
        studyState(studyId);
        return runs.values().stream().filter(r -> r.studyId == studyId)
                .filter(r -> states.isEmpty() || states.contains(r.state))
                .sorted(Comparator.comparingInt(r -> r.number)).map(MutableRun::snapshot).toList();
    }

    @Override
    public synchronized RunPage queryRuns(RunQuery query) {
        List<Run> all = matching(query);
        int from = (int) Math.min(all.size(), query.offset());
        int to = Math.min(all.size(), from + query.limit());
        return new RunPage(all.subList(from, to), all.size(), query.offset());
    }

    @Override
    public void forEachRun(RunQuery query, Consumer<? super Run> action) {
        List<Run> all;
        synchronized (this) {
            all = matching(query);
        }
        all.forEach(action);
    }

    private List<Run> matching(RunQuery q) {
        studyState(q.studyId());
        return RunMatcher.matching(runs.values(), q);
    }

    @Override
    public synchronized List<MetricPoint> metricHistory(long runId, String metricName) {
        List<MetricPoint> points = new ArrayList<>(anyRun(runId).metrics.getOrDefault(metricName, List.of()));
        points.sort(Comparator.comparingLong(MetricPoint::step).thenComparing(MetricPoint::time));
        return List.copyOf(points);
    }

    @Override
    public synchronized Optional<Provenance> provenance(long runId) {
        return Optional.ofNullable(anyRun(runId).provenance);
    }

    @Override
    public synchronized List<Artifact> artifacts(long runId) {
        anyRun(runId);
        return artifacts.of(runId);
    }

    @Override
    public synchronized java.io.InputStream openArtifact(long artifactId) {
        return artifacts.open(artifactId);
    }

    @Override
    public synchronized boolean artifactPresent(long artifactId) {
        artifacts.open(artifactId);
        return true;
    }

    @Override
    public synchronized void deleteArtifact(long artifactId) {
        artifacts.delete(artifactId);
    }

    @Override
    public synchronized List<String> paramNames(long studyId) {
        studyState(studyId);
        TreeSet<String> names = new TreeSet<>();
        runs.values().stream().filter(r -> r.studyId == studyId).forEach(r -> names.addAll(r.params.keySet()));
        return List.copyOf(names);
    }

    @Override
    public synchronized List<String> metricNames(long studyId) {
        studyState(studyId);
        TreeSet<String> names = new TreeSet<>();
        runs.values().stream().filter(r -> r.studyId == studyId).forEach(r -> names.addAll(r.latest.keySet()));
        return List.copyOf(names);
    }

    @Override
    public synchronized EnsembleRecord saveEnsemble(long studyId, EnsembleSpec spec) {
        Objects.requireNonNull(spec, "ensemble spec");
        studyState(studyId);
        for (long runId : spec.memberRunIds()) {
            MutableRun r = runs.get(runId);
            if (r == null) {
                throw new IllegalArgumentException("no run with id " + runId);
            }
            if (r.studyId != studyId) {
                throw new IllegalArgumentException("run " + runId + " belongs to study " + r.studyId + ", not to study "
                        + studyId + "; ensemble members must be runs of the ensemble's study");
            }
        }
        return ensembles.save(studyId, spec, now());
    }

    @Override
    public synchronized List<EnsembleRecord> listEnsembles(long studyId) {
        studyState(studyId);
        return ensembles.of(studyId);
    }

    @Override
    public synchronized Optional<EnsembleRecord> findEnsemble(long studyId, String name) {
        studyState(studyId);
        return ensembles.find(studyId, name);
    }

    @Override
    public synchronized boolean deleteEnsemble(long studyId, String name) {
        studyState(studyId);
        return ensembles.delete(studyId, name);
    }

    @Override
    public void close() {
        // nothing to release
    }
}
