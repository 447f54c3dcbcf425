package dev.hyperforge.web;

import dev.hyperforge.tracker.ArtifactKind;
import dev.hyperforge.search.Direction;
import dev.hyperforge.tracker.Environment;
import dev.hyperforge.tracker.FloatArrays;
import dev.hyperforge.tracker.Hashing;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test data written through the tracker API in the format {@code TrackingCallback} writes: per-epoch metrics
 * ({@code loss}, {@code accuracy}, {@code val_loss}, {@code val_accuracy}), {@code model.json}, {@code summary.txt},
 * {@code best-checkpoint.zip}, and the validation predictions and targets of the output {@code label}
 * ({@link FloatArrays}, 3 classes) for the ensemble builder. Deterministic for a given seed.
 */
final class StudyFixture {
    /** A string that would run script if any page put it into HTML. */
    static final String XSS = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";
    static final String OUTPUT = "label";
    static final int CLASSES = 3;

    final StudyRecord study;
    final List<Run> complete = new ArrayList<>();
    Run running;
    Run failed;
    Run xssRun;

    private StudyFixture(StudyRecord study) {
        this.study = study;
    }

    static Provenance provenance() {
        Environment env = new Environment("0123456789abcdef0123456789abcdef01234567", false, "17.0.15", "Debian",
                "Linux", "amd64", "test-host", 2);
        return Provenance.builder(env).experimentFile("name: fixture\nmodel: {}\n").resolvedConfig("{\"lr\":0.01}")
                .seed("study", 42).dataFingerprint(Hashing.sha256Hex("data")).nd4j("CPU", "linux-x86_64")
                .threads("nd4j.omp", 1).build();
    }

