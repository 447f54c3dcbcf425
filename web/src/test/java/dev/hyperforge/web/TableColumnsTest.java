package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunPage;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.TestFixtures;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trial table answered from kept columns ({@link TableColumns}, {@link ColumnQuery}) gives the same rows in the
 * same order and the same totals as the SQL path (H2), over a study with ties, NaN, infinities, signed zeros and
 * missing values, parameters that are numbers for some runs and strings for others, a simplex parameter, runs in
 * every state, and RUNNING and WAITING runs that change between reads; for every sort in both directions, filters on
 * parameters, metrics, simplex components and states, and pages at the start, middle and end (selected with a heap
 * and with a full sort).
 */
class TableColumnsTest {
    private static final double[] LR = {0.001, 0.01, 0.01, 0.1, 0.0, -0.0, 0.03};
    private static final double[] ACC = {0.5, 0.7, 0.7, Double.NaN, -1.0, -0.0, 0.0, Double.POSITIVE_INFINITY, 0.9};
    private static final String[] OPT = {"adam", "Rmsprop", "sgd", "adam"};
    /** Pages at the start, middle and end; the one at 52 is also read from SQL itself (read from the end). */
    private static final long[][] PAGES = {{0, 50}, {3, 7}, {30, 4}, {52, 7}, {200, 5}};
    private Database db;
    private JdbcRunStore store;
    private TestFixtures.MutableClock clock;
    private StudyRecord study;
    private final List<Run> running = new ArrayList<>();
    private final SplittableRandom rnd = new SplittableRandom(3);

    @BeforeEach
    void fill() {
        db = Database.open("jdbc:h2:mem:table-columns-" + UUID.randomUUID());
        clock = new TestFixtures.MutableClock();
        store = new JdbcRunStore(db, clock);
        study = store.createOrGetStudy(new StudySpec("table-columns", Direction.MAXIMIZE, "tpe", "{}", 3));
        for (int t = 0; t < 60; t++) {
            addTrial(t);
        }
    }

    @AfterEach
    void close() {
        store.close();
        db.close();
    }

    private void addTrial(int t) {
        clock.advance(Duration.ofSeconds(1));
        List<ParamValue> params = params(t);
        if (t % 6 == 5 && t > 40) {
            store.enqueueTrial(study.id(), params, "{}");
            return;
        }
        Run r = store.startRun(study.id(), StudyFixture.provenance());
        store.setParams(r.id(), params);
        List<MetricPoint> points = new ArrayList<>();
        if (t % 8 != 0) {
            points.add(new MetricPoint("val_acc", 3, ACC[rnd.nextInt(ACC.length)], clock.instant()));
        }
        points.add(new MetricPoint("loss", 3, rnd.nextInt(4) / 4.0, clock.instant()));
        store.logMetrics(r.id(), points);
        switch (t % 6) {
            case 0, 1, 2 -> store.finishRun(r.id(), TrialState.COMPLETE, new double[] {0.2, 0.4, 0.4, -1.5}[rnd.nextInt(4)],
                    null);
            case 3 -> store.finishRun(r.id(), TrialState.PRUNED, t % 12 == 3 ? 0.3 : null, null);
            case 4 -> store.finishRun(r.id(), TrialState.FAILED, null, "boom");
            default -> running.add(r);
        }
    }

    private List<ParamValue> params(int t) {
        List<ParamValue> p = new ArrayList<>();
        if (t % 7 != 0) {
            p.add(ParamValue.ofFloat("lr", LR[rnd.nextInt(LR.length)], "{}"));
        }
        p.add(ParamValue.ofInt("units", 16L << rnd.nextInt(3), "{}"));
        if (t % 5 != 0) {
            p.add(ParamValue.ofString("opt", OPT[rnd.nextInt(OPT.length)], "{}"));
        }
        p.add(t % 3 == 0 ? ParamValue.ofString("mix", OPT[rnd.nextInt(OPT.length)], "{}")
                : ParamValue.ofFloat("mix", rnd.nextInt(3), "{}"));
        if (t % 9 != 0) {
            double a = rnd.nextInt(4) / 4.0;
            p.add(ParamValue.ofString("w", "[" + 3 * a + "," + 3 * (1 - a) / 2 + "," + 3 * (1 - a) / 2 + "]",
                    SpaceFixture.W_DIST));
        }
        return p;
    }

