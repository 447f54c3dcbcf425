package dev.hyperforge.tracker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.StudySummary;
import dev.hyperforge.tracker.TestFixtures;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The kept per-study, per-state counts ({@code study_state_count}) equal the counts of the run rows after every kind
 * of write: starts, enqueues, claims, finishes in each state, stale failures with retries, and study deletion.
 */
class StateCountsTest {
    @Test
    void keptCountsEqualTheRunRowsOnH2() {
        checkCounts("jdbc:h2:mem:state-counts;DB_CLOSE_DELAY=-1");
    }

    @Test
    void keptCountsEqualTheRunRowsOnPostgres() throws Exception {
        try (PgSupport.Schema schema = PgSupport.freshSchema()) {
            checkCounts(schema.url());
        }
    }

    private static void checkCounts(String url) {
        try (Database db = Database.open(url)) {
            MutableClock clock = new MutableClock();
            JdbcRunStore store = new JdbcRunStore(db, clock);
            StudyRecord a = store.createOrGetStudy(new StudySpec("a", Direction.MINIMIZE, "random", "{}", 1));
            StudyRecord b = store.createOrGetStudy(new StudySpec("b", Direction.MAXIMIZE, "random", "{}", 2));
            assertSame(db, a.id(), Map.of());
            Run r0 = store.startRun(a.id(), TestFixtures.provenance());
            Run r1 = store.startRun(a.id(), TestFixtures.provenance());
            Run r2 = store.startRun(a.id(), TestFixtures.provenance());
            store.startRun(b.id(), TestFixtures.provenance());
            store.finishRun(r0.id(), TrialState.COMPLETE, 0.5, null);
            store.finishRun(r1.id(), TrialState.PRUNED, null, null);
            store.setParams(r2.id(), List.of(lr(0.1)));
            store.enqueueTrial(a.id(), List.of(lr(0.2)), "{}");
            store.enqueueTrial(a.id(), List.of(lr(0.3)), "{}");
            assertSame(db, a.id(), Map.of(TrialState.COMPLETE, 1L, TrialState.PRUNED, 1L, TrialState.RUNNING, 1L,
                    TrialState.WAITING, 2L));
            Run claimed = store.claimWaiting(a.id(), TestFixtures.provenance()).orElseThrow();
            assertEquals(TrialState.RUNNING, claimed.state());
            store.claimWaiting(a.id(), TestFixtures.provenance()).orElseThrow();
            store.finishRun(claimed.id(), TrialState.FAILED, null, "diverged");
            // two RUNNING runs go stale; the one with parameters is retried as a WAITING copy
            clock.advance(Duration.ofHours(1));
            Instant now = clock.instant();
            assertEquals(2, store.failStaleTrials(a.id(), now.minus(Duration.ofMinutes(1)), now, true).size());
            assertSame(db, a.id(), Map.of(TrialState.COMPLETE, 1L, TrialState.PRUNED, 1L, TrialState.FAILED, 3L,
                    TrialState.WAITING, 2L));
            assertEquals(7, store.queryRuns(RunQuery.forStudy(a.id()).build()).total());
            assertEquals(4, store.queryRuns(RunQuery.forStudy(a.id()).states(TrialState.FAILED, TrialState.PRUNED)
                    .build()).total());
            StudySummary listed = store.listStudies().stream().filter(s -> s.study().id() == a.id())
                    .findFirst().orElseThrow();
            assertEquals(new StudySummary(listed.study(), rowCounts(db, a.id()), 0.5), listed);
            assertEquals(listed, store.studySummary(a.id()));
            store.deleteStudy(a.id(), true);
            assertEquals(0, keptRows(db, a.id()));
            assertSame(db, b.id(), Map.of(TrialState.RUNNING, 1L));
        }
    }

    private static ParamValue lr(double value) {
        return ParamValue.ofFloat("lr", value, "{\"type\":\"float\",\"low\":0.0,\"high\":1.0}");
    }

    private static void assertSame(Database db, long studyId, Map<TrialState, Long> expected) {
        Map<TrialState, Long> rows = rowCounts(db, studyId);
        assertEquals(new TreeMap<>(expected), new TreeMap<>(rows), "the run rows");
        try (Connection c = db.connection()) {
            assertEquals(new TreeMap<>(rows), new TreeMap<>(StateCounts.of(c, studyId)), "the kept counts");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<TrialState, Long> rowCounts(Database db, long studyId) {
        Map<TrialState, Long> out = new EnumMap<>(TrialState.class);
        try (Connection c = db.connection()) {
            RunReader.query(c, "SELECT state, COUNT(*) FROM run WHERE study_id = ? GROUP BY state",
                    ps -> ps.setLong(1, studyId), rs -> out.put(TrialState.valueOf(rs.getString(1)), rs.getLong(2)));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static long keptRows(Database db, long studyId) {
        long[] n = {0};
        try (Connection c = db.connection()) {
            RunReader.query(c, "SELECT COUNT(*) FROM study_state_count WHERE study_id = ?", ps -> ps.setLong(1, studyId),
                    rs -> n[0] = rs.getLong(1));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return n[0];
    }

    /** A clock the test moves forward, so runs become stale without waiting. */
    private static final class MutableClock extends java.time.Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