    /**
     * Builds a MAXIMIZE study on val_accuracy.
     *
     * @param store the tracker
     * @param name study name
     * @param trials COMPLETE trials (plus one FAILED, one PRUNED and one RUNNING trial)
     * @param rows validation rows
     * @param epochs epochs per trial
     * @param seed seed
     */
    static StudyFixture create(RunStore store, String name, int trials, int rows, int epochs, long seed) {
        StudyRecord s = store.createOrGetStudy(new StudySpec(name, Direction.MAXIMIZE, "gp", "{\"n_startup\":5}", seed));
        StudyFixture f = new StudyFixture(s);
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] targets = new float[rows * CLASSES];
        int[] labels = new int[rows];
        double[] difficulty = new double[rows];
        for (int r = 0; r < rows; r++) {
            difficulty[r] = rnd.nextDouble();
            labels[r] = rnd.nextInt(CLASSES);
            targets[r * CLASSES + labels[r]] = 1f;
        }
        byte[] targetBytes = FloatArrays.encode(targets, rows, CLASSES);
        Provenance prov = provenance();
        for (int t = 0; t < trials; t++) {
            double lr = Math.exp(rnd.nextDouble(Math.log(1e-4), Math.log(1e-1)));
            long units = 16L << rnd.nextInt(4);
            String opt = rnd.nextBoolean() ? "adam" : "rmsprop";
            double skill = 0.66 + 0.25 * Math.exp(-Math.pow(Math.log10(lr) + 2.2, 2)) + units / 2000.0
                    + (opt.equals("adam") ? 0.03 : 0) + rnd.nextDouble(-0.04, 0.04);
            Run r = store.startRun(s.id(), prov);
            store.setParams(r.id(), List.of(ParamValue.ofFloat("lr", lr, "{\"type\":\"float\",\"log\":true}"),
                    ParamValue.ofInt("units", units, "{\"type\":\"int\"}"),
                    ParamValue.ofString("optimizer", opt, "{\"type\":\"categorical\"}")));
            float[] preds = predictions(labels, difficulty, Math.min(0.95, skill), rnd);
            double valAcc = accuracy(preds, labels);
            logCurves(store, r.id(), epochs, valAcc, rnd);
            saveArtifacts(store, r.id(), preds, rows, targetBytes, units);
            f.complete.add(store.finishRun(r.id(), TrialState.COMPLETE, valAcc, null));
        }
        f.failed = store.startRun(s.id(), prov);
        store.finishRun(f.failed.id(), TrialState.FAILED, null, "java.lang.IllegalStateException: diverged (loss NaN)");
        Run pruned = store.startRun(s.id(), prov);
        logCurves(store, pruned.id(), Math.max(1, epochs / 3), 0.4, rnd);
        store.finishRun(pruned.id(), TrialState.PRUNED, null, null);
        f.running = store.startRun(s.id(), prov);
        logCurves(store, f.running.id(), 2, 0.5, rnd);
        f.xssRun = f.complete.get(0);
        store.setTag(f.xssRun.id(), "name", XSS);
        store.setTag(f.xssRun.id(), "owner", XSS);
        store.setNote(f.xssRun.id(), XSS);
        return f;
    }

    /**
     * Softmax-like rows: the true class gets most mass with a probability that grows with {@code skill} and falls
     * with the row's difficulty (shared by all models, so their errors are correlated as real models' are).
     */
    static float[] predictions(int[] labels, double[] difficulty, double skill, SplittableRandom rnd) {
        float[] p = new float[labels.length * CLASSES];
        for (int r = 0; r < labels.length; r++) {
            double right = Math.max(0.02, Math.min(0.99, skill + 1.8 * (0.5 - difficulty[r])));
            int top = rnd.nextDouble() < right ? labels[r] : (labels[r] + 1 + rnd.nextInt(CLASSES - 1)) % CLASSES;
            float mass = (float) rnd.nextDouble(0.45, 0.85);
            for (int c = 0; c < CLASSES; c++) {
                p[r * CLASSES + c] = c == top ? mass : (1 - mass) / (CLASSES - 1);
            }
        }
        return p;
    }

    static double accuracy(float[] p, int[] labels) {
        int ok = 0;
        for (int r = 0; r < labels.length; r++) {
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                if (p[r * CLASSES + c] > p[r * CLASSES + best]) {
                    best = c;
                }
            }
            ok += best == labels[r] ? 1 : 0;
        }
        return (double) ok / labels.length;
    }

    private static void logCurves(RunStore store, long runId, int epochs, double finalAcc, SplittableRandom rnd) {
        List<MetricPoint> points = new ArrayList<>();
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        for (int e = 0; e < epochs; e++) {
            double progress = 1 - Math.exp(-3.0 * (e + 1) / epochs);
            double acc = 0.34 + (finalAcc - 0.34) * progress;
            double noise = rnd.nextDouble(-0.01, 0.01);
            points.add(new MetricPoint("loss", e, 1.1 * (1 - progress) + 0.3 + noise, t));
            points.add(new MetricPoint("accuracy", e, Math.min(1, acc + 0.04 + noise), t));
            points.add(new MetricPoint("val_loss", e, 1.1 * (1 - progress) + 0.38 - noise, t));
            points.add(new MetricPoint("val_accuracy", e, e == epochs - 1 ? finalAcc : acc - noise, t));
        }
        store.logMetrics(runId, points);
    }

    private static void saveArtifacts(RunStore store, long runId, float[] preds, int rows, byte[] targets, long units) {
        store.saveArtifact(runId, "model.json", ArtifactKind.MODEL_CONFIG, "application/json",
                ("{\"class_name\":\"Model\",\"units\":" + units + "}").getBytes(StandardCharsets.UTF_8));
        String summary = "Layer (type)            Output Shape      Param #\n"
                + "image (Input)           (None, 28, 28, 1)  0\n"
                + "dense (Dense)           (None, " + units + ")        " + (784 * units + units) + "\n"
                + "label (Dense)           (None, 3)          " + (units * 3 + 3) + "\n";
        store.saveArtifact(runId, "summary.txt", ArtifactKind.OTHER, "text/plain", summary.getBytes(StandardCharsets.UTF_8));
        store.saveArtifact(runId, "best-checkpoint.zip", ArtifactKind.CHECKPOINT, "application/zip", new byte[] {80, 75, 5, 6});
        store.saveArtifact(runId, "val_predictions/" + OUTPUT, ArtifactKind.PREDICTIONS, "application/x-hf-floats",
                FloatArrays.encode(preds, rows, CLASSES));
        store.saveArtifact(runId, "val_targets/" + OUTPUT, ArtifactKind.PREDICTIONS, "application/x-hf-floats", targets);
    }
}
