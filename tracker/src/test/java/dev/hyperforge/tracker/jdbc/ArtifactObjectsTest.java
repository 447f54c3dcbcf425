package dev.hyperforge.tracker.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.ArtifactKind;
import dev.hyperforge.tracker.Hashing;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.TestFixtures;
import dev.hyperforge.tracker.blob.BlobKeys;
import dev.hyperforge.tracker.blob.BlobStore;
import dev.hyperforge.tracker.blob.DirectoryBlobStore;
import dev.hyperforge.tracker.blob.MissingObjectException;
import dev.hyperforge.tracker.blob.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link JdbcRunStore} whose artifacts live in a directory store: rows keep name, size, hash and location;
 * the object is written before the row, faults are reported with the expected hash, gc finds what no row
 * references, and migration moves bytes out of the database verified by hash.
 */
class ArtifactObjectsTest {
    @TempDir
    Path dir;
    Database db;
    DirectoryBlobStore objects;
    JdbcRunStore store;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:h2:mem:objects-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        objects = new DirectoryBlobStore(dir.resolve("hyperforge-artifacts"));
        store = new JdbcRunStore(db, Clock.systemUTC(), objects);
    }

    @AfterEach
    void close() {
        store.close();
        db.shutdownEmbedded();
        db.close();
    }

    private Run run() {
        long study = store.createOrGetStudy(new StudySpec("s", Direction.MINIMIZE, "random", "{}", 1)).id();
        return store.startRun(study, TestFixtures.provenance());
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void theBytesGoToTheDirectoryAndTheRowKeepsHashSizeAndLocation() throws Exception {
        Run r = run();
        byte[] ckpt = bytes(200_000, 1);
        Artifact a = store.saveArtifact(r.id(), "best-checkpoint.zip", ArtifactKind.CHECKPOINT, "application/zip",
                new ByteArrayInputStream(ckpt));
        assertEquals(objects.location(), a.location());
        assertEquals(Hashing.sha256Hex(ckpt), a.sha256());
        assertTrue(Files.isRegularFile(objects.root().resolve(BlobKeys.forSha256(a.sha256()))));
        try (InputStream in = store.openArtifact(a.id())) {
            assertArrayEquals(ckpt, in.readAllBytes());
        }
        assertEquals(List.of(), new DatabaseBlobStore(db).list());
    }

    @Test
    void anObjectDeletedBehindTheTrackersBackIsReportedMissingWithItsHash() throws Exception {
        Run r = run();
        Artifact a = store.saveArtifact(r.id(), "summary.txt", ArtifactKind.OTHER, "text/plain", bytes(100, 2));
        Files.delete(objects.root().resolve(BlobKeys.forSha256(a.sha256())));
        assertFalse(store.artifactPresent(a.id()));
        MissingObjectException e = assertThrows(MissingObjectException.class, () -> store.openArtifact(a.id()));
        assertTrue(e.getMessage().contains("'summary.txt' of run " + r.id()) && e.getMessage().contains(a.sha256()),
                e.getMessage());
    }

    @Test
    void aWriterThatDiesBetweenUploadAndCommitLeavesNoRowAndGcFindsTheObject() {
        Run r = run();
        BlobStore dying = new BlobStore() {
            @Override
            public String location() {
                return objects.location();
            }

            @Override
            public StoredObject put(InputStream content) {
                objects.put(content);
                throw new IllegalStateException("killed after the upload");
            }

            @Override
            public InputStream open(String key, String sha, String what) {
                return objects.open(key, sha, what);
            }

            @Override
            public boolean exists(String key) {
                return objects.exists(key);
            }

            @Override
            public boolean delete(String key) {
                return objects.delete(key);
            }

            @Override
            public List<StoredObject> list() {
                return objects.list();
            }
        };
        try (JdbcRunStore other = new JdbcRunStore(db, Clock.systemUTC(), dying)) {
            assertThrows(IllegalStateException.class,
                    () -> other.saveArtifact(r.id(), "best-checkpoint.zip", ArtifactKind.CHECKPOINT, "application/zip", bytes(5000, 3)));
        }
        assertEquals(List.of(), store.artifacts(r.id()));
        ArtifactMaintenance m = store.artifactMaintenance();
        List<ArtifactMaintenance.Unreferenced> junk = m.unreferenced();
        assertEquals(List.of(new ArtifactMaintenance.Unreferenced(objects.location(),
                BlobKeys.forSha256(Hashing.sha256Hex(bytes(5000, 3))), 5000)), junk);
        assertEquals(5000, m.delete(junk));
        assertEquals(List.of(), objects.list());
    }

    @Test
    void deletedArtifactsLeaveTheirObjectsToGcWhichKeepsSharedOnes() {
        Run a = run();
        Run b = run();
        byte[] same = bytes(1000, 4);
        Artifact x = store.saveArtifact(a.id(), "val_targets/out", ArtifactKind.PREDICTIONS, "application/x-hf-floats", same);
        Artifact y = store.saveArtifact(b.id(), "val_targets/out", ArtifactKind.PREDICTIONS, "application/x-hf-floats", same);
        assertEquals(1, objects.list().size());
        store.deleteArtifact(x.id());
        assertEquals(List.of(), store.artifactMaintenance().unreferenced(), "still referenced by the other run");
        assertArrayEquals(same, store.artifactContent(y.id()));
        store.deleteArtifact(y.id());
        assertEquals(List.of(), store.artifacts(b.id()));
        assertEquals(1, objects.list().size(), "the object waits for gc");
        ArtifactMaintenance m = store.artifactMaintenance();
        assertEquals(1000, m.delete(m.unreferenced()));
        assertEquals(List.of(), objects.list());
    }

    @Test
    void migrationMovesBytesOutOfTheRowsVerifiedAndReadsStayTheSame() throws Exception {
        Run r = run();
        byte[] legacy = bytes(3000, 5);
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("INSERT INTO artifact (run_id,"
                + " artifact_name, kind, media_type, sha256, size_bytes, content, created_ms) VALUES (?, 'old.zip',"
                + " 'CHECKPOINT', 'application/zip', ?, ?, ?, 0)")) {
            ps.setLong(1, r.id());
            ps.setString(2, Hashing.sha256Hex(legacy));
            ps.setLong(3, legacy.length);
            ps.setBytes(4, legacy);
            ps.executeUpdate();
        }
        Artifact inDb = new JdbcRunStore(db).saveArtifact(r.id(), "db.txt", ArtifactKind.OTHER, "text/plain", bytes(10, 6));
        assertEquals(List.of("db", Artifact.IN_ROW), store.artifacts(r.id()).stream().map(Artifact::location).sorted().toList());
        ArtifactMaintenance.Migration m = store.artifactMaintenance().migrate(objects, line -> { });
        assertEquals(new ArtifactMaintenance.Migration(2, 3010), m);
        assertTrue(store.artifacts(r.id()).stream().allMatch(a -> a.location().equals(objects.location())));
        Artifact old = store.artifacts(r.id()).stream().filter(a -> a.name().equals("old.zip")).findFirst().orElseThrow();
        assertArrayEquals(legacy, store.artifactContent(old.id()));
        assertArrayEquals(bytes(10, 6), store.artifactContent(inDb.id()));
        assertEquals(List.of(), new DatabaseBlobStore(db).list());
        assertEquals(List.of(), store.artifactMaintenance().unreferenced());
    }
}
