package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Slow and numerous clients: a client trickling its headers one line at a time is disconnected once the header
 * deadline passes (the idle timeout alone would never fire, each line resets it), and beyond the connection cap new
 * connections wait until a slot frees. Small limits keep the test short; the bound checked is generous.
 */
class SlowClientTest {
    private static final ServerOptions.Limits SMALL = new ServerOptions.Limits(Duration.ofSeconds(3),
            Duration.ofMillis(800), 2);
    /** Far beyond the deadline: only a connection that is never closed takes this long. */
    private static final long GENEROUS_MS = 20_000;

    @Test
    void aClientTricklingHeadersIsDisconnected() throws IOException {
        try (InMemoryRunStore store = new InMemoryRunStore();
             DashboardServer server = DashboardServer.start(store, options());
             Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(100);
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/studies HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            long end = System.currentTimeMillis() + GENEROUS_MS;
            boolean closed = false;
            int lines = 0;
            while (!closed && System.currentTimeMillis() < end) {
                try {
                    out.write(("X-Slow-" + lines++ + ": a\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    closed = s.getInputStream().read() < 0;
                } catch (SocketTimeoutException e) {
                    // still open: trickle another line
                } catch (IOException e) {
                    closed = true; // reset by the server
                }
            }
            assertTrue(closed, "a connection trickling headers for " + GENEROUS_MS + " ms was never closed");
            assertTrue(lines > 1, "the client did trickle (" + lines + " lines)");
        }
    }

    @Test
    void connectionsBeyondTheCapWaitUntilASlotFrees() throws IOException {
        try (InMemoryRunStore store = new InMemoryRunStore();
             DashboardServer server = DashboardServer.start(store, options());
             Socket idle1 = new Socket("127.0.0.1", server.port());
             Socket idle2 = new Socket("127.0.0.1", server.port());
             Socket third = new Socket("127.0.0.1", server.port())) {
            third.setSoTimeout((int) GENEROUS_MS);
            third.getOutputStream().write(("GET /api/studies HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(third.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            // Both idle connections pass their header deadline at about the same time; the slot of the first one
            // closed is enough for the third, so under load the second may still be closing when the answer comes.
            assertTrue(isClosed(idle1) || isClosed(idle2),
                    "the third connection was served only after an idle one was closed");
        }
    }

    @Test
    void theDefaultsAreThirtySecondsIdleTenForHeadersAnd256Connections() {
        ServerOptions.Limits d = ServerOptions.defaults().limits();
        assertEquals(Duration.ofSeconds(30), d.idleTimeout());
        assertEquals(Duration.ofSeconds(10), d.headerTimeout());
        assertEquals(256, d.maxConnections());
    }

    private static boolean isClosed(Socket s) throws IOException {
        s.setSoTimeout(1);
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static ServerOptions options() {
        return new ServerOptions("127.0.0.1", 0, null).withLimits(SMALL);
    }
}
