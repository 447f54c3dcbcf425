package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hf tune} next to a running {@code hf serve}, both child JVMs in one working directory with no {@code --db}
 * and no {@code HF_DB}: they share the default embedded file ({@code ./hyperforge.mv.db}, H2's automatic mixed mode)
 * instead of the second stopping with "Database may be already in use", and the dashboard serves the trials the
 * tuner writes while both run.
 */
class SharedDefaultDatabaseTest {
    @TempDir
    Path dir;
    private final HfChildren children = new HfChildren();

    @AfterEach
    void killLeftovers() {
        children.close();
    }

    private Process hf(Path log, String... args) throws IOException {
        return children.start(dir, log, "512m", args);
    }

    @Test
    void tuneWritesIntoTheDefaultDatabaseWhileServeHasItOpen() throws Exception {
        Path serveLog = dir.resolve("serve.log");
        Process serve = hf(serveLog, "serve", "--port", "0");
        int port = HfChildren.port(serve, serveLog);
        assertTrue(Files.exists(dir.resolve("hyperforge.mv.db")), "hf serve opened ./hyperforge.mv.db");
        Path tuneLog = dir.resolve("tune.log");
        Process tune = hf(tuneLog, "tune", Cli.shipped("sequential-vs-functional"), "--study", "shared", "--trials", "2",
                "--epochs", "1", "--limit-samples", "32");
        assertTrue(tune.waitFor(5, TimeUnit.MINUTES), "hf tune did not finish in 5 minutes:\n" + Files.readString(tuneLog));
        String out = Files.readString(tuneLog);
        assertFalse(out.contains("already in use"), out);
        assertEquals(0, tune.exitValue(), out);
        assertTrue(serve.isAlive(), "hf serve still runs:\n" + Files.readString(serveLog));
        HttpResponse<String> studies = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/studies")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, studies.statusCode(), studies.body());
        assertTrue(studies.body().contains("\"name\":\"shared\""), studies.body());
        assertTrue(studies.body().contains("\"COMPLETE\":2"), "the tuner's two trials are served: " + studies.body());
        serve.destroy();
        assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "hf serve did not stop within 30 s of SIGTERM");
    }
}
