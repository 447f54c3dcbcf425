package dev.hyperforge.experiments.data;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads one NumPy {@code .npy} array (format versions 1.0, 2.0 and 3.0, as NumPy 1.x and 2.x write them) into a
 * float32 array of the same shape: dtypes float32, float64, int32, int64, uint8 and bool, little-, big- or
 * no-endian, C or Fortran order. Written from the format's specification
 * ({@code numpy/lib/format.py}) because ND4J's reader takes C-order little-endian numeric arrays only.
 *
 * <pre>{@code
 * INDArray x = NpyReader.read(in, "x.npy").array();   // errors name "x.npy"
 * }</pre>
 */
final class NpyReader {
    /** The dtypes read, by NumPy's type code (kind and item size). */
    static final List<String> DTYPES = List.of("f4 (float32)", "f8 (float64)", "i4 (int32)", "i8 (int64)", "u1 (uint8)", "b1 (bool)");
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])?([a-zA-Z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyReader() {
    }

    /** The header: dtype kind and size, byte order, Fortran order, shape. */
    record Header(char kind, int size, ByteOrder order, boolean fortran, long[] shape) {
        long count() {
            long c = 1;
            for (long s : shape) {
                c = Math.multiplyExact(c, s);
            }
            return c;
        }

        String dtype() {
            return switch ("" + kind + size) {
                case "f4" -> "float32";
                case "f8" -> "float64";
                case "i4" -> "int32";
                case "i8" -> "int64";
                case "u1" -> "uint8";
                case "b1" -> "bool";
                default -> kind + "" + size;
            };
        }
    }

    /**
     * An array read and what the file said about it.
     *
     * @param array the values as float32, C order, the file's shape
     * @param header the file's header
     */
    record Loaded(INDArray array, Header header) {
    }

    /** Reads an array from {@code in}; {@code name} is the file (or {@code file.npz:key}) named in errors. */
    static Loaded read(InputStream in, String name) throws IOException {
        DataInputStream d = new DataInputStream(in);
        Header h = header(d, name);
        long count = h.count();
        long bytes = count * h.size();
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(name + ": array " + shapeText(h.shape()) + " is too large (over 2 GB)");
        }
        byte[] data = new byte[(int) bytes];
        int got = d.readNBytes(data, 0, data.length);
        if (got < data.length) {
            throw new IllegalArgumentException(name + ": truncated: the header says " + shapeText(h.shape()) + " " + h.dtype() + " (" + bytes
                    + " bytes of data), the file holds " + got);
        }
        float[] f = decode(ByteBuffer.wrap(data).order(h.order()), h, (int) count);
        long[] shape = h.shape().length == 0 ? new long[] {1} : h.shape();
        if (count == 0) {
            throw new IllegalArgumentException(name + ": the array " + shapeText(h.shape()) + " is empty");
        }
        INDArray a = Nd4j.create(f, shape, h.fortran() ? 'f' : 'c');
        return new Loaded(h.fortran() ? a.dup('c') : a, h);
    }

    static Header header(DataInputStream d, String name) throws IOException {
        byte[] magic = new byte[8];
        int n = d.readNBytes(magic, 0, 8);
        if (n == 0) {
            throw new IllegalArgumentException(name + ": the file is empty");
        }
        if (n < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
            throw new IllegalArgumentException(name + ": not a NumPy .npy file (it does not start with \\x93NUMPY; save it with numpy.save)");
        }
        int major = magic[6];
        if (major < 1 || major > 3) {
            throw new IllegalArgumentException(name + ": .npy format version " + major + "." + magic[7] + " is not supported (1.0, 2.0, 3.0 are)");
        }
        byte[] len = new byte[major == 1 ? 2 : 4];
        byte[] text;
        try {
            d.readFully(len);
            long hl = major == 1 ? (len[0] & 0xff) | (len[1] & 0xff) << 8 : ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            if (hl > 1 << 20) {
                throw new IllegalArgumentException(name + ": the .npy header claims " + hl + " bytes; the file is damaged");
            }
            text = new byte[(int) hl];
            d.readFully(text);
        } catch (EOFException e) {
            throw new IllegalArgumentException(name + ": truncated inside the .npy header");
        }
        return parse(new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1), name);
    }

    private static Header parse(String h, String name) {
        Matcher m = DESCR.matcher(h);
        Matcher f = FORTRAN.matcher(h);
        Matcher s = SHAPE.matcher(h);
        if (!f.find() || !s.find()) {
            throw new IllegalArgumentException(name + ": the .npy header is not a NumPy header: " + h.trim());
        }
        if (!m.find()) {
            throw new IllegalArgumentException(name + ": unsupported dtype in " + h.trim() + " (structured or object arrays cannot be read; supported: "
                    + DTYPES + ")");
        }
        char kind = m.group(2).charAt(0);
        int size = Integer.parseInt(m.group(3));
        String code = kind + "" + size;
        if (!List.of("f4", "f8", "i4", "i8", "u1", "b1").contains(code)) {
            throw new IllegalArgumentException(name + ": unsupported dtype '" + (m.group(1) == null ? "" : m.group(1)) + code + "'; supported: " + DTYPES
                    + " (convert with a.astype('float32'))");
        }
        ByteOrder order = ">".equals(m.group(1)) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        return new Header(kind, size, order, f.group(1).equals("True"), shape(s.group(1), name));
    }

    private static long[] shape(String text, String name) {
        List<Long> dims = new ArrayList<>();
        for (String p : text.split(",")) {
            if (!p.isBlank()) {
                try {
                    dims.add(Long.parseLong(p.trim().replace("L", "")));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + ": the .npy shape (" + text + ") is not a tuple of integers");
                }
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static float[] decode(ByteBuffer b, Header h, int count) {
        float[] f = new float[count];
        switch ("" + h.kind() + h.size()) {
            case "f4" -> b.asFloatBuffer().get(f);
            case "f8" -> {
                for (int i = 0; i < count; i++) {
                    f[i] = (float) b.getDouble(i * 8);
                }
            }
            case "i4" -> {
                for (int i = 0; i < count; i++) {
                    f[i] = b.getInt(i * 4);
                }
            }
            case "i8" -> {
                for (int i = 0; i < count; i++) {
                    f[i] = b.getLong(i * 8);
                }
            }
            default -> { // u1 and b1: one byte each
                for (int i = 0; i < count; i++) {
                    f[i] = b.get(i) & 0xff;
                }
            }
        }
        return f;
    }

    /** {@code (3, 4)} as NumPy prints shapes. */
    static String shapeText(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }

    /** Reads an array held in memory. */
    static Loaded read(byte[] bytes, String name) throws IOException {
        return read(new ByteArrayInputStream(bytes), name);
    }
}
