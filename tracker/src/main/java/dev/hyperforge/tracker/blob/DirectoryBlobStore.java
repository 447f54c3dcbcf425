package dev.hyperforge.tracker.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A {@link BlobStore} in a local (or mounted) directory: each object is the file {@code <root>/sha256/ab/
 * abcdef…}. A put streams into {@code <root>/tmp/} while hashing, then moves the finished file to its key in
 * one atomic rename, so a reader (or a kill -9) never sees half an object and identical bytes are stored
 * once.
 *
 * <pre>{@code
 * BlobStore store = new DirectoryBlobStore(Path.of("hyperforge-artifacts"));
 * StoredObject o = store.put(in);   // hyperforge-artifacts/sha256/3f/3fa9…
 * }</pre>
 */
public final class DirectoryBlobStore implements BlobStore {
    private final Path root;

    /**
     * @param root the directory (created on the first put)
     */
    public DirectoryBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** @return the directory */
    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toUri().toString().replaceFirst("/$", "");
    }

    @Override
    public StoredObject put(InputStream content) {
        Path tmpDir = root.resolve("tmp");
        try {
            Files.createDirectories(tmpDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the artifact directory " + tmpDir + ": " + e.getMessage(), e);
        }
        BlobKeys.Spooled s = BlobKeys.spool(content, tmpDir);
        Path target = file(s.key());
        try {
            if (Files.exists(target)) {
                BlobKeys.deleteQuietly(s.file());
            } else {
                Files.createDirectories(target.getParent());
                publish(s.file(), target);
            }
            return new StoredObject(s.key(), s.size(), s.sha256());
        } catch (IOException e) {
            BlobKeys.deleteQuietly(s.file());
            throw new UncheckedIOException("cannot store an artifact in " + root + ": " + e.getMessage(), e);
        }
    }

    private static void publish(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            BlobKeys.deleteQuietly(tmp);   // another writer published the same bytes first
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target.getParent() + " cannot rename atomically", e);
        }
    }

    @Override
    public InputStream open(String key, String expectedSha256, String what) {
        Path f = file(key);
        try {
            return new VerifyingInputStream(Files.newInputStream(f), expectedSha256, what);
        } catch (NoSuchFileException e) {
            throw new MissingObjectException(what, f.toString(), expectedSha256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read artifact " + what + " from " + f + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(file(key));
    }

    @Override
    public boolean delete(String key) {
        try {
            return Files.deleteIfExists(file(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete object " + key + " from " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<StoredObject> list() {
        Path dir = root.resolve("sha256");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<StoredObject> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, 2)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String key = root.relativize(f).toString().replace('\\', '/');
                if (BlobKeys.isKey(key) && Files.isRegularFile(f)) {
                    out.add(new StoredObject(key, Files.size(f), key.substring(key.lastIndexOf('/') + 1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(StoredObject::key));
        return out;
    }

    private Path file(String key) {
        return root.resolve(BlobKeys.check(key));
    }

    @Override
    public String toString() {
        return location();
    }
}
