package dev.hyperforge.web;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.TestFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small MINIMIZE study on {@code val_loss} over every kind of parameter: {@code lr} (log float 1e-4..1e-1, which
 * drives the objective: an optimum at 10^-2.5), {@code batch} (categorical [32, 16, 48]), {@code units} (int
 * 16..256) and {@code w} (simplex of age, income, gender summing to 3, stored as one JSON string). Eight COMPLETE
 * trials whose value is the best epoch's {@code val_loss}, two PRUNED ones with their intermediate values, run by
 * two workers (tag {@code worker}); each trial also logs a metric named {@code lr} (a schedule), as users do.
 */
final class SpaceFixture {
    static final String W_DIST = "{\"type\":\"simplex\",\"components\":[\"age\",\"income\",\"gender\"],\"total\":3.0,"
            + "\"encoding\":\"json\"}";
    final StudyRecord study;
    final List<Run> complete = new ArrayList<>();
    final List<Run> pruned = new ArrayList<>();

    private SpaceFixture(StudyRecord study) {
        this.study = study;
    }

    static SpaceFixture create(RunStore store, TestFixtures.MutableClock clock, String name) {
        StudyRecord s = store.createOrGetStudy(new StudySpec(name, Direction.MINIMIZE, "tpe", "{}", 7));
        store.setStudyAttribute(s.id(), "objective", "{\"metric\":\"val_loss\",\"direction\":\"MINIMIZE\"}");
        SpaceFixture f = new SpaceFixture(s);
        SplittableRandom rnd = new SplittableRandom(7);
        for (int t = 0; t < 10; t++) {
            double lr = Math.pow(10, -4 + 3 * ((t * 0.37) % 1.0));
            long batch = List.of(32L, 16L, 48L).get(rnd.nextInt(3));
            long units = rnd.nextInt(16, 257);
            double a = rnd.nextDouble();
            double b = rnd.nextDouble() * (1 - a);
            String w = "[" + 3 * a + "," + 3 * b + "," + 3 * (1 - a - b) + "]";
            Run r = store.startRun(s.id(), StudyFixture.provenance());
            store.setTag(r.id(), "worker", t % 2 == 0 ? "host-a:101" : "host-b:202");
            store.setParams(r.id(), List.of(
                    ParamValue.ofFloat("lr", lr, "{\"type\":\"float\",\"low\":1.0E-4,\"high\":0.1,\"log\":true}"),
                    ParamValue.ofInt("batch", batch, "{\"type\":\"categorical\",\"choices\":[32,16,48]}"),
                    ParamValue.ofInt("units", units, "{\"type\":\"int\",\"low\":16,\"high\":256,\"log\":false}"),
                    ParamValue.ofString("w", w, W_DIST)));
            double floor = 0.3 + 0.2 * Math.pow(Math.log10(lr) + 2.5, 2) + 0.01 * rnd.nextDouble();
            boolean prune = t == 3 || t == 7;
            int epochs = prune ? 3 : 8;
            double best = logCurves(store, r.id(), epochs, floor, lr, clock);
            if (prune) {
                f.pruned.add(store.finishRun(r.id(), TrialState.PRUNED, null, null));
            } else {
                f.complete.add(store.finishRun(r.id(), TrialState.COMPLETE, best, null));
            }
        }
        return f;
    }

    /** Loss curves falling to {@code floor} at the 7th epoch and rising after it; returns the best val_loss. */
    private static double logCurves(RunStore store, long runId, int epochs, double floor, double lr,
                                    TestFixtures.MutableClock clock) {
        List<MetricPoint> points = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (int e = 0; e < epochs; e++) {
            clock.advance(Duration.ofSeconds(20));
            double val = floor + 0.8 * Math.exp(-0.7 * e) + (e == 7 ? 0.02 : 0);
            best = Math.min(best, val);
            points.add(new MetricPoint("loss", e, val - 0.05, clock.instant()));
            points.add(new MetricPoint("val_loss", e, val, clock.instant()));
            points.add(new MetricPoint("lr", e, lr * Math.pow(0.9, e), clock.instant()));
            store.reportIntermediate(runId, e, val);
        }
        store.logMetrics(runId, points);
        return best;
    }
}
