package dev.hyperforge.tracker.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.tracker.Hashing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link BlobStore} passes: content-addressed keys, round trips, identical bytes stored
 * once, verified reads (a corrupted object fails, a missing one is named with its hash), deletes and listing,
 * and keys that cannot name a path outside the store. Subclasses give a fresh empty store and a way to
 * overwrite an object's bytes behind the store's back.
 */
public abstract class BlobStoreContract {

    /** @return an empty store */
    protected abstract BlobStore store();

    /** Replaces the bytes of an existing object without going through {@link BlobStore#put}. */
    protected abstract void overwrite(String key, byte[] bytes) throws Exception;

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void putThenOpenGivesTheSameBytesUnderTheirHash() throws IOException {
        BlobStore s = store();
        byte[] b = bytes(3 * 1024 * 1024 + 17, 1);
        StoredObject o = s.put(new ByteArrayInputStream(b));
        String sha = Hashing.sha256Hex(b);
        assertEquals(new StoredObject("sha256/" + sha.substring(0, 2) + "/" + sha, b.length, sha), o);
        assertArrayEquals(b, read(s.open(o.key(), sha, "'x' of run 1")));
        assertTrue(s.exists(o.key()));
    }

    @Test
    void identicalBytesAreStoredOnceAndEmptyObjectsWork() throws IOException {
        BlobStore s = store();
        StoredObject a = s.put(new ByteArrayInputStream(bytes(1000, 2)));
        StoredObject b = s.put(new ByteArrayInputStream(bytes(1000, 2)));
        StoredObject e = s.put(new ByteArrayInputStream(new byte[0]));
        assertEquals(a, b);
        assertEquals(List.of(a, e).stream().sorted(java.util.Comparator.comparing(StoredObject::key)).toList(), s.list());
        assertEquals(0, read(s.open(e.key(), e.sha256(), "empty")).length);
    }

    @Test
    void aCorruptedObjectFailsItsReadNamingTheArtifactAndBothHashes() throws Exception {
        BlobStore s = store();
        StoredObject o = s.put(new ByteArrayInputStream(bytes(5000, 3)));
        overwrite(o.key(), bytes(5000, 4));
        CorruptObjectException e = assertThrows(CorruptObjectException.class,
                () -> read(s.open(o.key(), o.sha256(), "'best-checkpoint.zip' of run 7")));
        assertTrue(e.getMessage().contains("'best-checkpoint.zip' of run 7"), e.getMessage());
        assertTrue(e.getMessage().contains(o.sha256()), e.getMessage());
        assertTrue(e.getMessage().contains(Hashing.sha256Hex(bytes(5000, 4))), e.getMessage());
    }

    @Test
    void aMissingObjectIsReportedWithItsExpectedHash() {
        BlobStore s = store();
        String sha = Hashing.sha256Hex(bytes(10, 5));
        MissingObjectException e = assertThrows(MissingObjectException.class,
                () -> s.open(BlobKeys.forSha256(sha), sha, "'summary.txt' of run 2"));
        assertTrue(e.getMessage().contains("'summary.txt' of run 2") && e.getMessage().contains(sha), e.getMessage());
        assertFalse(s.exists(BlobKeys.forSha256(sha)));
    }

    @Test
    void deleteRemovesOnlyThatObject() throws IOException {
        BlobStore s = store();
        StoredObject a = s.put(new ByteArrayInputStream(bytes(100, 6)));
        StoredObject b = s.put(new ByteArrayInputStream(bytes(100, 7)));
        assertTrue(s.delete(a.key()));
        assertFalse(s.delete(a.key()));
        assertFalse(s.exists(a.key()));
        assertEquals(List.of(b), s.list());
        assertArrayEquals(bytes(100, 7), read(s.open(b.key(), b.sha256(), "b")));
    }

    @Test
    void keysThatAreNotHashesAreRefused() {
        BlobStore s = store();
        for (String bad : List.of("../../etc/passwd", "sha256/ab/../../x", "/abs", "sha256/AB/" + "A".repeat(64))) {
            assertThrows(IllegalArgumentException.class, () -> s.open(bad, "0".repeat(64), "x"), bad);
            assertThrows(IllegalArgumentException.class, () -> s.delete(bad), bad);
        }
    }
}
