package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The token: strong or generated, and never left in the address bar once the cookie is set. */
class TokenTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "0123456789abcdef-token";

    @Test
    void aShortTokenIsRefusedWithTheRule() {
        for (String weak : new String[] {"a", "s3cret", "123456789012345"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServerOptions.resolve("0.0.0.0", 0, weak, Map.of()));
            assertTrue(e.getMessage().contains("at least 16 characters"), e.getMessage());
            assertTrue(e.getMessage().contains("received " + weak.length()), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new ServerOptions("127.0.0.1", 0, weak));
        }
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.resolve("0.0.0.0", 0, null,
                Map.of("HF_TOKEN", "short")));
        assertEquals("1234567890123456", ServerOptions.resolve("0.0.0.0", 0, "1234567890123456", Map.of()).token());
    }

    @Test
    void aNonLoopbackHostWithoutATokenGetsARandomOne() {
        ServerOptions a = ServerOptions.resolve("0.0.0.0", 0, null, Map.of());
        ServerOptions b = ServerOptions.resolve("0.0.0.0", 0, "", Map.of());
        assertTrue(a.token().matches("[A-Za-z0-9_-]{32}"), a.token());
        assertTrue(b.token().matches("[A-Za-z0-9_-]{32}"), b.token());
        assertNotEquals(a.token(), b.token());
        assertFalse(ServerOptions.resolve("127.0.0.1", 0, null, Map.of()).tokenRequired(), "loopback needs none");
        try (InMemoryRunStore store = new InMemoryRunStore();
             DashboardServer server = DashboardServer.start(store, a.withLimits(ServerOptions.Limits.DEFAULTS))) {
            assertTrue(server.url().endsWith("/?token=" + a.token()), server.url());
            assertEquals(401, get(server, "/api/studies").statusCode());
            assertEquals(200, get(server, "/api/studies", "Authorization", "Bearer " + a.token()).statusCode());
        }
    }

    @Test
    void theTokenIsRedirectedOutOfTheAddressKeepingTheOtherParameters() {
        try (InMemoryRunStore store = new InMemoryRunStore();
             DashboardServer server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, TOKEN))) {
            HttpResponse<String> r = get(server, "/study.html?id=3&token=" + TOKEN + "&tab=charts");
            assertEquals(303, r.statusCode(), r.body());
            assertEquals("/study.html?id=3&tab=charts", r.headers().firstValue("Location").orElseThrow());
            String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.startsWith(Security.COOKIE + "="), cookie);
            HttpResponse<String> page = get(server, "/study.html?id=3&tab=charts", "Cookie",
                    cookie.substring(0, cookie.indexOf(';')));
            assertEquals(200, page.statusCode());
            HttpResponse<String> wrong = get(server, "/?token=not-the-token-at-all");
            assertEquals(401, wrong.statusCode(), "a wrong token is not redirected");
            assertFalse(wrong.headers().firstValue("Set-Cookie").isPresent());
        }
    }

    @Test
    void theRedirectNeverLeavesThisServer() {
        assertEquals("/", Security.withoutToken("/", "token=x"));
        assertEquals("/evil.example/", Security.withoutToken("//evil.example/", "token=x"));
        assertEquals("/evil.example", Security.withoutToken("///evil.example", "token=x&"));
        assertEquals("/run.html?id=4", Security.withoutToken("/run.html", "id=4&to%6Ben=x&token"));
        assertEquals("/a?tokens=1", Security.withoutToken("/a", "tokens=1&token=x"));
    }

    private static HttpResponse<String> get(DashboardServer server, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(path, e);
        }
    }
}
