package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding: a loopback dashboard answers only requests whose single {@code Host} header names the loopback
 * interface strictly (and its port); every look-alike gets a 403 (or Jetty's 400 for a header it cannot parse), as
 * JSON, and changes nothing. The same rule decides whether {@code --host} needs a token.
 */
class HostCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static InMemoryRunStore store;
    private static StudyFixture fx;
    private static DashboardServer server;

    @BeforeAll
    static void start() {
        store = new InMemoryRunStore();
        fx = StudyFixture.create(store, "host-study", 3, 10, 2, 3);
        server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, null));
    }

    @AfterAll
    static void stop() {
        server.stop();
        store.close();
    }

    private static RawHttp.Response get(String path, String... hostHeaders) {
        StringBuilder r = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
        for (String h : hostHeaders) {
            r.append("Host: ").append(h).append("\r\n");
        }
        return exchange(r.append("Connection: close\r\n\r\n").toString());
    }

    private static RawHttp.Response exchange(String request) {
        try {
            return RawHttp.exchange(server.port(), request);
        } catch (IOException e) {
            throw new AssertionError(request, e);
        }
    }

    private static JsonNode json(RawHttp.Response r) {
        assertTrue(r.contentType().startsWith("application/json"), r.contentType() + ": " + r.body());
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    @Test
    void curlWithARebindingNameIsForbidden() {
        int port = server.port();
        for (String host : List.of("127.0.0.1.evil.com", "localhost.evil.com", "127.0.0.1.evil.com:" + port,
                "localhost.evil.com:" + port)) {
            RawHttp.Response r = get("/api/studies", host);
            assertEquals(403, r.status(), host + ": " + r.body());
            JsonNode j = json(r);
            assertEquals(403, j.get("status").asInt());
            assertTrue(j.get("error").asText().contains("only answers requests addressed to localhost"), r.body());
            assertFalse(r.body().contains("host-study"), "no data leaks: " + r.body());
        }
    }

    @Test
    void everyBypassFormIsRefusedAsJson() {
        int port = server.port();
        List<String> hostile = List.of("127.0.0.1:" + port + "@evil.com", "evil.com#127.0.0.1", "evil.com",
                "EVIL.COM", "LOCALHOST.EVIL.COM", "127.0.0.1.", "localhost.", "127.0.0.1.:" + port,
                "127.1", "0x7f.0.0.1", "0177.0.0.1", "2130706433", "127.0.0.256", "127.0.0.1:" + (port + 1),
                "localhost:" + (port == 1 ? 2 : 1), "localhost:0" + port + "0", "[::2]:" + port, "[::1].evil.com",
                "[::ffff:7f00:1]", "[::1", "::1", "127.0.0.1 evil.com", "evil.com/127.0.0.1", "127.0.0.1%2eevil.com");
        for (String host : hostile) {
            RawHttp.Response r = get("/api/studies", host);
            assertTrue(r.status() == 403 || r.status() == 400, host + " → " + r.status() + ": " + r.body());
            assertEquals(r.status(), json(r).get("status").asInt(), host);
            assertFalse(r.body().contains("host-study"), host + " leaked data: " + r.body());
        }
    }

    @Test
    void anEmptyMissingOrRepeatedHostHeaderIsRefused() {
        for (RawHttp.Response r : List.of(get("/api/studies", ""),
                exchange("GET /api/studies HTTP/1.0\r\nConnection: close\r\n\r\n"),
                get("/api/studies", "127.0.0.1:" + server.port(), "evil.com"),
                get("/api/studies", "evil.com", "127.0.0.1:" + server.port()),
                get("/api/studies", "localhost", "localhost"))) {
            assertTrue(r.status() == 403 || r.status() == 400, r.status() + ": " + r.body());
            assertEquals(r.status(), json(r).get("status").asInt());
            assertFalse(r.body().contains("host-study"), r.body());
        }
    }

    @Test
    void loopbackNamesWithTheRightPortOrNoneAreServed() {
        int port = server.port();
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port, "LocalHost",
                "127.0.0.1", "127.0.0.2:" + port, "127.255.255.254", "[::1]:" + port, "[::1]",
                "[0:0:0:0:0:0:0:1]:" + port)) {
            RawHttp.Response r = get("/api/studies", host);
            assertEquals(200, r.status(), host + ": " + r.body());
            assertTrue(r.body().contains("host-study"), host);
        }
    }

    @Test
    void aNoteCannotBeWrittenThroughARebindingName() {
        long id = fx.complete.get(0).id();
        String before = store.run(id).note();
        String body = "{\"note\":\"rebound\"}";
        for (String host : List.of("127.0.0.1.evil.com:" + server.port(), "localhost.evil.com")) {
            RawHttp.Response r = exchange("PUT /api/runs/" + id + "/note HTTP/1.1\r\nHost: " + host
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body);
            assertEquals(403, r.status(), r.body());
            assertEquals(403, json(r).get("status").asInt());
        }
        assertEquals(before, store.run(id).note());
        assertNotEquals("rebound", store.run(id).note());
    }

    @Test
    void theSameStrictRuleDecidesWhetherHostNeedsAToken() {
        for (String loop : List.of("127.0.0.1", "localhost", "LOCALHOST", "127.3.2.1", "::1", "[::1]",
                "0:0:0:0:0:0:0:1")) {
            assertTrue(ServerOptions.isLoopback(loop), loop);
            assertFalse(new ServerOptions(loop, 0, null).tokenRequired(), loop);
        }
        for (String open : List.of("127.0.0.1.evil.com", "localhost.evil.com", "127.evil.com", "0.0.0.0", "::",
                "127.0.0.1.", "10.0.0.1", "127.1", "[::2]")) {
            assertFalse(ServerOptions.isLoopback(open), open);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ServerOptions(open, 0, null));
            assertTrue(e.getMessage().contains("needs a token"), e.getMessage());
            assertTrue(ServerOptions.resolve(open, 0, null, Map.of()).tokenRequired(), open);
        }
    }

    @Test
    void theHostHeaderParserAcceptsOnlyLoopbackWithTheLocalPort() {
        assertTrue(Loopback.isLoopbackHostHeader("localhost:7070", 7070));
        assertTrue(Loopback.isLoopbackHostHeader("[::1]:7070", 7070));
        assertFalse(Loopback.isLoopbackHostHeader("localhost:7071", 7070));
        assertFalse(Loopback.isLoopbackHostHeader("localhost:", 7070));
        assertFalse(Loopback.isLoopbackHostHeader("localhost:+7070", 7070));
        assertFalse(Loopback.isLoopbackHostHeader("localhost:99999999999", 7070));
        assertFalse(Loopback.isLoopbackHostHeader(null, 7070));
        assertFalse(Loopback.isLoopbackHostHeader("", 7070));
        assertFalse(Loopback.isLoopbackHostHeader("127.0.0.1:7070@evil.com", 7070));
        assertFalse(Loopback.isLoopbackHostHeader("[::1]evil:7070", 7070));
    }
}
