package dev.hyperforge.experiments.run;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.hyperforge.engine.Backend;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.History;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.kernels.BatchedMatMul;
import dev.hyperforge.engine.kernels.Numerics;
import dev.hyperforge.engine.kernels.SmallKernels;
import dev.hyperforge.experiments.data.DataSet;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFile;
import dev.hyperforge.experiments.tracking.BestEpoch;
import dev.hyperforge.experiments.tracking.TrackingCallback;
import dev.hyperforge.search.storage.StudyStorage;
import dev.hyperforge.tracker.RunContext;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.sampler.Samplers;
import dev.hyperforge.search.sampler.Suggestion;
import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.Environment;
import dev.hyperforge.tracker.ExperimentRecord;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;

/**
 * Exact replays. A run is rebuilt from the experiment text, parameters and seeds the database holds,
 * retrained, and its per-epoch metrics compared value for value with the recorded ones (a run that does not
 * replay with today's kernels is retrained once more with the kernels runs recorded before them used: the
 * batched attention product, then also the op path instead of the Java path for small models); every attempt
 * runs at the engine's numerics level the run recorded ({@link Numerics#V1} for runs recorded before levels
 * existed), so that kernels whose levels differ in the last bits compute as they did; a study's sampler
 * is re-run from its seed and the history each trial recorded, and its suggestions compared.
 */
public final class Replay {
    private Replay() {
    }

    /** The outcome of a run replay. */
    public record RunReplay(boolean identical, int compared, int differing, double maxAbsDiff) {
    }

    /** Retrains run {@code runId} and prints recorded against replayed metrics. */
    public static RunReplay run(RunStore store, long runId, PrintWriter out) {
        Run run = store.run(runId);
        StudyRecord owner = store.study(run.studyId());
        if (owner.experimentId() != null && experiment(store, owner, runId).searchOnly()) {
            throw new IllegalArgumentException("run " + runId + " was run outside Hyperforge (study '" + owner.name() + "' is driven by"
                    + " ask/tell); replay its suggestions with: hf replay --study " + owner.name());
        }
        if (run.state() != TrialState.COMPLETE) {
            throw new IllegalArgumentException("run " + runId + " is " + run.state() + "; only COMPLETE runs can be replayed");
        }
        StudyRecord study = store.study(run.studyId());
        Experiment e = experiment(store, study, runId);
        if (e.command().isPresent()) {
            return dev.hyperforge.experiments.command.ProgramReplay.run(store, run, e, out);
        }
        Provenance prov = store.provenance(runId).orElseThrow(() -> new IllegalStateException("run " + runId + " has no provenance"));
        warnOnEnvironment(prov, out);
        DataSet data = Workspace.data(e);
        if (!data.fingerprint().equals(prov.dataSha256())) {
            throw new IllegalStateException("the data read now (sha256 " + data.fingerprint() + ") differs from the data run " + runId
                    + " was trained on (" + prov.dataSha256() + "); install the same dataset to replay it");
        }
        Numerics level = recordedLevel(prov);
        out.println("numerics: level " + level.level() + (prov.numerics() == null ? " (the run recorded none: it predates numerics"
                + " levels)" : " (as recorded)"));
        Numerics was = Numerics.set(level);
        try {
            return retrainWithFallbacks(store, run, study, e, data, prov, out);
        } finally {
            Numerics.set(was);
        }
    }

    /** The numerics level a run was computed with: the recorded one, else V1 (recorded before levels existed). */
    static Numerics recordedLevel(Provenance prov) {
        return prov.numerics() == null ? Numerics.V1 : Numerics.of(prov.numerics());
    }

    /**
     * Retrains with today's kernels and, when that is not identical, once more with the former ones: first
     * without the per-head attention products (when they ran; runs recorded before them used libnd4j's
     * batched product), then also without the Java path for small models (runs recorded before it). Prints
     * the last attempt's comparison, after a note per fallback taken.
     */
    private static RunReplay retrainWithFallbacks(RunStore store, Run run, StudyRecord study, Experiment e, DataSet data, Provenance prov,
            PrintWriter out) {
        long perHead = BatchedMatMul.fastCalls();
        java.io.StringWriter attempt = new java.io.StringWriter();
        RunReplay r = retrain(store, run, study, e, data, prov, new PrintWriter(attempt, true));
        boolean wasBatched = BatchedMatMul.enabled();
        boolean wasSmall = SmallKernels.enabled();
        List<KernelFallback> fallbacks = List.of(
                new KernelFallback(BatchedMatMul.fastCalls() != perHead, "the per-head attention products; retraining with"
                        + " libnd4j's batched product (-Dhf.batchedMatMul=false), which runs recorded before them used",
                        () -> BatchedMatMul.setEnabled(false)),
                new KernelFallback(wasSmall, "the engine's Java path for small models; retraining with the op path"
                        + " (-Dhf.smallKernels=false), which runs recorded before that path existed used",
                        () -> {
                            SmallKernels.setEnabled(false);
                            BatchedMatMul.setEnabled(false);
                        }));
        try {
            for (KernelFallback f : fallbacks) {
                if (r.identical()) {
                    break;
                }
                if (f.applies()) {
                    out.println("note: not identical with " + f.note());
                    f.formerPath().run();
                    attempt = new java.io.StringWriter();
                    r = retrain(store, run, study, e, data, prov, new PrintWriter(attempt, true));
                }
            }
        } finally {
            SmallKernels.setEnabled(wasSmall);
            BatchedMatMul.setEnabled(wasBatched);
        }
        out.print(attempt);
        return r;
    }

