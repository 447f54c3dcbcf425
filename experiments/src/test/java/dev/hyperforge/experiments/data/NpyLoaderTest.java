package dev.hyperforge.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The npy loader on files NumPy 1.24 and 2.4 wrote (src/test/resources/npy, see make_fixtures.py) and on Java-written ones. */
class NpyLoaderTest {
    static final Path FIXTURES = Path.of("src/test/resources/npy");

    @TempDir
    Path dir;

    /** The values of {@code base = arange(24).reshape(2, 3, 4)} after {@code f}, in C order. */
    static float[] base(IntToDoubleFunction f) {
        float[] v = new float[24];
        for (int i = 0; i < 24; i++) {
            v[i] = (float) f.applyAsDouble(i);
        }
        return v;
    }

    static float[] values(INDArray a) {
        return a.dup('c').data().asFloat();
    }

    private static INDArray read(Path p) throws IOException {
        return NpyReader.read(Files.readAllBytes(p), p.getFileName().toString()).array();
    }

    @ParameterizedTest
    @ValueSource(strings = {"np1", "np2"})
    void readsWhatNumPyWrites(String numpy) throws IOException {
        Map<String, float[]> expected = Map.of("f4_c", base(i -> i * 0.5), "f8_fortran", base(i -> i - 3), "i4_big", base(i -> i * 7),
                "i8", base(i -> i - 10), "u1", base(i -> (i * 10) & 0xff), "b1", base(i -> i % 3 == 0 ? 1 : 0), "f8_v2", base(i -> i * 0.25),
                "f4_v3", base(i -> i * 0.5));
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            INDArray a = read(FIXTURES.resolve(numpy + "_" + e.getKey() + ".npy"));
            assertArrayEquals(new long[] {2, 3, 4}, a.shape(), e.getKey());
            assertArrayEquals(e.getValue(), values(a), e.getKey());
        }
        assertArrayEquals(new long[] {5}, read(FIXTURES.resolve(numpy + "_f4_1d.npy")).shape());
    }

    @ParameterizedTest
    @ValueSource(strings = {"np1_arrays.npz", "np2_compressed.npz"})
    void loadsArraysFromNpzByNameOrKeyAndFingerprintsTheBytes(String npz) throws Exception {
        DataSet d = new NpyLoader().load(Map.of("inputs", Map.of("x", npz), "targets", Map.of("label", Map.of("path", npz, "key", "y"))), 0L, FIXTURES);
        assertArrayEquals(base(i -> i * 0.5), values(d.x().get("x")));
        assertArrayEquals(new long[] {2, 1}, d.y().get("label").shape(), "one-dimensional arrays become (n, 1)");
        assertArrayEquals(new float[] {1, 0}, values(d.y().get("label")));
        byte[] bytes = Files.readAllBytes(FIXTURES.resolve(npz));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), d.fingerprint(), "the file is read and hashed once");
        assertTrue(d.description().startsWith("npy: x <- " + npz + ":x (2, 3, 4) float32, label <- " + npz + ":y (2,) int64"), d.description());
    }

    @Test
    void aTestPartNeedsTheSameTrailingShape() {
        Map<String, Object> ok = Map.of("inputs", Map.of("x", "np1_f4_c.npy"), "targets", Map.of("y", "np1_i8.npy"),
                "test", Map.of("inputs", Map.of("x", "np2_f8_v2.npy"), "targets", Map.of("y", "np2_i8.npy")));
        DataSet d = new NpyLoader().load(ok, 0L, FIXTURES);
        assertTrue(d.hasTest());
        assertArrayEquals(base(i -> i * 0.25), values(d.testX().get("x")));
        Map<String, Object> bad = Map.of("inputs", Map.of("x", "np1_f4_c.npy"), "targets", Map.of("y", "np1_i8.npy"),
                "test", Map.of("inputs", Map.of("x", "np1_f4_1d.npy"), "targets", Map.of("y", "np2_i8.npy")));
        String m = assertThrows(IllegalArgumentException.class, () -> new NpyLoader().load(bad, 0L, FIXTURES)).getMessage();
        assertEquals("np1_f4_c.npy has shape (2, 3, 4) but the test array np1_f4_1d.npy has (5, 1); only the first (sample) dimension may differ", m);
    }

    @Test
    void errorsNameTheFile() {
        String count = assertThrows(IllegalArgumentException.class, () -> new NpyLoader()
                .load(Map.of("inputs", Map.of("x", "np1_f4_c.npy"), "targets", Map.of("y", "np1_f4_1d.npy")), 0L, FIXTURES)).getMessage();
        assertTrue(count.startsWith("np1_f4_1d.npy holds 5 samples (shape (5, 1)) but np1_f4_c.npy holds 2"), count);
        String key = assertThrows(IllegalArgumentException.class, () -> new NpyLoader()
                .load(Map.of("inputs", Map.of("image", "np1_arrays.npz"), "targets", Map.of("y", "np1_arrays.npz")), 0L, FIXTURES)).getMessage();
        assertEquals("np1_arrays.npz: no array 'image' (the archive holds [x, y]; choose one with {path: np1_arrays.npz, key: x})", key);
    }

    /** Writes a .npy of {@code base} (values 0..23 as the dtype holds them) in any dtype, order, byte order and version. */
    static byte[] npy(String descr, boolean fortran, int version) {
        String header = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': (2, 3, 4), }";
        int pre = 6 + 2 + (version == 1 ? 2 : 4);
        int pad = 64 - (pre + header.length() + 1) % 64;
        header = header + " ".repeat(pad % 64) + "\n";
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int size = descr.charAt(2) - '0';
        ByteBuffer data = ByteBuffer.allocate(24 * size).order(order);
        for (int k = 0; k < 24; k++) {
            int i = fortran ? cIndexOfFortran(k) : k;
            switch (descr.substring(1)) {
                case "f4" -> data.putFloat(i * 0.5f);
                case "f8" -> data.putDouble(i * 0.5);
                case "i4" -> data.putInt(i - 12);
                case "i8" -> data.putLong(i - 12);
                case "u1" -> data.put((byte) (i * 10));
                default -> data.put((byte) (i % 2));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer len = ByteBuffer.allocate(version == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (version == 1) {
            len.putShort((short) h.length);
        } else {
            len.putInt(h.length);
        }
        out.writeBytes(len.array());
        out.writeBytes(h);
        out.writeBytes(data.array());
        return out.toByteArray();
    }

    /** The C-order index of the k-th element of a (2, 3, 4) array stored in Fortran order. */
    static int cIndexOfFortran(int k) {
        int a = k % 2;
        int b = (k / 2) % 3;
        int c = k / 6;
        return a * 12 + b * 4 + c;
    }

    @Test
    void readsEveryDtypeOrderByteOrderAndVersionJavaWrites() throws IOException {
        for (String dtype : List.of("f4", "f8", "i4", "i8", "u1", "b1")) {
            float[] expected = switch (dtype) {
                case "f4", "f8" -> base(i -> i * 0.5);
                case "i4", "i8" -> base(i -> i - 12);
                case "u1" -> base(i -> (i * 10) & 0xff);
                default -> base(i -> i % 2);
            };
            for (String endian : dtype.startsWith("u") || dtype.startsWith("b") ? List.of("|") : List.of("<", ">")) {
                for (boolean fortran : List.of(false, true)) {
                    for (int version : List.of(1, 2, 3)) {
                        String what = endian + dtype + (fortran ? " fortran" : " C") + " v" + version;
                        INDArray a = NpyReader.read(npy(endian + dtype, fortran, version), what).array();
                        assertArrayEquals(new long[] {2, 3, 4}, a.shape(), what);
                        assertArrayEquals(expected, values(a), what);
                    }
                }
            }
        }
    }

    @Test
    void rejectsWhatItCannotRead() throws IOException {
        String dtype = assertThrows(IllegalArgumentException.class, () -> NpyReader.read(npy("<f2", false, 1), "h.npy")).getMessage();
        assertTrue(dtype.startsWith("h.npy: unsupported dtype '<f2'; supported: "), dtype);
        byte[] good = npy("<f4", false, 1);
        String cut = assertThrows(IllegalArgumentException.class, () -> NpyReader.read(java.util.Arrays.copyOf(good, good.length - 10), "t.npy")).getMessage();
        assertEquals("t.npy: truncated: the header says (2, 3, 4) float32 (96 bytes of data), the file holds 86", cut);
        String magic = assertThrows(IllegalArgumentException.class, () -> NpyReader.read("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), "m.npy")).getMessage();
        assertTrue(magic.startsWith("m.npy: not a NumPy .npy file"), magic);
        Files.write(dir.resolve("e.npy"), new byte[0]);
        String empty = assertThrows(IllegalArgumentException.class,
                () -> new NpyLoader().load(Map.of("inputs", Map.of("x", "e.npy"), "targets", Map.of("y", "e.npy")), 0L, dir)).getMessage();
        assertEquals("e.npy: the file is empty", empty);
    }
}