    @Test
    void everyQueryMatchesTheSqlPathAsRunsChange() {
        TableColumns columns = new TableColumns(store);
        assertSameAsSql(columns, "first read");
        store.logMetrics(running.get(0).id(), List.of(new MetricPoint("val_acc", 9, 0.95, clock.instant())));
        clock.advance(Duration.ofSeconds(1));
        store.finishRun(running.get(1).id(), TrialState.COMPLETE, 0.4, null);
        store.claimWaiting(study.id(), StudyFixture.provenance()).orElseThrow();
        addTrial(61);
        addTrial(62);
        assertSameAsSql(columns, "after running trials changed");
        assertEquals(0, columns.fullReads(), "the finished runs were read since the watermark");
        assertSameAsSql(new TableColumns(store), "a fresh read", true);
    }

    @Test
    void aRunFinishingBehindTheWatermarkIsStillFoundByAFullRead() {
        TableColumns columns = new TableColumns(store);
        assertSameAsSql(columns, "first read", true);
        clock.advance(Duration.ofMinutes(-5));   // a worker whose clock lags by minutes
        store.finishRun(running.get(2).id(), TrialState.COMPLETE, 0.2, null);
        assertSameAsSql(columns, "after a late finish", true);
        assertEquals(1, columns.fullReads());
    }

    @Test
    void aSimplexComponentFilterFindsItsRuns() {
        RunQuery q = RunQuery.forStudy(study.id()).paramRange("w.age", 1.5, null).page(0, 100).build();
        ColumnQuery.Ids ids = ColumnQuery.page(new TableColumns(store).snapshot(study.id(),
                store.studySummary(study.id())).orElseThrow(), q);
        long expected = store.listRuns(study.id(), java.util.EnumSet.allOf(TrialState.class)).stream()
                .filter(r -> r.params().containsKey("w") && ParamSpace.values(r.params().get("w"))
                        .get("w.age") instanceof Double d && d >= 1.5).count();
        assertTrue(expected > 5, "the fixture has runs with age >= 1.5: " + expected);
        assertEquals(expected, ids.total());
    }