    /**
     * A former kernel path to retrain with when today's does not replay: whether it applies, the note printed, and
     * what switches the engine to it.
     */
    private record KernelFallback(boolean applies, String note, Runnable formerPath) {
    }

    /** Retrains the run's trial and compares its metrics and weights with the recorded ones. */
    private static RunReplay retrain(RunStore store, Run run, StudyRecord study, Experiment e, DataSet data, Provenance prov, PrintWriter out) {
        Map<String, Object> params = run.trial().params();
        Long train = prov.seeds().get(SingleRun.TRAIN_SEED);
        long trialSeed = train != null ? Seeds.trial(train, 0) : Seeds.trial(study.seed(), run.number());
        Limits limits = Limits.fromMap(parseConfig(prov.resolvedConfigJson()).get("limits"));
        TrialRunner runner = new TrialRunner(e, data, limits);
        int lastFold = runner.splits().size() - 1;
        BestEpoch best = new BestEpoch(runner.objective().metric(),
                runner.objective().mode());
        Path workDir = tempDir();
        TrialRunner.Outcome outcome;
        try {
            outcome = runner.run(params, trialSeed, workDir, fold -> fold == lastFold ? List.of(best) : List.of(), false);
        } finally {
            Directories.deleteTree(workDir);
        }
        History h = outcome.folds().get(outcome.folds().size() - 1).history();
        List<Double> replayedValues = run.values().size() > 1 ? ObjectiveVector.values(e.search().orElseThrow(), outcome)
                : List.of(outcome.score());
        RunReplay r = compare(store, run, h, replayedValues, objectiveNames(e, run), out);
        boolean weightsSame = compareWeights(store, run.id(), best, out);
        return new RunReplay(r.identical() && weightsSame, r.compared(), r.differing(), r.maxAbsDiff());
    }

    private static boolean compareWeights(RunStore store, long runId, BestEpoch best, PrintWriter out) {
        Artifact ckpt = store.artifacts(runId).stream().filter(a -> a.name().equals(TrackingCallback.CHECKPOINT)).findFirst().orElse(null);
        if (ckpt == null || best.weights() == null) {
            out.println("weights: no checkpoint recorded; not compared");
            return true;
        }
        List<INDArray> recorded;
        try {
            Path tmp = Files.createTempFile("hf-ckpt", ".zip");
            try {
                try (java.io.InputStream in = store.openArtifact(ckpt.id())) {
                    Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);   // verified against its SHA-256
                }
                recorded = Model.load(tmp).getWeights();
                out.println("checkpoint: sha256 " + ckpt.sha256() + " verified, read from " + ckpt.location());
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException("cannot read the checkpoint of run " + runId + ": " + ex.getMessage(), ex);
        }
        List<INDArray> replayed = best.weights();
        boolean same = recorded.size() == replayed.size();
        for (int i = 0; same && i < recorded.size(); i++) {
            same = recorded.get(i).equals(replayed.get(i)) && recorded.get(i).sub(replayed.get(i)).amaxNumber().doubleValue() == 0.0;
        }
        out.println(same ? "weights: the best epoch's " + recorded.size() + " weight arrays are bit-identical to the recorded checkpoint"
                : "weights: DIFFER from the recorded checkpoint");
        return same;
    }

    /** The objectives' metric names of a multi-objective run; {@code objective} for a single value. */
    private static List<String> objectiveNames(Experiment e, Run run) {
        if (run.values().size() <= 1) {
            return List.of("objective");
        }
        return e.search().orElseThrow().objectives().stream().map(o -> o.metric()).toList();
    }

