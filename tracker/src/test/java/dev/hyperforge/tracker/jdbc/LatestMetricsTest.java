package dev.hyperforge.tracker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.TestFixtures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The per-run latest metric values and the study each per-run row carries (schema V7) equal what the metric
 * history and the run table say, after first inserts, later steps, out-of-order batches, parameter rewrites and a
 * rejected write.
 */
class LatestMetricsTest {
    private static final String KEPT = "SELECT l.run_id, l.metric_name, l.step, l.metric_value, l.study_id"
            + " FROM metric_latest l ORDER BY 1, 2";
    /** The set-based answer: each run's point with the highest step (the latest logged among equal steps). */
    private static final String DERIVED = "SELECT run_id, metric_name, step, metric_value, study_id FROM"
            + " (SELECT m.run_id, m.metric_name, m.step, m.metric_value, r.study_id, ROW_NUMBER() OVER (PARTITION BY"
            + " m.run_id, m.metric_name ORDER BY m.step DESC, m.logged_ms DESC) AS rn FROM metric m JOIN run r"
            + " ON r.id = m.run_id) x WHERE rn = 1 ORDER BY 1, 2";

    @Test
    void keptLatestValuesEqualTheSetBasedAnswerAndCarryTheRunsStudy() throws Exception {
        try (Database db = Database.open("jdbc:h2:mem:latest-" + UUID.randomUUID()); JdbcRunStore store = new JdbcRunStore(db)) {
            StudyRecord a = store.createOrGetStudy(new StudySpec("a", Direction.MINIMIZE, "random", "{}", 1));
            StudyRecord b = store.createOrGetStudy(new StudySpec("b", Direction.MAXIMIZE, "random", "{}", 2));
            Run ra = store.startRun(a.id(), TestFixtures.provenance());
            Run rb = store.startRun(b.id(), TestFixtures.provenance());
            store.logMetrics(ra.id(), List.of(point("loss", 0, 0.9, 1), point("acc", 0, 0.2, 1)));
            store.logMetrics(rb.id(), List.of(point("loss", 3, 0.4, 1)));
            store.logMetrics(ra.id(), List.of(point("loss", 2, 0.5, 2), point("loss", 1, 0.7, 3)));
            store.logMetrics(rb.id(), List.of(point("loss", 1, 0.8, 2), point("val", 0, 0.3, 2)));
            store.logMetrics(ra.id(), List.of(point("acc", 0, 0.25, 4)));
            store.setParams(ra.id(), List.of(ParamValue.ofFloat("lr", 0.1, "{}")));
            store.setParams(ra.id(), List.of(ParamValue.ofFloat("lr", 0.01, "{}"), ParamValue.ofInt("units", 8, "{}")));
            store.setParams(rb.id(), List.of(ParamValue.ofString("opt", "adam", "{}")));
            store.finishRun(ra.id(), TrialState.COMPLETE, 0.5, null);
            assertThrows(IllegalStateException.class,
                    () -> store.logMetrics(ra.id(), List.of(point("loss", 9, 0.0, 5))), "a finished run takes no metrics");
            assertEquals(rows(db, DERIVED), rows(db, KEPT));
            assertTrue(rows(db, KEPT).contains(ra.id() + " acc 0 0.25 " + a.id()), "equal steps: the later point");
            assertEquals(new TreeSet<>(List.of(ra.id() + " lr " + a.id(), ra.id() + " units " + a.id(),
                    rb.id() + " opt " + b.id())), new TreeSet<>(rows(db, "SELECT run_id, param_name, study_id FROM run_param")));
        }
    }

    private static MetricPoint point(String name, long step, double value, long ms) {
        return new MetricPoint(name, step, value, Instant.ofEpochMilli(ms));
    }

    private static List<String> rows(Database db, String sql) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? " " : "").append(rs.getObject(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }
}
