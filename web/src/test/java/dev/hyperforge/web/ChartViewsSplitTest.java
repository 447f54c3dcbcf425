package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.FinishedRun;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.TrialPoint;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;
import dev.hyperforge.web.Importance.Slim;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The chart views of a large study read from the run table alone, with the parameters of only the trials a chart
 * shows, give what the views computed from every trial with its parameters gave: the same thinned history
 * ({@code total}, {@code sampled}), the exact same EDF steps, the same best points and the same importance on the
 * same sample, where the parameter that drives the objective ranks first.
 */
class ChartViewsSplitTest {
    private static final int TRIALS = 6_500;

    @Test
    void viewsFromTheRunTableEqualTheViewsOfEveryTrialWithItsParameters() {
        try (Database db = Database.open("jdbc:h2:mem:chart-split;DB_CLOSE_DELAY=-1");
             JdbcRunStore jdbc = new JdbcRunStore(db)) {
            StudyRecord study = jdbc.createOrGetStudy(new StudySpec("split", Direction.MAXIMIZE, "random", "{}", 1));
            fill(jdbc, study);
            AtomicInteger paramsRead = new AtomicInteger();
            AtomicInteger rangeReads = new AtomicInteger();
            RunStore store = counting(jdbc, paramsRead, rangeReads);
            long n = jdbc.studySummary(study.id()).counts().get(TrialState.COMPLETE);
            List<TrialPoint> full = jdbc.completeTrials(study.id(), Instant.EPOCH);
            assertEquals(TRIALS, n);
            StudyAnalytics analytics = new StudyAnalytics(store, StudyAnalytics.MAX_STUDIES, StudyAnalytics.MAX_KEPT_TRIALS,
                    false);

            Map.Entry<String, Integer> history = analytics.historyJson(study, n, ChartViews.DEFAULT_HISTORY_POINTS);
            assertEquals(0, paramsRead.get(), "the history reads no parameter");
            assertEquals(full.size() - 1, (int) history.getValue(), "total: the infinite value is not drawn");
            assertTrue(history.getValue() > ChartViews.DEFAULT_HISTORY_POINTS, "sampled");
            assertEquals(ChartViews.json(HistorySample.of(historyOf(full), ChartViews.DEFAULT_HISTORY_POINTS)),
                    history.getKey());
            assertEquals(ChartViews.json(ChartViews.edf(slims(full), ChartViews.EDF_POINTS)), analytics.edfJson(study, n));
            assertEquals(0, paramsRead.get(), "nor does the EDF");

            List<Slim> best = slims(full);
            best.sort(Comparator.comparingDouble(Slim::value).reversed());
            assertEquals(ChartViews.json(best.subList(0, ChartViews.DEFAULT_POINTS)),
                    analytics.pointsJson(study, n, ChartViews.DEFAULT_POINTS));
            assertEquals(ChartViews.DEFAULT_POINTS, paramsRead.get(), "the best points' parameters only");

            List<Map<String, Object>> importance = analytics.importance(study, n);
            assertEquals(Importance.of(Importance.sample(slims(full), Importance.MAX_SAMPLE), Set.of("optimizer"),
                    Importance.SAMPLED_RESAMPLES), importance);
            assertEquals("lr", importance.get(0).get("param"));
            assertEquals(Importance.MAX_SAMPLE, importance.get(0).get("trials"));
            assertEquals(ChartViews.DEFAULT_POINTS, paramsRead.get(), "none more by id:");
            assertEquals(1, rangeReads.get(), "the sample's parameters are one range of sample keys");
            assertEquals(List.of("dropout", "lr", "optimizer", "units"),
                    List.copyOf(analytics.distributions(study, n).keySet()));

            int before = paramsRead.get();
            for (int i = 0; i < 3; i++) {
                var r = jdbc.startRun(study.id(), StudyFixture.provenance());
                jdbc.setParams(r.id(), List.of(ParamValue.ofFloat("momentum", 0.9, "{}")));
                jdbc.finishRun(r.id(), TrialState.COMPLETE, 2.0 + i, null);
            }
            long later = n + 3;
            assertEquals(full.size() + 2, analytics.historyJson(study, later, ChartViews.DEFAULT_HISTORY_POINTS).getValue());
            assertEquals(3, paramsRead.get() - before, "a live update reads the new trials' parameters by id");
            assertTrue(analytics.distributions(study, later).containsKey("momentum"));
            assertEquals(4.0, analytics.points(study, later, 1).get(0).value());
            assertEquals(Map.of("momentum", 0.9), analytics.points(study, later, 1).get(0).params());
            assertEquals(1, analytics.fullReads());
        }
    }