    private static RunReplay compare(RunStore store, Run run, History h, List<Double> values, List<String> names,
                                     PrintWriter out) {
        int compared = 0;
        int differing = 0;
        double maxDiff = 0;
        out.printf("%-24s %5s %18s %18s  %s%n", "metric", "epoch", "recorded", "replayed", "");
        for (String name : run.lastMetrics().keySet()) {
            List<Double> replayed = h.values().get(name);
            for (MetricPoint p : store.metricHistory(run.id(), name)) {
                Double r = replayed == null || p.step() >= replayed.size() ? null : replayed.get((int) p.step());
                boolean same = r != null && r.doubleValue() == p.value();
                compared++;
                if (!same) {
                    differing++;
                    maxDiff = r == null ? Double.POSITIVE_INFINITY : Math.max(maxDiff, Math.abs(r - p.value()));
                }
                out.printf(Locale.ROOT, "%-24s %5d %18.10g %18s  %s%n", name, p.step(), p.value(), r == null ? "-" : String.format(Locale.ROOT, "%.10g", r),
                        same ? "" : "DIFFERS");
            }
        }
        boolean valueSame = run.values().size() == values.size();
        int n = Math.min(values.size(), run.values().size());
        for (int k = 0; k < n; k++) {
            String name = names.get(k);
            boolean timing = names.size() > 1 && ObjectiveVector.isTiming(name);
            boolean same = timing || run.values().get(k).doubleValue() == values.get(k).doubleValue();
            valueSame &= same;
            out.printf(Locale.ROOT, "%-24s %5s %18.10g %18.10g  %s%n", name, "", run.values().get(k), values.get(k),
                    timing ? "(a timing: not compared)" : same ? "" : "DIFFERS");
        }
        boolean identical = differing == 0 && valueSame;
        out.println(identical ? "identical: " + compared + " metric values and the objective match exactly"
                : String.format(Locale.ROOT, "differences: %d of %d metric values differ (max abs diff %.3g)%s", differing, compared, maxDiff,
                valueSame ? "" : ", objective differs"));
        return new RunReplay(identical, compared, differing, maxDiff);
    }

    /** Re-runs a study's sampler for each sampled trial and compares the suggestions; true when all match. */
    public static boolean study(RunStore store, String name, PrintWriter out) {
        StudyRecord rec = store.findStudyRecord(name).orElseThrow(() -> new IllegalArgumentException("no study named '" + name + "'; hf studies lists them"));
        if ("manual".equals(rec.samplerName())) {
            throw new IllegalArgumentException("study '" + name + "' holds hf train runs (no sampler); replay its runs with hf replay RUN_ID");
        }
        Experiment e = experiment(store, rec, -1);
        StudyStorage storage = store.withRunContext(new RunContext(() -> {
            throw new IllegalStateException("a replay never creates runs");
        }, rec.experimentId(), Map.of()));
        Study study = Study.builder(name, SearchSpaces.space(e)).sampler(Samplers.create(rec.samplerName(), rec.samplerSettingsJson()))
                .seed(rec.seed()).storage(storage).directions(rec.directions().toArray(new dev.hyperforge.search.Direction[0]))
                .build();
        List<FrozenTrial> trials = new ArrayList<>(study.trials());
        trials.sort(Comparator.comparingInt(FrozenTrial::number));
        int checked = 0;
        int differ = 0;
        for (FrozenTrial t : trials) {
            if (!t.systemAttrs().containsKey(Study.SEEN_TRIALS)) {
                continue;
            }
            Suggestion s = study.replaySuggestion(t.number());
            boolean same = sameParams(s.params(), t.params());
            checked++;
            differ += same ? 0 : 1;
            out.printf("trial %-4d %s%s%n", t.number(), same ? "same suggestion" : "DIFFERS", same ? "" : ": recorded " + t.params() + ", replayed " + s.params());
        }
        out.println(differ == 0 ? "identical: " + checked + " suggestions replayed exactly" : "differences: " + differ + " of " + checked + " suggestions differ");
        return differ == 0;
    }

    static boolean sameParams(Map<String, Object> a, Map<String, Object> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (String k : a.keySet()) {
            Object x = a.get(k);
            Object y = b.get(k);
            boolean same = x instanceof Number nx && y instanceof Number ny ? nx.doubleValue() == ny.doubleValue() : Objects.equals(x, y);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    private static Experiment experiment(RunStore store, StudyRecord study, long runId) {
        if (study.experimentId() == null) {
            throw new IllegalStateException("study '" + study.name() + "' has no experiment file recorded; it cannot be replayed");
        }
        ExperimentRecord rec = store.experiment(study.experimentId());
        return ExperimentFile.parse(rec.text(), "experiment " + rec.sha256().substring(0, 12) + " (from the database)");
    }

    private static void warnOnEnvironment(Provenance p, PrintWriter out) {
        Environment now = Environment.capture();
        warn(out, "code version", p.codeVersion() + (p.codeDirty() ? " (dirty)" : ""), now.codeVersion() + (now.codeDirty() ? " (dirty)" : ""));
        warn(out, "ND4J backend", p.nd4jBackend() + " " + p.nd4jClassifier(), Backend.backendName() + " " + Backend.nativeClassifier());
        warn(out, "native threads", String.valueOf(p.threads().get("nd4j.native")), String.valueOf(Backend.nativeThreads()));
        warn(out, "Java", p.javaVersion(), now.javaVersion());
    }

    private static void warn(PrintWriter out, String what, String recorded, String now) {
        if (!Objects.equals(recorded, now)) {
            out.printf("warning: %s differs: recorded %s, now %s; results may differ%n", what, recorded, now);
        }
    }

    private static Map<String, Object> parseConfig(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json,
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException("the run's recorded configuration is not JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("hf-replay");
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
