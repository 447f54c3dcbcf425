package dev.hyperforge.tracker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.FinishedRun;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.TestFixtures;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code recordFinishedRuns} writes what starting, parameterising, logging and finishing each run one call at a time
 * writes: the same runs (numbers, states, values, times, parameters, latest metrics, provenance), the same metric
 * histories, the same kept per-state counts and study-scoped rows.
 */
class FinishedRunsTest {
    private static final List<TrialState> STATES = List.of(TrialState.COMPLETE, TrialState.PRUNED,
            TrialState.COMPLETE, TrialState.FAILED, TrialState.COMPLETE);

    @Test
    void bulkRecordWritesWhatTheCallsWrite() {
        try (Database db = Database.open("jdbc:h2:mem:finished-runs;DB_CLOSE_DELAY=-1")) {
            TestFixtures.MutableClock clock = new TestFixtures.MutableClock();
            JdbcRunStore store = new JdbcRunStore(db, clock);
            StudyRecord one = store.createOrGetStudy(new StudySpec("one", Direction.MAXIMIZE, "random", "{}", 1));
            StudyRecord bulk = store.createOrGetStudy(new StudySpec("bulk", Direction.MAXIMIZE, "random", "{}", 1));
            Provenance prov = TestFixtures.provenance();
            Instant now = clock.instant();
            List<FinishedRun> runs = new ArrayList<>();
            for (int i = 0; i < STATES.size(); i++) {
                TrialState s = STATES.get(i);
                Double value = s == TrialState.COMPLETE ? 0.5 + i : null;
                FinishedRun r = new FinishedRun(s, now, now, value, params(i), metrics(i, now));
                runs.add(r);
                Run started = store.startRun(one.id(), prov);
                store.setParams(started.id(), r.params());
                store.logMetrics(started.id(), r.metrics());
                store.finishRun(started.id(), s, value, null);
            }
            List<Long> ids = store.recordFinishedRuns(bulk.id(), prov, runs);
            List<Run> expected = store.listRuns(one.id(), Set.of(TrialState.values()));
            List<Run> actual = store.listRuns(bulk.id(), Set.of(TrialState.values()));
            assertEquals(ids, actual.stream().map(Run::id).toList());
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertSameRun(store, expected.get(i), actual.get(i));
            }
            assertEquals(counts(db, one.id()), counts(db, bulk.id()));
            assertEquals(store.studySummary(one.id()).counts(), store.studySummary(bulk.id()).counts());
            assertEquals(scopedRows(db, one.id()), scopedRows(db, bulk.id()));
            Run next = store.startRun(bulk.id(), prov);
            assertEquals(STATES.size(), next.number(), "the bulk claimed its numbers from the study's counter");
        }
    }

    @Test
    void rejectsUnfinishedOrValuelessRuns() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThrows(IllegalArgumentException.class,
                () -> new FinishedRun(TrialState.RUNNING, t, t, 1.0, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new FinishedRun(TrialState.COMPLETE, t, t, null, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new FinishedRun(TrialState.FAILED, t, t.minusSeconds(1), null, List.of(), List.of()));
    }

    private static void assertSameRun(JdbcRunStore store, Run e, Run a) {
        assertEquals(e.number(), a.number());
        assertEquals(e.state(), a.state());
        assertEquals(e.value(), a.value());
        assertEquals(e.startedAt(), a.startedAt());
        assertEquals(e.finishedAt(), a.finishedAt());
        assertEquals(e.heartbeatAt(), a.heartbeatAt());
        assertEquals(e.error(), a.error());
        assertEquals(e.systemAttrsJson(), a.systemAttrsJson());
        assertEquals(e.params(), a.params());
        assertEquals(e.lastMetrics(), a.lastMetrics());
        assertEquals(store.provenance(e.id()), store.provenance(a.id()));
        for (String m : List.of("loss", "accuracy")) {
            assertEquals(store.metricHistory(e.id(), m), store.metricHistory(a.id(), m));
        }
    }

    private static List<ParamValue> params(int i) {
        return List.of(ParamValue.ofFloat("lr", 0.001 * (i + 1), "{}"), ParamValue.ofInt("units", 16L << i, "{}"),
                ParamValue.ofString("optimizer", i % 2 == 0 ? "adam" : "sgd", "{}"));
    }

    private static List<MetricPoint> metrics(int i, Instant t) {
        List<MetricPoint> out = new ArrayList<>();
        for (int e = 0; e < 3 + i; e++) {
            out.add(new MetricPoint("loss", e, 1.0 / (e + 1 + i), t));
            out.add(new MetricPoint("accuracy", e, 0.1 * e + 0.01 * i, t));
        }
        return out;
    }

    private static Map<String, Long> counts(Database db, long studyId) {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = db.connection()) {
            RunReader.query(c, "SELECT state, COUNT(*) FROM run WHERE study_id = ? GROUP BY state",
                    ps -> ps.setLong(1, studyId), rs -> out.put("rows " + rs.getString(1), rs.getLong(2)));
            Map<TrialState, Long> kept = new EnumMap<>(StateCounts.of(c, studyId));
            kept.forEach((s, n) -> out.put("kept " + s, n));
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        return out;
    }

    /** Rows of the study-scoped tables that carry the study (schema V7). */
    private static List<Long> scopedRows(Database db, long studyId) {
        List<Long> out = new ArrayList<>();
        try (Connection c = db.connection()) {
            for (String table : List.of("run_param", "metric_latest")) {
                RunReader.query(c, "SELECT COUNT(*) FROM " + table + " WHERE study_id = ?",
                        ps -> ps.setLong(1, studyId), rs -> out.add(rs.getLong(1)));
            }
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        return out;
    }
}
