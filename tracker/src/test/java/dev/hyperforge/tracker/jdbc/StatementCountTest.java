package dev.hyperforge.tracker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunPage;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.TestFixtures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Counts the SQL statements the store executes (H2's {@code INFORMATION_SCHEMA.QUERY_STATISTICS}, which counts
 * every execution of every statement, including each row of a JDBC batch; COMMIT and ROLLBACK are left out): a batch of metric points is written
 * with one INSERT statement whatever its size, and a page of runs with their params, last metrics and tags is
 * read with a fixed number of queries whatever the page size (never one query per run).
 */
class StatementCountTest {
    private Database db;
    private JdbcRunStore store;
    private StudyRecord study;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:mem:statements-" + UUID.randomUUID());
        store = new JdbcRunStore(db);
        study = store.createOrGetStudy(new StudySpec("counted", Direction.MINIMIZE, "random", "{}", 1));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static List<MetricPoint> points(String name, int count) {
        return IntStream.range(0, count).mapToObj(i -> new MetricPoint(name, i, 1.0 / (i + 1), Instant.EPOCH)).toList();
    }

    /** Transaction control, which H2 also counts (commit, and the pool's rollback when a connection is returned). */
    private static final Set<String> TRANSACTION_CONTROL = Set.of("COMMIT", "ROLLBACK");

    /** Executions per SQL text (cut to 90 characters) while {@code action} runs, transaction control excluded. */
    private Map<String, Long> executions(Runnable action) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("SET QUERY_STATISTICS FALSE"); // clears the statistics
            s.execute("SET QUERY_STATISTICS TRUE");
        }
        action.run();
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT SQL_STATEMENT, EXECUTION_COUNT FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
                while (rs.next()) {
                    String sql = rs.getString(1);
                    if (!sql.contains("QUERY_STATISTICS") && !TRANSACTION_CONTROL.contains(sql)) {
                        String shortSql = sql.length() > 90 ? sql.substring(0, 90) + "…" : sql;
                        counts.merge(shortSql, rs.getLong(2), Long::sum);
                    }
                }
            }
            s.execute("SET QUERY_STATISTICS FALSE");
        }
        return counts;
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long matching(Map<String, Long> counts, String prefix) {
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue).sum();
    }

    @Test
    void aBatchOfMetricPointsIsOneInsertStatementWhateverItsSize() throws Exception {
        Run small = store.startRun(study.id(), TestFixtures.provenance());
        Run large = store.startRun(study.id(), TestFixtures.provenance());
        Map<String, Long> ten = executions(() -> store.logMetrics(small.id(), points("loss", 10)));
        Map<String, Long> nineHundred = executions(() -> store.logMetrics(large.id(), points("loss", 900)));
        assertEquals(1, matching(ten, "INSERT INTO metric "), ten.toString());
        assertEquals(1, matching(nineHundred, "INSERT INTO metric "), nineHundred.toString());
        assertEquals(total(ten), total(nineHundred), "statements for 10 vs 900 points: " + ten + " / " + nineHundred);
        assertTrue(total(nineHundred) <= 5, nineHundred.toString());
        assertEquals(900, store.metricHistory(large.id(), "loss").size());
        // points beyond 1000 go into a second multi-row statement; the rest of the work stays the same
        Map<String, Long> big = executions(() -> store.logMetrics(large.id(), points("acc", 2500)));
        assertEquals(3, matching(big, "INSERT INTO metric "), big.toString());
        assertEquals(2500, store.metricHistory(large.id(), "acc").size());
    }

    /** {@code n} runs with three params, two metrics (100 epochs each) and a tag; all COMPLETE. */
    private void fill(int n) {
        for (int i = 0; i < n; i++) {
            Run r = store.startRun(study.id(), TestFixtures.provenance());
            store.setParams(r.id(), List.of(ParamValue.ofFloat("lr", 0.001 * (i + 1), "{}"),
                    ParamValue.ofInt("units", 16L * (i % 4 + 1), "{}"), ParamValue.ofString("act", "relu", "{}")));
            List<MetricPoint> pts = new ArrayList<>(points("loss", 100));
            pts.addAll(points("val_loss", 100));
            store.logMetrics(r.id(), pts);
            store.setTag(r.id(), "team", i % 2 == 0 ? "a" : "b");
            store.reportIntermediate(r.id(), 0, 1.0);
            store.finishRun(r.id(), TrialState.COMPLETE, 1.0 / (i + 1), null);
        }
    }

    @Test
    void aPageOfRunsIsAFixedNumberOfQueriesWhateverItsSize() throws Exception {
        fill(60);
        RunQuery.Builder filtered = RunQuery.forStudy(study.id()).states(TrialState.COMPLETE).tag("team", "a")
                .paramRange("lr", 0.0, 1.0).metricRange("val_loss", 0.0, 10.0);
        RunPage[] pages = new RunPage[2];
        Map<String, Long> five = executions(() -> pages[0] = store.queryRuns(RunQuery.forStudy(study.id())
                .sortByMetric("val_loss", false).page(0, 5).build()));
        Map<String, Long> fifty = executions(() -> pages[1] = store.queryRuns(RunQuery.forStudy(study.id())
                .sortByMetric("val_loss", false).page(0, 50).build()));
        assertEquals(5, pages[0].runs().size());
        assertEquals(50, pages[1].runs().size());
        assertTrue(pages[1].runs().stream().allMatch(r -> r.params().size() == 3 && r.lastMetrics().size() == 2
                && r.tags().size() == 1 && r.intermediateValues().size() == 1), "children of every run are loaded");
        assertEquals(total(five), total(fifty), "queries for a page of 5 vs 50: " + five + " / " + fifty);
        // study check, count, the page's ids (only the sort key through the sort), the page's rows by key, then one
        // query per child table (params, intermediate, last metrics, objective vectors, tags)
        assertEquals(9, total(fifty), fifty.toString());
        assertEquals(1, matching(fifty, "SELECT run_id, param_name"), fifty.toString());
        Map<String, Long> filteredPage = executions(() -> store.queryRuns(filtered.page(0, 50).build()));
        assertEquals(9, total(filteredPage), filteredPage.toString());
        Map<String, Long> listed = executions(() -> store.listRuns(study.id(), Set.of()));
        assertTrue(total(listed) <= 7, listed.toString());
        Map<String, Long> streamed = executions(() -> store.forEachRun(RunQuery.forStudy(study.id()).build(), r -> { }));
        assertTrue(total(streamed) <= 7, streamed.toString());
    }
}
