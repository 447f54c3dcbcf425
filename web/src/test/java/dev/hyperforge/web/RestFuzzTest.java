package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 8's REST fuzz test: 1 200 seeded mutations of valid requests to every endpoint of {@code /api/openapi.json}
 * over a fixture study in H2. No answer may be a 5xx; every error is a JSON {@code {"status", "error"}} without a
 * stack trace or exception class name; and a rejected write leaves every table exactly as it was.
 */
class RestFuzzTest {
    private static final int REQUESTS = 1200;
    private static final long SEED = 20_261_201L;
    /** Frames, source positions, qualified class names or exception class names in an answer. */
    static final Pattern LEAK = Pattern.compile("\\tat |\\bat [a-z]+\\.[\\w.$]+\\(|\\.java:\\d+|\\b(java|javax|"
            + "jakarta|io\\.javalin|org\\.eclipse|org\\.h2|org\\.postgresql|com\\.fasterxml|dev\\.hyperforge)\\.[a-z]"
            + "|\\w+(Exception|Error)\\b|Caused by");
    private static Database db;
    private static JdbcRunStore store;
    private static DashboardServer server;
    private static RestMutator mutator;

    @BeforeAll
    static void start() throws IOException {
        db = Database.open("jdbc:h2:mem:fuzz-" + UUID.randomUUID());
        store = new JdbcRunStore(db);
        StudyFixture fx = StudyFixture.create(store, "fuzz-study", 6, 30, 4, 11);
        server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, null), new FakeAskTell(store));
        List<Long> runs = fx.complete.stream().map(Run::id).toList();
        RawHttp.Response saved = RawHttp.send(server.port(), "POST", "/api/ensembles", "application/json",
                ("{\"runs\":[" + runs.get(0) + "," + runs.get(1) + "],\"name\":\"keep\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals(201, saved.status(), saved.body());
        JsonNode doc = RestMutator.parse(RawHttp.send(server.port(), "GET", "/api/openapi.json", null, null).body());
        mutator = new RestMutator(doc, new RestMutator.Ids(fx.study.id(), runs,
                store.artifacts(runs.get(0)).get(0).id(), "keep"), SEED);
    }

    @AfterAll
    static void stop() {
        server.stop();
        store.close();
        db.close();
    }

    @Test
    void mutatedRequestsNeverFailServerSideLeakInternalsOrWriteWhenRejected() throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, int[]> perEndpoint = new TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            RestMutator.Request req = mutator.next(i);
            TableSnapshot before = req.writes() ? TableSnapshot.of(db) : null;
            RawHttp.Response res = RawHttp.send(server.port(), req.method(), req.target(), req.contentType(),
                    req.body());
            String problem = check(req, res);
            if (problem == null && before != null && res.status() >= 400) {
                String diff = before.diff(TableSnapshot.of(db));
                problem = diff == null ? null : "rejected with " + res.status() + " but wrote " + diff;
            }
            if (problem != null && problems.size() < 30) {
                problems.add("#" + i + " " + req.description() + " -> " + problem);
            }
            String ep = req.description().substring(0, req.description().indexOf(" /") + 1)
                    + req.description().split(" ")[1];
            perEndpoint.computeIfAbsent(ep, k -> new int[2])[res.status() < 400 ? 0 : 1]++;
        }
        perEndpoint.forEach((ep, c) -> System.out.printf("fuzz %-50s accepted %4d rejected %4d%n", ep, c[0], c[1]));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(mutator.endpoints().size(), perEndpoint.size(), perEndpoint.keySet().toString());
        perEndpoint.forEach((ep, counts) -> assertTrue(counts[1] > 0, ep + " was never rejected"));
        assertTrue(perEndpoint.values().stream().mapToInt(c -> c[0]).sum() > REQUESTS / 20,
                "almost every mutation was rejected: the valid requests are not valid");
    }

    @Test
    void requestsJettyRejectsBeforeRoutingAnswerJsonErrorsToo() throws IOException {
        for (String target : new String[] {"/api/studies/%zz", "/api/studies/%", "/api/../../etc/passwd",
            "/api/runs/%00"}) {
            RawHttp.Response res = RawHttp.send(server.port(), "GET", target, null, null);
            assertEquals(400, res.status(), target + ": " + res.body());
            RestMutator.Request req = new RestMutator.Request("GET", target, null, null, target);
            assertEquals(null, check(req, res), target);
            assertTrue(res.body().contains("malformed request"), res.body());
        }
    }

    /** @return what is wrong with the answer, or null */
    static String check(RestMutator.Request req, RawHttp.Response res) {
        if (res.status() >= 500) {
            return "status " + res.status() + ": " + abbrev(res.body());
        }
        if (res.status() < 400 || req.method().equals("HEAD")) {
            return null;
        }
        if (!res.contentType().startsWith("application/json")) {
            return "error " + res.status() + " is not JSON (" + res.contentType() + "): " + abbrev(res.body());
        }
        JsonNode body;
        try {
            body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(res.body());
        } catch (IOException e) {
            return "error " + res.status() + " body is not JSON: " + abbrev(res.body());
        }
        if (body == null || !body.path("error").isTextual() || body.path("error").asText().isBlank()
                || body.path("status").asInt() != res.status()) {
            return "error " + res.status() + " without {status, error}: " + abbrev(res.body());
        }
        if (LEAK.matcher(res.body()).find()) {
            return "error " + res.status() + " shows internals: " + abbrev(res.body());
        }
        return null;
    }

    private static String abbrev(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
