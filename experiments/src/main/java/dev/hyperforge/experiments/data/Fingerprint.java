package dev.hyperforge.experiments.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An incremental SHA-256 over the bytes a loader read (files) or produced (generators).
 *
 * <pre>{@code
 * Fingerprint f = new Fingerprint();
 * f.update(bytes);
 * String hex = f.hex();
 * }</pre>
 */
public final class Fingerprint {
    private final MessageDigest md;

    /** An empty fingerprint. */
    public Fingerprint() {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds bytes. */
    public Fingerprint update(byte[] bytes) {
        md.update(bytes);
        return this;
    }

    /** Adds a UTF-8 string. */
    public Fingerprint update(String s) {
        return update(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Adds arrays in name order: name, shape and float32 contents (little-endian). */
    public Fingerprint update(Map<String, INDArray> arrays) {
        for (Map.Entry<String, INDArray> e : new java.util.TreeMap<>(arrays).entrySet()) {
            update(e.getKey());
            update(java.util.Arrays.toString(e.getValue().shape()));
            float[] f = e.getValue().castTo(DataType.FLOAT).dup('c').data().asFloat();
            ByteBuffer b = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(f);
            update(b.array());
        }
        return this;
    }

    /** The digest as 64 lower-case hex digits. */
    public String hex() {
        return HexFormat.of().formatHex(md.digest());
    }
}
