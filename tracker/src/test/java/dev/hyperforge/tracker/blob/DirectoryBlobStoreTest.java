package dev.hyperforge.tracker.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryBlobStoreTest extends BlobStoreContract {
    @TempDir
    Path dir;

    @Override
    protected BlobStore store() {
        return new DirectoryBlobStore(dir.resolve("objects"));
    }

    @Override
    protected void overwrite(String key, byte[] bytes) throws Exception {
        Files.write(dir.resolve("objects").resolve(key), bytes);
    }

    @Test
    void objectsAreFilesUnderTheirHashAndNoTemporaryFileRemains() throws Exception {
        StoredObject o = store().put(new ByteArrayInputStream(new byte[] {1, 2, 3}));
        Path f = dir.resolve("objects").resolve(o.key());
        assertTrue(Files.isRegularFile(f));
        try (var tmp = Files.list(dir.resolve("objects/tmp"))) {
            assertEquals(0, tmp.count());
        }
        assertEquals(dir.resolve("objects").toUri().toString().replaceFirst("/$", ""), store().location());
    }
}
