package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the dashboard keeps between requests stays bounded however many distinct studies are asked for. */
class BoundedCacheTest {
    @Test
    void theLeastRecentlyUsedEntriesGoFirstBeyondEitherBound() {
        BoundedCache<Integer, String> c = new BoundedCache<>(3, 10, v -> v.length());
        c.put(1, "aaa");
        c.put(2, "bbb");
        c.put(3, "ccc");
        assertNotNull(c.get(1), "1 is now the most recently used");
        c.put(4, "d");
        assertNull(c.get(2), "2 was the least recently used");
        assertNotNull(c.get(1));
        assertEquals(3, c.size());
        assertEquals(7, c.weight());
        c.put(5, "eeeeeeee");
        assertTrue(c.weight() <= 10, "weight " + c.weight());
        assertNotNull(c.get(5));
        c.put(6, "x".repeat(50));
        assertEquals(1, c.size(), "the newest is kept alone even above the weight bound");
        assertEquals(50, c.weight());
        c.put(6, "y");
        assertEquals(1, c.weight(), "a replaced value's weight is given back");
    }

    @Test
    void thousandsOfDistinctStudiesKeepAtMostTheBound() {
        BoundedCache<Long, Long> c = new BoundedCache<>(32);
        for (long i = 0; i < 19_000; i++) {
            c.put(i, i);
            assertTrue(c.size() <= 32);
        }
        assertEquals(32, c.size());
        assertNotNull(c.get(18_999L));
        assertNull(c.get(0L));
    }

    @Test
    void theDashboardKeepsTheViewsOfBoundedlyManyStudiesAndAnsweringStaysRight() throws IOException {
        try (InMemoryRunStore store = new InMemoryRunStore();
             DashboardServer server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, null))) {
            int studies = StudyAnalytics.MAX_STUDIES + 20;
            long first = 0;
            for (int i = 0; i < studies; i++) {
                StudyRecord s = study(store, "s" + i, 3);
                first = i == 0 ? s.id() : first;
                for (String view : List.of("history", "points", "importance", "")) {
                    RawHttp.Response r = RawHttp.send(server.port(), "GET", "/api/studies/" + s.id()
                            + (view.isEmpty() ? "" : "/" + view), null, null);
                    assertEquals(200, r.status(), r.body());
                }
            }
            StudyApi api = server.studyApi();
            assertEquals(StudyAnalytics.MAX_STUDIES, api.analytics().keptStudies());
            assertEquals(3L * StudyAnalytics.MAX_STUDIES, api.analytics().keptTrials());
            assertTrue(api.namedStudies() <= StudyApi.MAX_NAMED_STUDIES);
            RawHttp.Response again = RawHttp.send(server.port(), "GET", "/api/studies/" + first + "/history", null,
                    null);
            assertTrue(again.body().contains("\"number\":2"), "an evicted study is read again: " + again.body());
        }
    }

    @Test
    void theKeptTrialsStayWithinTheirBudget() {
        InMemoryRunStore store = new InMemoryRunStore();
        StudyAnalytics analytics = new StudyAnalytics(store, 100, 25, true);
        for (int i = 0; i < 12; i++) {
            StudyRecord s = study(store, "t" + i, 4);
            assertEquals(4, analytics.history(s, 4).size());
            assertTrue(analytics.keptTrials() <= 25, "kept " + analytics.keptTrials());
        }
        assertEquals(6, analytics.keptStudies());
        store.close();
    }

    private static StudyRecord study(InMemoryRunStore store, String name, int trials) {
        StudyRecord s = store.createOrGetStudy(new StudySpec(name, Direction.MINIMIZE, "random", "{}", 1));
        for (int t = 0; t < trials; t++) {
            Run r = store.startRun(s.id(), StudyFixture.provenance());
            store.setParams(r.id(), List.of(ParamValue.ofFloat("lr", 0.01 * (t + 1), "{\"type\":\"float\"}")));
            store.finishRun(r.id(), TrialState.COMPLETE, 1.0 / (t + 1), null);
        }
        return s;
    }
}
