package dev.hyperforge.web.ensemble;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.search.Direction;
import dev.hyperforge.tracker.EnsembleRecord;
import dev.hyperforge.tracker.EnsembleSpec;
import dev.hyperforge.tracker.FloatArrays;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds, saves and lists ensembles of a study's runs from the validation predictions the runs stored
 * ({@code val_predictions/NAME} and {@code val_targets/NAME}, {@link FloatArrays} bytes).
 *
 * <p>Saved ensembles live in the tracker ({@link RunStore#saveEnsemble}): members, weights, method, the validation
 * metric next to the best single member's, and per-output metrics as details.
 *
 * <pre>{@code
 * EnsembleService ens = new EnsembleService(store);
 * EnsembleResult r = ens.build(List.of(3L, 5L, 7L), EnsembleMethod.GREEDY, null, Options.defaults());
 * EnsembleRecord saved = ens.save("top3", r);
 * }</pre>
 *
 * <p>Unknown run ids raise {@link NoSuchElementException}; unusable input raises {@link IllegalArgumentException}.
 */
public final class EnsembleService {
    /** Prefix of prediction artifacts. */
    public static final String PREDICTIONS = "val_predictions/";
    /** Prefix of target artifacts. */
    public static final String TARGETS = "val_targets/";
    /** Most members of one ensemble. */
    public static final int MAX_MEMBERS = 20;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CACHE_ENTRIES = 64;

    /**
     * Tuning of the methods.
     *
     * @param rounds greedy rounds
     * @param trials weight-optimisation trials
     * @param seed weight-optimisation seed
     */
    public record Options(int rounds, int trials, long seed) {
        /** @return 25 rounds, 40 trials, seed 42 */
        public static Options defaults() {
            return new Options(GreedySelection.DEFAULT_ROUNDS, WeightOptimizer.DEFAULT_TRIALS, 42);
        }
    }

    private final RunStore store;
    private final Map<Long, FloatArrays.Decoded> decoded = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, FloatArrays.Decoded> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    /** @param store the tracker */
    public EnsembleService(RunStore store) {
        this.store = store;
    }

    /**
     * Looks up a run, turning the store's unknown-id error into {@link NoSuchElementException}.
     *
     * @param runId id
     * @return the run
     */
    public Run run(long runId) {
        try {
            return store.run(runId);
        } catch (IllegalArgumentException e) {
            throw new NoSuchElementException("no run with id " + runId);
        }
    }

    /**
     * Loads and aligns the validation predictions of runs of one study.
     *
     * @param runIds 1..{@value #MAX_MEMBERS} distinct runs of the same study
     * @return the data
     */
    public EnsembleData load(List<Long> runIds) {
        List<Run> runs = runs(runIds);
        Map<String, Artifact> first = artifactsByName(runs.get(0));
        List<String> outputs = first.keySet().stream().filter(n -> n.startsWith(PREDICTIONS))
                .map(n -> n.substring(PREDICTIONS.length())).sorted().toList();
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("run " + runs.get(0).id() + " stored no validation predictions ("
                    + PREDICTIONS + "NAME artifacts); train it with validation data to use it in an ensemble");
        }
        List<OutputSpec> specs = new ArrayList<>();
        List<Map<String, float[]>> preds = new ArrayList<>();
        runs.forEach(r -> preds.add(new LinkedHashMap<>()));
        for (String out : outputs) {
            Artifact targets = first.get(TARGETS + out);
            if (targets == null) {
                throw new IllegalArgumentException("run " + runs.get(0).id() + " stored predictions but no targets for"
                        + " output '" + out + "' (" + TARGETS + out + ")");
            }
            int width = 0;
            boolean probabilities = true;
            for (int m = 0; m < runs.size(); m++) {
                Map<String, Artifact> arts = m == 0 ? first : artifactsByName(runs.get(m));
                checkSameRows(runs.get(0), runs.get(m), out, targets, arts);
                FloatArrays.Decoded d = decode(arts.get(PREDICTIONS + out));
                width = width(d.shape());
                probabilities &= inUnitInterval(d.values());
                preds.get(m).put(out, d.values());
            }
            FloatArrays.Decoded t = decode(targets);
            specs.add(OutputSpec.detect(out, t.values(), t.shape(), width, probabilities));
        }
        List<EnsembleData.Member> members = new ArrayList<>();
        for (int m = 0; m < runs.size(); m++) {
            members.add(new EnsembleData.Member(runs.get(m).id(), preds.get(m)));
        }
        return EnsembleData.of(specs, members);
    }

    /**
     * Computes an ensemble.
     *
     * @param runIds member candidates
     * @param method how to choose the weights
     * @param manualWeights weights for {@link EnsembleMethod#MANUAL} (normalised here), else ignored
     * @param options rounds, trials, seed
     * @return the result
     */
    public EnsembleResult build(List<Long> runIds, EnsembleMethod method, double[] manualWeights, Options options) {
        EnsembleData data = load(runIds);
        int k = data.size();
        Map<Long, Evaluation> singles = singles(data);
        long best = rank(singles).get(0);
        Map<String, Evaluation> baselines = new LinkedHashMap<>();
        double[] weights = switch (method) {
            case MANUAL -> {
                if (manualWeights == null || manualWeights.length != k) {
                    throw new IllegalArgumentException("manual weights need one weight per run (" + k + "), received "
                            + (manualWeights == null ? "none" : manualWeights.length));
                }
                yield EnsembleMath.normalize(manualWeights);
            }
            case EQUAL -> EnsembleMath.equal(k);
            case GREEDY -> GreedySelection.select(data, options.rounds()).weights();
            case OPTIMIZE -> {
                double[] eq = EnsembleMath.equal(k);
                double[] greedy = GreedySelection.select(data, options.rounds()).weights();
                baselines.put("equal", EnsembleMath.evaluate(data, eq));
                baselines.put("greedy", EnsembleMath.evaluate(data, greedy));
                yield WeightOptimizer.optimize(data, options.trials(), options.seed(), eq, greedy);
            }
        };
        return new EnsembleResult(run(runIds.get(0)).studyId(), method, runIds, EnsembleMath.evaluate(data, weights),
                singles, best, baselines);
    }

    private static Map<Long, Evaluation> singles(EnsembleData data) {
        Map<Long, Evaluation> singles = new LinkedHashMap<>();
        for (int m = 0; m < data.size(); m++) {
            double[] oneHot = new double[data.size()];
            oneHot[m] = 1;
            singles.put(data.members().get(m).runId(), EnsembleMath.evaluate(data, oneHot));
        }
        return singles;
    }

    /**
     * Saves an ensemble in the tracker under a name in its study (replacing one of the same name).
     *
     * @param name 1..64 characters of letters, digits, '.', '_' and '-', starting with a letter or digit
     * @param result the computed ensemble
     * @return what was stored
     */
    public EnsembleRecord save(String name, EnsembleResult result) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("ensemble name must be 1..64 letters, digits, '.', '_' or '-' starting"
                    + " with a letter or digit, received '" + name + "'");
        }
        List<Double> weights = new ArrayList<>();
        for (double w : result.evaluation().weights()) {
            weights.add(w);
        }
        Score score = result.evaluation().score();
        EnsembleSpec spec = new EnsembleSpec(name, result.method().key(), result.members(), weights, score.name(),
                score.value(), result.bestSingle().score().value(), details(result));
        return store.saveEnsemble(result.studyId(), spec);
    }

    /**
     * Deletes a saved ensemble.
     *
     * @param studyId study
     * @param name ensemble name
     */
    public void delete(long studyId, String name) {
        if (!store.deleteEnsemble(studyId, name)) {
            throw new NoSuchElementException("study " + studyId + " has no ensemble named '" + name + "'");
        }
    }

    /**
     * The saved ensembles of a study, by name.
     *
     * @param studyId study
     * @return the ensembles
     */
    public List<EnsembleRecord> list(long studyId) {
        return store.listEnsembles(studyId);
    }

    /**
     * The top runs of a study by objective value (COMPLETE runs), best first.
     *
     * @param studyId study
     * @param k how many, 1..{@value #MAX_MEMBERS}
     * @return the runs
     */
    public List<Run> topRuns(long studyId, int k) {
        if (k < 1 || k > MAX_MEMBERS) {
            throw new IllegalArgumentException("top k must be in 1.." + MAX_MEMBERS + ", received " + k);
        }
        StudyRecord study = store.study(studyId);
        RunQuery q = RunQuery.forStudy(studyId).states(TrialState.COMPLETE)
                .sortBy(RunQuery.SortField.VALUE, study.direction() == Direction.MAXIMIZE).page(0, k).build();
        return store.queryRuns(q).runs();
    }

    /**
     * Whether a run stored validation predictions.
     *
     * @param runId run
     * @return true when it has at least one {@code val_predictions/} artifact
     */
    public boolean hasPredictions(long runId) {
        return store.artifacts(runId).stream().anyMatch(a -> a.name().startsWith(PREDICTIONS));
    }

    private List<Run> runs(List<Long> runIds) {
        if (runIds == null || runIds.isEmpty() || runIds.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("an ensemble needs 1.." + MAX_MEMBERS + " runs, received "
                    + (runIds == null ? 0 : runIds.size()));
        }
        Set<Long> seen = new HashSet<>();
        List<Run> runs = new ArrayList<>();
        for (Long id : runIds) {
            if (!seen.add(id)) {
                throw new IllegalArgumentException("run " + id + " is listed twice; list each run once and set weights");
            }
            Run r = run(id);
            if (!runs.isEmpty() && r.studyId() != runs.get(0).studyId()) {
                throw new IllegalArgumentException("run " + id + " belongs to study " + r.studyId() + ", run "
                        + runs.get(0).id() + " to study " + runs.get(0).studyId()
                        + "; ensemble members must come from one study");
            }
            runs.add(r);
        }
        return runs;
    }

    private Map<String, Artifact> artifactsByName(Run run) {
        Map<String, Artifact> m = new LinkedHashMap<>();
        store.artifacts(run.id()).forEach(a -> m.put(a.name(), a));
        return m;
    }

    private static void checkSameRows(Run first, Run other, String out, Artifact targets, Map<String, Artifact> arts) {
        if (!arts.containsKey(PREDICTIONS + out)) {
            throw new IllegalArgumentException("run " + other.id() + " has no validation predictions for output '"
                    + out + "' that run " + first.id() + " has; members must predict the same outputs");
        }
        Artifact t = arts.get(TARGETS + out);
        if (t != null && !t.sha256().equals(targets.sha256())) {
            throw new IllegalArgumentException("run " + other.id() + "'s validation targets for output '" + out
                    + "' differ from run " + first.id() + "'s; ensembles need the same validation rows");
        }
    }

    private FloatArrays.Decoded decode(Artifact a) {
        synchronized (decoded) {
            FloatArrays.Decoded d = decoded.get(a.id());
            if (d != null) {
                return d;
            }
        }
        FloatArrays.Decoded d = FloatArrays.decode(store.artifactContent(a.id()));
        synchronized (decoded) {
            decoded.put(a.id(), d);
        }
        return d;
    }

    private static boolean inUnitInterval(float[] v) {
        for (float x : v) {
            if (!(x >= 0f && x <= 1f)) {
                return false;
            }
        }
        return true;
    }

    private static int width(int[] shape) {
        int w = 1;
        for (int i = 1; i < shape.length; i++) {
            w *= shape[i];
        }
        return w;
    }

    private static String details(EnsembleResult r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("bestSingleRunId", r.bestSingleRunId());
        ObjectNode outs = o.putObject("outputs");
        for (OutputMetrics m : r.evaluation().outputs()) {
            ObjectNode n = outs.putObject(m.output());
            n.put("task", m.task().name());
            if (m.accuracy() != null) {
                n.put("accuracy", m.accuracy());
            }
            if (m.logLoss() != null) {
                n.put("logLoss", m.logLoss());
            }
            if (m.mse() != null) {
                n.put("mse", m.mse());
            }
        }
        return o.toString();
    }

    /**
     * Sorts runs best-first by their own validation score (helper for pickers).
     *
     * @param singles evaluations by run id
     * @return run ids, best first
     */
    public static List<Long> rank(Map<Long, Evaluation> singles) {
        return singles.entrySet().stream().sorted(Map.Entry.comparingByValue(
                Comparator.comparing(Evaluation::score))).map(Map.Entry::getKey).toList();
    }
}