    @Test
    void theTableUrlsOfThePageGiveTheSqlPathsRows() throws Exception {
        Map<String, RunQuery> urls = new LinkedHashMap<>();
        urls.put("sort=value&desc=true&state=COMPLETE,PRUNED&param=w.age:1.5:&metric=val_acc:0.6:&offset=0&limit=50",
                RunQuery.forStudy(study.id()).states(TrialState.COMPLETE, TrialState.PRUNED).paramRange("w.age", 1.5, null)
                        .metricRange("val_acc", 0.6, null).sortBy(RunQuery.SortField.VALUE, true).page(0, 50).build());
        urls.put("sort=param:lr&desc=&param=lr:0.001:0.05&metric=val_acc::0.9&offset=2&limit=5",
                RunQuery.forStudy(study.id()).paramRange("lr", 0.001, 0.05).metricRange("val_acc", null, 0.9)
                        .sortByParam("lr", false).page(2, 5).build());
        urls.put("sort=param:w.income&desc=true&offset=0&limit=50",
                RunQuery.forStudy(study.id()).sortByParam("w.income", true).page(0, 50).build());
        Map<String, Map<String, Object>> dists = new LinkedHashMap<>();
        store.listRuns(study.id(), java.util.EnumSet.allOf(TrialState.class)).forEach(r -> r.params().values()
                .forEach(p -> dists.putAll(ParamSpace.distributions(p))));
        try (DashboardServer server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, null))) {
            for (Map.Entry<String, RunQuery> u : urls.entrySet()) {
                java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port()
                                + "/api/studies/" + study.id() + "/runs?" + u.getKey())).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                com.fasterxml.jackson.databind.JsonNode page = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(r.body());
                List<Long> ids = new ArrayList<>();
                page.get("runs").forEach(n -> ids.add(n.get("id").asLong()));
                RunPage sql = TableQuery.page(store, u.getValue(), () -> dists, Optional::empty);
                assertTrue(TableQuery.inMemory(u.getValue()), u.getKey());
                assertEquals(sql.total(), page.get("total").asLong(), u.getKey());
                assertEquals(sql.runs().stream().map(Run::id).toList(), ids, u.getKey());
                assertTrue(sql.total() > 0, "the fixture has rows for " + u.getKey());
            }
        }
    }

    private void assertSameAsSql(TableColumns columns, String when) {
        assertSameAsSql(columns, when, false);
    }

    /** With {@code quick}, only the first two filters over all states. */
    private void assertSameAsSql(TableColumns columns, String when, boolean quick) {
        Map<String, Map<String, Object>> dists = new LinkedHashMap<>();
        store.listRuns(study.id(), java.util.EnumSet.allOf(TrialState.class)).forEach(r -> r.params().values()
                .forEach(p -> dists.putAll(ParamSpace.distributions(p))));
        TableColumns.Snapshot s = columns.snapshot(study.id(), store.studySummary(study.id())).orElseThrow();
        int[] compared = {0};
        forEachQuery(quick, q -> {
            List<Long> all = TableQuery.page(store, q.withPage(0, 100), () -> dists, Optional::empty).runs().stream()
                    .map(Run::id).toList();
            for (long[] page : PAGES) {
                RunQuery paged = q.withPage(page[0], (int) page[1]);
                RunPage sql = page[0] == 52 ? TableQuery.page(store, paged, () -> dists, Optional::empty) : null;
                List<Long> expected = sql != null ? sql.runs().stream().map(Run::id).toList()
                        : all.subList((int) Math.min(all.size(), page[0]), (int) Math.min(all.size(), page[0] + page[1]));
                for (int selected : new int[] {ColumnQuery.SELECTED, 3}) {
                    ColumnQuery.Ids ids = ColumnQuery.page(s, paged, selected);
                    String what = when + ": " + describe(paged) + " (heap up to " + selected + ")";
                    assertEquals(all.size(), ids.total(), what);
                    assertEquals(expected, ids.ids(), what);
                }
            }
            compared[0]++;
        });
        assertTrue(compared[0] > (quick ? 30 : 300), "queries compared: " + compared[0]);
    }

    private void forEachQuery(boolean quick, Consumer<RunQuery> check) {
        List<Consumer<RunQuery.Builder>> filters = List.of(b -> { },
                b -> b.paramRange("lr", 0.001, 0.05),
                b -> b.metricRange("val_acc", 0.6, null),
                b -> b.metricRange("val_acc", null, 0.0),
                b -> b.metricRange("val_acc", 1.0, Double.NaN),
                b -> b.paramRange("lr", 0.005, null).metricRange("val_acc", 0.6, 0.9),
                b -> b.paramRange("w.age", 1.5, null),
                b -> b.paramRange("w.income", null, 1.2).metricRange("loss", 0.25, null),
                b -> b.paramRange("mix", 1.0, null));
        List<TrialState[]> states = List.of(new TrialState[0], new TrialState[] {TrialState.COMPLETE},
                new TrialState[] {TrialState.PRUNED, TrialState.RUNNING, TrialState.WAITING});
        List<Consumer<RunQuery.Builder>> sorts = new ArrayList<>();
        for (boolean desc : new boolean[] {false, true}) {
            for (RunQuery.SortField f : List.of(RunQuery.SortField.NUMBER, RunQuery.SortField.VALUE,
                    RunQuery.SortField.STARTED_AT)) {
                sorts.add(b -> b.sortBy(f, desc));
            }
            for (String p : List.of("lr", "mix", "w.age")) {
                sorts.add(b -> b.sortByParam(p, desc));
            }
            for (String m : List.of("val_acc", "nosuch")) {
                sorts.add(b -> b.sortByMetric(m, desc));
            }
        }
        for (int f = 0; f < filters.size(); f++) {
            for (TrialState[] st : states) {
                for (Consumer<RunQuery.Builder> sort : sorts) {
                    RunQuery.Builder b = RunQuery.forStudy(study.id()).states(st);
                    filters.get(f).accept(b);
                    sort.accept(b);
                    RunQuery q = b.build();
                    if (quick && (f > 1 || st.length > 0)) {
                        continue;
                    }
                    boolean componentFilter = q.paramRanges().stream().anyMatch(r -> r.name().startsWith("w."));
                    if (!(componentFilter && q.sort().field() == RunQuery.SortField.VALUE && st.length == 0)) {
                        check.accept(q); // (the SQL path's component filter does not put COMPLETE runs first)
                    }
                }
            }
        }
    }

    private static String describe(RunQuery q) {
        return "states " + q.states() + ", params " + q.paramRanges() + ", metrics " + q.metricRanges() + ", sort "
                + q.sort() + ", offset " + q.offset() + ", limit " + q.limit();
    }
}
