package dev.hyperforge.tracker.blob;

import dev.hyperforge.tracker.Hashing;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Hashes the bytes that pass through it and, at the end of the stream, compares them with the expected
 * SHA-256, throwing {@link CorruptObjectException} when they differ. Skipping is done by reading so that
 * every byte is hashed.
 *
 * <pre>{@code
 * try (InputStream in = new VerifyingInputStream(raw, expectedSha, "'best.zip' of run 3")) { in.readAllBytes(); }
 * }</pre>
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final MessageDigest digest = Hashing.newSha256();
    private final String expected;
    private final String what;
    private boolean checked;

    /**
     * @param in the raw stream (closed with this one)
     * @param expectedSha256 the recorded hash
     * @param what the artifact, for the message
     */
    public VerifyingInputStream(InputStream in, String expectedSha256, String what) {
        super(in);
        this.expected = expectedSha256;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            verify();
        } else {
            digest.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            verify();
        } else {
            digest.update(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: every byte is hashed once
    }

    private void verify() throws CorruptObjectException {
        if (checked) {
            return;
        }
        checked = true;
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expected)) {
            throw new CorruptObjectException(what, expected, actual);
        }
    }
}
