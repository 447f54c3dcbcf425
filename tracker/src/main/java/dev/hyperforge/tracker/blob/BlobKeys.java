package dev.hyperforge.tracker.blob;

import dev.hyperforge.tracker.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Object keys and the spooling every store shares. A key is {@code sha256/<first two hex digits>/<64 hex
 * digits>}: derived from the content's hash only, so no user text (artifact names, study names) ever
 * reaches a path or an object name.
 *
 * <pre>{@code
 * String key = BlobKeys.forSha256("3fa9…");   // "sha256/3f/3fa9…"
 * }</pre>
 */
public final class BlobKeys {
    private static final Pattern KEY = Pattern.compile("sha256/[0-9a-f]{2}/[0-9a-f]{64}");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");

    private BlobKeys() {
    }

    /**
     * The key of content with a SHA-256.
     *
     * @param sha256 lower-case hex SHA-256
     * @return {@code sha256/ab/abcdef…}
     */
    public static String forSha256(String sha256) {
        if (sha256 == null || !SHA.matcher(sha256).matches()) {
            throw new IllegalArgumentException("a SHA-256 is 64 lower-case hex digits, got '" + sha256 + "'");
        }
        return "sha256/" + sha256.substring(0, 2) + "/" + sha256;
    }

    /**
     * Checks that a text is a well-formed key (refuses anything a path could escape with).
     *
     * @param key the key
     * @return the key
     */
    public static String check(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("object key must look like sha256/ab/<64 hex digits>, got '" + key + "'");
        }
        return key;
    }

    /**
     * Whether a text is a well-formed key.
     *
     * @param key candidate
     * @return true for {@code sha256/ab/…}
     */
    public static boolean isKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /**
     * Bytes copied to a temporary file with their hash and length.
     *
     * @param file the temporary file (the caller moves or deletes it)
     * @param size length in bytes
     * @param sha256 hex SHA-256
     */
    public record Spooled(Path file, long size, String sha256) {
        /** @return the object key of the bytes */
        public String key() {
            return forSha256(sha256);
        }

        /** @return key, size and hash */
        public StoredObject object() {
            return new StoredObject(key(), size, sha256);
        }
    }

    /**
     * Copies a stream into a new file in {@code dir} (the system temp directory when null), hashing it on the
     * way; the caller moves or deletes the file.
     *
     * @param in the bytes (read to the end, not closed)
     * @param dir directory of the temporary file, or null
     * @return the spooled file with size and hash
     */
    public static Spooled spool(InputStream in, Path dir) {
        Path tmp = null;
        try {
            tmp = dir == null ? Files.createTempFile("hf-object", ".part") : Files.createTempFile(dir, "put-", ".part");
            MessageDigest md = Hashing.newSha256();
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), md)) {
                size = in.transferTo(out);
            }
            return new Spooled(tmp, size, HexFormat.of().formatHex(md.digest()));
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot store an artifact: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes a temporary file, ignoring failures.
     *
     * @param p the file or null
     */
    public static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file left behind is swept by hf gc
            }
        }
    }
}
