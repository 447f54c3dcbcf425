package dev.hyperforge.ensemble;

import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.FloatArrays;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the validation predictions and targets runs stored in the tracker ({@code val_predictions/NAME} and
 * {@code val_targets/NAME}, {@link FloatArrays} bytes) and aligns them by output into {@link EnsembleData}. Decoded
 * arrays are cached by artifact id (artifacts never change once stored), so the dashboard's repeated evaluations of
 * the same candidates decode each array once; the cache keeps at most {@value #CACHE_ENTRIES} arrays and
 * {@value #CACHE_FLOATS} values in all, least recently used first out (the array used last is always kept).
 *
 * <pre>{@code
 * EnsembleData data = new StoredPredictions(store).load(List.of(store.run(3), store.run(5)));
 * }</pre>
 */
final class StoredPredictions {
    static final int CACHE_ENTRIES = 64;
    /** The most float values kept decoded (64 MB). */
    static final long CACHE_FLOATS = 16_000_000;

    private final RunStore store;
    private final long maxFloats;
    private final LinkedHashMap<Long, FloatArrays.Decoded> decoded = new LinkedHashMap<>(64, 0.75f, true);
    private long keptFloats;

    StoredPredictions(RunStore store) {
        this(store, CACHE_FLOATS);
    }

    /** With another bound on the kept values (tests). */
    StoredPredictions(RunStore store, long maxFloats) {
        this.store = store;
        this.maxFloats = maxFloats;
    }

    /**
     * Loads and aligns the predictions of runs (already checked to be distinct runs of one study).
     *
     * @param runs 1 or more runs
     * @return the data, outputs sorted by name
     */
    EnsembleData load(List<Run> runs) {
        Map<String, Artifact> first = artifactsByName(runs.get(0));
        List<String> outputs = first.keySet().stream().filter(n -> n.startsWith(EnsembleService.PREDICTIONS))
                .map(n -> n.substring(EnsembleService.PREDICTIONS.length())).sorted().toList();
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("run " + runs.get(0).id() + " stored no validation predictions ("
                    + EnsembleService.PREDICTIONS + "NAME artifacts); train it with validation data to use it in an"
                    + " ensemble");
        }
        List<OutputSpec> specs = new ArrayList<>();
        List<Map<String, float[]>> preds = new ArrayList<>();
        runs.forEach(r -> preds.add(new LinkedHashMap<>()));
        for (String out : outputs) {
            specs.add(loadOutput(runs, first, out, preds));
        }
        List<EnsembleData.Member> members = new ArrayList<>();
        for (int m = 0; m < runs.size(); m++) {
            members.add(new EnsembleData.Member(runs.get(m).id(), preds.get(m)));
        }
        return EnsembleData.of(specs, members);
    }

    /**
     * Whether a run stored validation predictions.
     *
     * @param runId run
     * @return true when it has at least one {@code val_predictions/} artifact
     */
    boolean has(long runId) {
        return store.artifacts(runId).stream().anyMatch(a -> a.name().startsWith(EnsembleService.PREDICTIONS));
    }

    private OutputSpec loadOutput(List<Run> runs, Map<String, Artifact> first, String out,
                                  List<Map<String, float[]>> preds) {
        Artifact targets = first.get(EnsembleService.TARGETS + out);
        if (targets == null) {
            throw new IllegalArgumentException("run " + runs.get(0).id() + " stored predictions but no targets for"
                    + " output '" + out + "' (" + EnsembleService.TARGETS + out + ")");
        }
        int width = 0;
        boolean probabilities = true;
        for (int m = 0; m < runs.size(); m++) {
            Map<String, Artifact> arts = m == 0 ? first : artifactsByName(runs.get(m));
            checkSameRows(runs.get(0), runs.get(m), out, targets, arts);
            FloatArrays.Decoded d = decode(arts.get(EnsembleService.PREDICTIONS + out));
            width = width(d.shape());
            probabilities &= inUnitInterval(d.values());
            preds.get(m).put(out, d.values());
        }
        FloatArrays.Decoded t = decode(targets);
        return OutputSpec.detect(out, t.values(), t.shape(), width, probabilities);
    }

    private Map<String, Artifact> artifactsByName(Run run) {
        Map<String, Artifact> m = new LinkedHashMap<>();
        store.artifacts(run.id()).forEach(a -> m.put(a.name(), a));
        return m;
    }

    private static void checkSameRows(Run first, Run other, String out, Artifact targets, Map<String, Artifact> arts) {
        if (!arts.containsKey(EnsembleService.PREDICTIONS + out)) {
            throw new IllegalArgumentException("run " + other.id() + " has no validation predictions for output '"
                    + out + "' that run " + first.id() + " has; members must predict the same outputs");
        }
        Artifact t = arts.get(EnsembleService.TARGETS + out);
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
            FloatArrays.Decoded old = decoded.put(a.id(), d);
            keptFloats += d.values().length - (old == null ? 0 : old.values().length);
            Iterator<FloatArrays.Decoded> eldest = decoded.values().iterator();
            while (decoded.size() > 1 && (decoded.size() > CACHE_ENTRIES || keptFloats > maxFloats)) {
                keptFloats -= eldest.next().values().length;
                eldest.remove();
            }
        }
        return d;
    }

    /** @return how many float values are kept decoded */
    long keptFloats() {
        synchronized (decoded) {
            return keptFloats;
        }
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
}
