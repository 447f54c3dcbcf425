package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.ArtifactKind;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;

/**
 * The artifact store through the command line: checkpoints land in the directory beside the database file,
 * top-k retention keeps only the best trials' checkpoints, an object deleted behind the tracker's back is
 * reported missing with its hash, {@code hf gc} removes what no run references, and {@code hf artifacts
 * migrate} moves the BLOBs of a schema-V4 database out with its replays still identical.
 */
class ArtifactStoreCliTest {
    @TempDir
    Path dir;

    private List<Artifact> checkpoints(String db, String study) {
        try (Database d = Database.open(db); JdbcRunStore s = new JdbcRunStore(d)) {
            StudyRecord rec = s.findStudyRecord(study).orElseThrow();
            return s.listRuns(rec.id(), java.util.EnumSet.allOf(dev.hyperforge.search.TrialState.class)).stream()
                    .map(Run::id).flatMap(id -> s.artifacts(id).stream()).filter(a -> a.kind() == ArtifactKind.CHECKPOINT).toList();
        }
    }

    private long objectsReferenced(String db) {
        try (Database d = Database.open(db); var c = d.connection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(DISTINCT object_key) FROM artifact")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private long objectFiles(Path store) throws IOException {
        try (Stream<Path> f = Files.walk(store.resolve("sha256"))) {
            return f.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void topTwoRetentionKeepsTwoCheckpointsAndGcAndShowSeeTheStore() throws IOException {
        String db = "jdbc:h2:file:" + dir.resolve("hf");
        Path store = dir.resolve("hf-artifacts");
        Cli.Result tune = Cli.run("tune", Cli.shipped("sequential-vs-functional"), "--study", "k", "--trials", "4", "--epochs", "1",
                "--limit-samples", "32", "--keep-checkpoints", "2", "--db", db);
        assertEquals(0, tune.code(), tune.toString());
        assertTrue(tune.out().contains("checkpoints: keeping those of the best 2 trial(s)"), tune.toString());
        List<Artifact> kept = checkpoints(db, "k");
        assertEquals(2, kept.size(), kept.toString());
        assertTrue(kept.stream().allMatch(a -> a.location().equals(store.toUri().toString().replaceFirst("/$", ""))), kept.toString());

        assertEquals(objectsReferenced(db) + 2, objectFiles(store), "the 2 dropped checkpoints wait for gc");
        Cli.Result dry = Cli.run("gc", "--dry-run", "--db", db);
        assertTrue(dry.out().contains("would remove 2 object(s)"), dry.toString());
        long before = objectFiles(store);
        Cli.Result gc = Cli.run("gc", "--db", db);
        assertTrue(gc.out().contains("removed 2 object(s)"), gc.toString());
        assertEquals(dry.out().lines().filter(l -> l.startsWith("object")).toList(),
                gc.out().lines().filter(l -> l.startsWith("object")).toList(), "gc removes what the dry run listed");
        assertEquals(before - 2, objectFiles(store));
        assertTrue(Cli.run("gc", "--dry-run", "--db", db).out().contains("would remove 0 object(s)"));

        Artifact gone = kept.get(0);
        Files.delete(store.resolve("sha256/" + gone.sha256().substring(0, 2) + "/" + gone.sha256()));
        Cli.Result show = Cli.run("show", Long.toString(gone.runId()), "--db", db);
        assertEquals(0, show.code(), show.toString());
        assertTrue(show.out().contains("MISSING (expected sha256 " + gone.sha256() + ")"), show.toString());
    }

    @Test
    void migrateMovesEveryBlobOfASchemaV4DatabaseOutAndReplaysStayIdentical() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/legacy-db/schema-v4.mv.db")) {
            Files.copy(in, dir.resolve("legacy.mv.db"));
        }
        String db = "jdbc:h2:file:" + dir.resolve("legacy");
        Path objects = dir.resolve("objects");
        Cli.Result m = Cli.run("artifacts", "migrate", "--to", objects.toString(), "--db", db);
        assertEquals(0, m.code(), m.toString());
        assertTrue(m.out().contains("(each verified by SHA-256)"), m.toString());
        Cli.Result again = Cli.run("artifacts", "migrate", "--to", objects.toString(), "--db", db);
        assertTrue(again.out().contains("moved 0 artifact(s)"), again.toString());
        try (Database d = Database.open(db); var c = d.connection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*), COUNT(content), COUNT(DISTINCT object_key) FROM artifact")) {
            rs.next();
            assertTrue(rs.getLong(1) > 0);
            assertEquals(0, rs.getLong(2), "no BLOB left in the artifact rows");
            assertEquals(rs.getLong(3), objectFiles(objects));
        }
        Cli.Result replay = Cli.run("replay", "2", "--db", db, "--artifacts", objects.toString());
        assertEquals(0, replay.code(), replay.toString());
        assertTrue(replay.out().contains("bit-identical to the recorded checkpoint"), replay.toString());
        assertTrue(replay.out().contains("read from " + objects.toUri().toString().replaceFirst("/$", "")), replay.toString());
    }
}
