package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hyperforge.search.Direction;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.TestFixtures;
import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trial table's orders over {@link SpaceFixture} (8 COMPLETE and 2 PRUNED trials of a MINIMIZE study, a simplex
 * {@code w} of age, income and gender): by value the COMPLETE trials come first in the asked order, across pages;
 * a simplex component sorts by its number.
 */
class TableQueryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static InMemoryRunStore store;
    private static SpaceFixture fx;
    private static DashboardServer server;

    @BeforeAll
    static void start() {
        TestFixtures.MutableClock clock = new TestFixtures.MutableClock();
        store = new InMemoryRunStore(clock);
        fx = SpaceFixture.create(store, clock, "table-orders");
        server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, null));
    }

    @AfterAll
    static void stop() {
        server.stop();
        store.close();
    }

    private static List<Long> ids(String query) throws IOException, InterruptedException {
        return ids(fx.study.id(), 10, query);
    }

    private static List<Long> ids(long study, int total, String query) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.port() + "/api/studies/" + study + "/runs?" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode page = JSON.readTree(r.body());
        assertEquals(total, page.get("total").asInt(), "every trial counts: " + r.body());
        List<Long> out = new ArrayList<>();
        page.get("runs").forEach(n -> out.add(n.get("id").asLong()));
        return out;
    }

    @Test
    void sortedByValueTheCompleteTrialsComeFirstInTheAskedOrderThenTheOthers() throws Exception {
        List<Long> best = fx.complete.stream().sorted(Comparator.comparingDouble(Run::value)).map(Run::id).toList();
        List<Long> all = ids("sort=value");
        assertEquals(best, all.subList(0, 8), "best (lowest) first for a MINIMIZE study");
        assertEquals(fx.pruned.stream().map(Run::id).sorted().toList(), all.subList(8, 10).stream().sorted().toList());
        assertEquals(reversed(best), ids("sort=value&desc=true").subList(0, 8));
        List<Long> page = ids("sort=value&offset=6&limit=3");
        assertEquals(List.of(best.get(6), best.get(7)), page.subList(0, 2), "a page across the boundary");
        assertEquals(all.get(8), page.get(2));
        assertEquals(List.of(all.get(9)), ids("sort=value&offset=9&limit=5"));
    }

    @Test
    void prunedTrialsWithValuesBetweenTheCompleteOnesStillComeAfterThem() throws Exception {
        StudyRecord s = store.createOrGetStudy(new StudySpec("pruned-values", Direction.MAXIMIZE, "tpe", "{}", 1));
        Map<Double, Long> complete = new java.util.TreeMap<>(Comparator.reverseOrder());
        List<Long> pruned = new ArrayList<>();
        for (double v : new double[] {0.3, 0.9, 0.5, 0.7}) {
            complete.put(v, store.finishRun(store.startRun(s.id(), StudyFixture.provenance()).id(), TrialState.COMPLETE,
                    v, null).id());
        }
        for (double v : new double[] {0.8, 0.6}) { // where they stopped: better than some COMPLETE trials
            pruned.add(store.finishRun(store.startRun(s.id(), StudyFixture.provenance()).id(), TrialState.PRUNED, v,
                    null).id());
        }
        List<Long> expected = new ArrayList<>(complete.values());
        expected.addAll(pruned);
        assertEquals(expected, ids(s.id(), 6, "sort=value&desc=true"), "best first: 0.9 0.7 0.5 0.3, then 0.8 0.6");
        assertEquals(List.of(expected.get(3), expected.get(4)), ids(s.id(), 6, "sort=value&desc=true&offset=3&limit=2"));
        assertEquals(List.of(pruned.get(0)), ids(s.id(), 2, "sort=value&desc=true&state=PRUNED&limit=1"),
                "a chosen state sorts as asked");
    }

    @Test
    void aSimplexComponentSortsByItsNumber() throws Exception {
        List<Long> byAge = Stream.concat(fx.complete.stream(), fx.pruned.stream())
                .sorted(Comparator.comparingDouble(TableQueryTest::age)).map(Run::id).toList();
        assertEquals(byAge, ids("sort=param:w.age&limit=50"));
        assertEquals(reversed(byAge).subList(0, 3), ids("sort=param:w.age&desc=true&limit=3"));
    }

    private static List<Long> reversed(List<Long> l) {
        List<Long> r = new ArrayList<>(l);
        java.util.Collections.reverse(r);
        return r;
    }

    private static double age(Run r) {
        return Double.parseDouble(String.valueOf(r.param("w")).replaceAll("[\\[\\]]", "").split(",")[0]);
    }
}
