package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hyperforge.search.Direction;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.ArtifactKind;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.blob.DirectoryBlobStore;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard over a directory artifact store: downloads stream the stored bytes, and an object deleted
 * behind the tracker's back shows as missing with its expected hash (run page flag, 404 on download).
 */
class ArtifactStoreApiTest {
    @TempDir
    Path dir;

    @Test
    void downloadsStreamFromTheStoreAndAMissingObjectIsReportedWithItsHash() throws Exception {
        byte[] ckpt = new byte[700_000];
        new Random(3).nextBytes(ckpt);
        DirectoryBlobStore objects = new DirectoryBlobStore(dir.resolve("objects"));
        try (Database db = Database.open("jdbc:h2:mem:web-objects-" + UUID.randomUUID());
             JdbcRunStore store = new JdbcRunStore(db, Clock.systemUTC(), objects)) {
            long study = store.createOrGetStudy(new StudySpec("s", Direction.MAXIMIZE, "random", "{}", 1)).id();
            Run r = store.startRun(study, StudyFixture.provenance());
            Artifact c = store.saveArtifact(r.id(), "best-checkpoint.zip", ArtifactKind.CHECKPOINT, "application/zip", ckpt);
            Artifact s = store.saveArtifact(r.id(), "summary.txt", ArtifactKind.OTHER, "text/plain", "Dense".getBytes());
            DashboardServer server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, null));
            try {
                String base = "http://127.0.0.1:" + server.port() + "/api/runs/" + r.id();
                HttpResponse<byte[]> down = get(base + "/artifacts/" + c.id());
                assertEquals(200, down.statusCode());
                assertArrayEquals(ckpt, down.body());

                Files.delete(objects.root().resolve("sha256/" + c.sha256().substring(0, 2) + "/" + c.sha256()));
                JsonNode arts = new ObjectMapper().readTree(get(base).body()).get("artifacts");
                assertEquals("best-checkpoint.zip", arts.get(0).get("name").asText());
                assertTrue(arts.get(0).get("missing").asBoolean());
                assertEquals(c.sha256(), arts.get(0).get("sha256").asText());
                assertEquals(s.id(), arts.get(1).get("id").asLong());
                assertTrue(!arts.get(1).get("missing").asBoolean());
                HttpResponse<byte[]> gone = get(base + "/artifacts/" + c.id());
                assertEquals(404, gone.statusCode());
                String body = new String(gone.body());
                assertTrue(body.contains("missing") && body.contains(c.sha256()), body);
            } finally {
                server.stop();
            }
        }
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
