package dev.hyperforge.experiments.data;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of (Fashion-)MNIST: magic {@code 0x00 0x00 type ndim}, {@code ndim} big-endian
 * dimensions, then unsigned bytes. Only the unsigned-byte type ({@code 0x08}) is supported.
 *
 * <pre>{@code
 * IdxReader.Idx images = IdxReader.read(Files.readAllBytes(Path.of("train-images-idx3-ubyte.gz")));
 * int n = images.dims()[0];   // 60000; dims() = [60000, 28, 28]
 * }</pre>
 */
public final class IdxReader {
    private IdxReader() {
    }

    /**
     * A decoded IDX file.
     *
     * @param dims the dimensions, first = number of items
     * @param data the unsigned bytes, row-major
     */
    public record Idx(int[] dims, byte[] data) {
        /** Bytes per item. */
        public int itemSize() {
            int s = 1;
            for (int i = 1; i < dims.length; i++) {
                s *= dims[i];
            }
            return s;
        }

        /** Unsigned value {@code i} of the flat data. */
        public int unsigned(int i) {
            return data[i] & 0xFF;
        }
    }

    /** Decodes IDX bytes, gunzipping first when they start with the gzip magic. */
    public static Idx read(byte[] bytes) throws IOException {
        boolean gz = bytes.length > 2 && (bytes[0] & 0xFF) == 0x1f && (bytes[1] & 0xFF) == 0x8b;
        try (InputStream in = gz ? new GZIPInputStream(new ByteArrayInputStream(bytes)) : new ByteArrayInputStream(bytes)) {
            return read(in);
        }
    }

    /** Decodes an uncompressed IDX stream. */
    public static Idx read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        int magic = in.readInt();
        if ((magic >>> 16) != 0) {
            throw new IOException("not an IDX file (bad magic " + Integer.toHexString(magic) + ")");
        }
        int type = (magic >>> 8) & 0xFF;
        int ndim = magic & 0xFF;
        if (type != 0x08) {
            throw new IOException("only unsigned-byte IDX files are supported, type is 0x" + Integer.toHexString(type));
        }
        if (ndim < 1 || ndim > 4) {
            throw new IOException("unsupported IDX rank " + ndim);
        }
        int[] dims = new int[ndim];
        long total = 1;
        for (int i = 0; i < ndim; i++) {
            dims[i] = in.readInt();
            if (dims[i] < 0) {
                throw new IOException("negative IDX dimension " + dims[i]);
            }
            total *= dims[i];
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IOException("IDX file too large: " + total + " bytes");
        }
        byte[] data = new byte[(int) total];
        in.readFully(data);
        return new Idx(dims, data);
    }
}
