package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The errors Javalin and Jetty produce themselves (body too large, unknown pages, wrong methods, malformed
 * requests, oversized heads) answer the API's {@code {"status": N, "error": "…"}} JSON, never an HTML or text page.
 */
class JettyErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static InMemoryRunStore store;
    private static DashboardServer server;

    @BeforeAll
    static void start() {
        store = new InMemoryRunStore();
        StudyFixture.create(store, "errors-study", 2, 6, 2, 5);
        server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, null));
    }

    @AfterAll
    static void stop() {
        server.stop();
        store.close();
    }

    private static JsonNode expect(int status, RawHttp.Response r, String messagePart) throws IOException {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType() + ": " + r.body());
        JsonNode j = JSON.readTree(r.body());
        assertEquals(status, j.get("status").asInt(), r.body());
        assertTrue(j.get("error").asText().contains(messagePart), r.body());
        assertFalse(r.body().contains("<html"), r.body());
        return j;
    }

    private static RawHttp.Response raw(String head) throws IOException {
        return RawHttp.exchange(server.port(), head);
    }

    @Test
    void aBodyOverTheLimitIs413Json() throws IOException {
        byte[] big = ("{\"runs\":[1],\"pad\":\"" + "x".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        expect(413, RawHttp.send(server.port(), "POST", "/api/ensembles/evaluate", "application/json", big),
                "at most " + DashboardServer.MAX_BODY_BYTES + " bytes");
    }

    @Test
    void unknownPagesAndEndpointsAre404Json() throws IOException {
        expect(404, RawHttp.send(server.port(), "GET", "/no-such-page.html", null, null), "no page /no-such-page.html");
        expect(404, RawHttp.send(server.port(), "GET", "/css/missing.css", null, null), "no page");
        expect(404, RawHttp.send(server.port(), "GET", "/api/nothing-here", null, null), "no endpoint");
    }

    @Test
    void aWrongMethodIs405Json() throws IOException {
        expect(405, RawHttp.send(server.port(), "PUT", "/api/studies", "application/json", "{}".getBytes()),
                "method PUT is not allowed on /api/studies");
        expect(405, RawHttp.send(server.port(), "DELETE", "/api/compare", null, null), "not allowed");
    }

    @Test
    void malformedRequestsAre400Json() throws IOException {
        int port = server.port();
        expect(400, raw("GET /api/%zz HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n"),
                "malformed request");
        expect(400, raw("NOT-HTTP\r\n\r\n"), "malformed request");
        expect(400, raw("GET /api/studies HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nBad Header\r\n\r\n"),
                "malformed request");
    }

    @Test
    void oversizedHeadsAreRejectedAsJson() throws IOException {
        int port = server.port();
        RawHttp.Response longUri = raw("GET /api/studies?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + port + "\r\nConnection: close\r\n\r\n");
        expect(longUri.status(), longUri, "request rejected");
        assertTrue(longUri.status() == 414 || longUri.status() == 431, longUri.status() + ": " + longUri.body());
        RawHttp.Response bigHeader = raw("GET /api/studies HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Pad: "
                + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
        expect(431, bigHeader, "request rejected");
    }
}