    @Test
    void theStudyCallStartsTheViewsInTheBackgroundAndTheChartsGetWhatTheCallsWouldHaveComputed() throws Exception {
        try (Database db = Database.open("jdbc:h2:mem:chart-background;DB_CLOSE_DELAY=-1");
             JdbcRunStore jdbc = new JdbcRunStore(db)) {
            StudyRecord study = jdbc.createOrGetStudy(new StudySpec("bg", Direction.MAXIMIZE, "random", "{}", 1));
            fill(jdbc, study);
            AtomicInteger paramsRead = new AtomicInteger();
            StudyAnalytics analytics = new StudyAnalytics(counting(jdbc, paramsRead, new AtomicInteger()));
            StudyAnalytics onCall = new StudyAnalytics(jdbc, StudyAnalytics.MAX_STUDIES, StudyAnalytics.MAX_KEPT_TRIALS,
                    false);
            long n = jdbc.studySummary(study.id()).counts().get(TrialState.COMPLETE);

            assertEquals(onCall.distributions(study, n), analytics.distributions(study, n), "names before the views");
            var importance = java.util.concurrent.CompletableFuture.supplyAsync(() -> analytics.importance(study, n));
            var points = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> analytics.pointsJson(study, n, ChartViews.DEFAULT_POINTS));
            assertEquals(onCall.historyJson(study, n), analytics.historyJson(study, n));
            assertEquals(onCall.edfJson(study, n), analytics.edfJson(study, n));
            assertEquals(onCall.pointsJson(study, n, ChartViews.DEFAULT_POINTS), points.get());
            assertEquals(onCall.importance(study, n), importance.get());
            analytics.awaitBackground();
            assertEquals(1, analytics.fullReads(), "the calls waited for the background's read");
            assertTrue(paramsRead.get() <= ChartViews.DEFAULT_POINTS + Importance.MAX_SAMPLE, "each run's read once");

            List<Map<String, Object>> kept = analytics.importance(study, n);
            int more = TRIALS / 100 + 1;
            for (int i = 0; i < more; i++) {
                var r = jdbc.startRun(study.id(), StudyFixture.provenance());
                jdbc.setParams(r.id(), List.of(ParamValue.ofFloat("lr", 1e-4, "{}")));
                jdbc.finishRun(r.id(), TrialState.COMPLETE, 0.01 * i, null);
            }
            long later = n + more;
            assertEquals(kept, analytics.importance(study, later), "1 % more: the kept ranking while the next is made");
            analytics.awaitBackground();
            assertEquals(onCall.importance(study, later), analytics.importance(study, later), "then the new one");
            assertTrue(!kept.equals(analytics.importance(study, later)), "which differs");
        }
    }

    /** COMPLETE trials peaked in lr, one infinite value, a FAILED and a PRUNED trial. */
    private static void fill(JdbcRunStore store, StudyRecord study) {
        SplittableRandom rnd = new SplittableRandom(7);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<FinishedRun> runs = new ArrayList<>();
        for (int i = 0; i < TRIALS; i++) {
            double lr = Math.exp(rnd.nextDouble(Math.log(1e-4), Math.log(1e-1)));
            double value = i == 17 ? Double.POSITIVE_INFINITY
                    : 0.9 - Math.pow(Math.log10(lr) + 2.5, 2) / 10 + rnd.nextDouble(-0.01, 0.01);
            List<ParamValue> params = List.of(ParamValue.ofFloat("lr", lr, "{\"type\":\"float\",\"log\":true}"),
                    ParamValue.ofInt("units", 16L << rnd.nextInt(4), "{}"),
                    ParamValue.ofFloat("dropout", rnd.nextDouble(0, 0.5), "{}"),
                    ParamValue.ofString("optimizer", rnd.nextBoolean() ? "adam" : "sgd",
                            "{\"type\":\"categorical\",\"choices\":[\"adam\",\"sgd\"]}"));
            runs.add(new FinishedRun(TrialState.COMPLETE, t, t.plusMillis(i), value, params, List.of()));
            if (i == 100) {
                runs.add(new FinishedRun(TrialState.FAILED, t, t, null, params, List.of()));
                runs.add(new FinishedRun(TrialState.PRUNED, t, t, null, params, List.of()));
            }
        }
        store.recordFinishedRuns(study.id(), StudyFixture.provenance(), runs);
    }

    /** The history as it was computed from every trial: by number, the best so far (maximising). */
    private static List<ChartViews.HistoryPoint> historyOf(List<TrialPoint> full) {
        List<ChartViews.HistoryPoint> out = new ArrayList<>();
        double best = Double.NaN;
        for (Slim s : slims(full)) {
            best = Double.isNaN(best) || s.value() > best ? s.value() : best;
            out.add(new ChartViews.HistoryPoint(s.id(), s.number(), s.value(), best));
        }
        return out;
    }

    /** Finite trials with their parameters as chart values, by number. */
    private static List<Slim> slims(List<TrialPoint> full) {
        List<Slim> out = new ArrayList<>();
        for (TrialPoint t : full) {
            if (Double.isFinite(t.value())) {
                Map<String, Object> params = new LinkedHashMap<>();
                t.params().values().stream().sorted(Comparator.comparing(ParamValue::name))
                        .forEach(p -> params.putAll(ParamSpace.values(p)));
                out.add(new Slim(t.runId(), t.number(), t.value(), params));
            }
        }
        return out;
    }

    /**
     * The store, counting the runs whose parameters are read by id and the sampled range reads, and refusing a read of
     * every trial's parameters.
     */
    private static RunStore counting(RunStore store, AtomicInteger paramsRead, AtomicInteger rangeReads) {
        return (RunStore) Proxy.newProxyInstance(RunStore.class.getClassLoader(), new Class<?>[] {RunStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("completeTrials")) {
                        throw new AssertionError("the cold read must not read every trial's parameters");
                    }
                    if (method.getName().equals("paramsOf")) {
                        paramsRead.addAndGet(((Collection<?>) args[0]).size());
                    }
                    if (method.getName().equals("sampledParams")) {
                        rangeReads.incrementAndGet();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
