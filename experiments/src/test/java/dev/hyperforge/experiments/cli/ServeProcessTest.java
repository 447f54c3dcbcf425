package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.tracker.Environment;
import dev.hyperforge.tracker.Hashing;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hf serve} end to end in a child JVM through the CLI entry point, over a file database holding a study:
 * it answers on loopback only, refuses {@code --host 0.0.0.0} without a token (exit 2), demands the token when one
 * is set, and stops cleanly on SIGTERM (database closed, port released).
 */
class ServeProcessTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    private String db;
    private final HfChildren children = new HfChildren();

    @BeforeEach
    void studyInAFileDatabase() {
        db = "jdbc:h2:file:" + dir.resolve("serve").toAbsolutePath();
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d)) {
            long study = store.createOrGetStudy(new StudySpec("served-study", Direction.MINIMIZE, "random", "{}", 3)).id();
            Provenance p = Provenance.builder(new Environment("0123456789abcdef0123456789abcdef01234567", false,
                    "17.0.15", "Debian", "Linux", "amd64", "test-host", 2))
                    .experimentFile("x: 1\n").resolvedConfig("{}").seed("s", 1).dataFingerprint(Hashing.sha256Hex("d"))
                    .nd4j("CPU", "none").build();
            store.finishRun(store.startRun(study, p).id(), TrialState.COMPLETE, 0.25, null);
        }
    }

    @AfterEach
    void killLeftovers() {
        children.close();
    }

    private Process hf(Path log, String... args) throws IOException {
        return children.start(null, log, "256m", args);
    }

    private static HttpResponse<String> get(int port, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void servesTheStudyOnLoopbackOnlyAndStopsCleanlyOnSigterm() throws Exception {
        Path log = dir.resolve("serve.log");
        Process p = hf(log, "serve", "--port", "0", "--db", db);
        int port = HfChildren.port(p, log);
        HttpResponse<String> studies = get(port, "/api/studies");
        assertEquals(200, studies.statusCode(), studies.body());
        assertTrue(studies.body().contains("\"served-study\""), studies.body());
        HttpResponse<String> page = get(port, "/study.html?id=1");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
        assertThrows(ConnectException.class, () -> connect("127.0.0.2", port),
                "bound to 127.0.0.1, so another loopback address must be refused");
        p.destroy(); // SIGTERM (Process.destroy on Linux)
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "hf serve did not stop within 30 s of SIGTERM");
        String out = Files.readString(log);
        assertTrue(p.exitValue() == 0 || p.exitValue() == 143, "exit " + p.exitValue() + "\n" + out);
        assertTrue(out.contains("dashboard stopped, database closed"), out);
        assertFalse(out.contains("Exception"), out);
        assertThrows(ConnectException.class, () -> connect("127.0.0.1", port), "the port must be released");
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d)) {
            assertEquals(1, store.listStudies().get(0).counts().get(TrialState.COMPLETE), "the file database reopens");
        }
    }

    @Test
    void allInterfacesNeedAStrongTokenAndThenEveryRequestMustCarryIt() throws Exception {
        Path refused = dir.resolve("refused.log");
        Process bad = hf(refused, "serve", "--host", "0.0.0.0", "--port", "0", "--token", "a", "--db", db);
        assertTrue(bad.waitFor(90, TimeUnit.SECONDS));
        assertEquals(2, bad.exitValue(), Files.readString(refused));
        assertTrue(Files.readString(refused).contains("at least 16 characters, received 1"), Files.readString(refused));
        assertFalse(Files.readString(refused).contains("\tat "), Files.readString(refused));
        Path log = dir.resolve("token.log");
        String token = "s3cret-t0ken-s3cret";
        Process p = hf(log, "serve", "--host", "0.0.0.0", "--port", "0", "--token", token, "--db", db);
        int port = HfChildren.port(p, log);
        HttpResponse<String> without = get(port, "/api/studies");
        assertEquals(401, without.statusCode(), without.body());
        assertTrue(without.body().contains("\"error\""), without.body());
        assertEquals(401, get(port, "/api/studies", "Authorization", "Bearer wrong").statusCode());
        HttpResponse<String> with = get(port, "/api/studies", "Authorization", "Bearer " + token);
        assertEquals(200, with.statusCode(), with.body());
        assertTrue(with.body().contains("served-study"), with.body());
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "hf serve did not stop within 30 s of SIGTERM");
    }

    @Test
    void allInterfacesWithoutATokenGetARandomOnePrintedOnceInTheUrl() throws Exception {
        Path log = dir.resolve("generated.log");
        Process p = hf(log, "serve", "--host", "0.0.0.0", "--port", "0", "--db", db);
        int port = HfChildren.port(p, log);
        Matcher m = Pattern.compile("\\?token=([A-Za-z0-9_-]{32})\\s").matcher(Files.readString(log));
        assertTrue(m.find(), Files.readString(log));
        assertTrue(Files.readString(log).contains("generated for this run"), Files.readString(log));
        assertEquals(401, get(port, "/api/studies").statusCode());
        assertEquals(200, get(port, "/api/studies", "Authorization", "Bearer " + m.group(1)).statusCode());
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "hf serve did not stop within 30 s of SIGTERM");
    }

    private static void connect(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
        }
    }
}
