package dev.hyperforge.tracker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 fingerprints for experiment files, data and artifacts.
 *
 * <pre>{@code
 * String dataSha = Hashing.sha256Hex(Path.of("train.csv"));
 * }</pre>
 */
public final class Hashing {
    private Hashing() {
    }

    /**
     * A new SHA-256 digest, for callers hashing data as they read it.
     *
     * @return a fresh digest
     */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256, which every Java SE runtime must provide", e);
        }
    }

    /**
     * SHA-256 of bytes.
     *
     * @param bytes the bytes
     * @return lower-case hex digest
     */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    /**
     * SHA-256 of a string's UTF-8 encoding.
     *
     * @param text the text
     * @return lower-case hex digest
     */
    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * SHA-256 of a file's content, streamed.
     *
     * @param file the file
     * @return lower-case hex digest
     */
    public static String sha256Hex(Path file) {
        MessageDigest md = newSha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to fingerprint it", e);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
