package dev.hyperforge.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class IdxReaderTest {
    static byte[] idx(int[] dims, byte[] data, boolean gzip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(gzip ? new GZIPOutputStream(bytes) : bytes)) {
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
        return bytes.toByteArray();
    }

    @Test
    void readsATinyGzippedImageFile() throws IOException {
        byte[] pixels = new byte[2 * 3 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 20 + 15);
        }
        IdxReader.Idx idx = IdxReader.read(idx(new int[] {2, 3, 2}, pixels, true));
        assertArrayEquals(new int[] {2, 3, 2}, idx.dims());
        assertEquals(6, idx.itemSize());
        assertEquals(235, idx.unsigned(11), "bytes are unsigned");
        INDArray img = FashionMnistLoader.images(idx, 2, false);
        assertArrayEquals(new long[] {2, 3, 2, 1}, img.shape());
        assertEquals(235 / 255f, img.getFloat(1, 2, 1, 0), 1e-6);
    }

    @Test
    void rejectsTruncatedAndNonIdxData() throws IOException {
        byte[] whole = idx(new int[] {4}, new byte[] {1, 2, 3, 4}, false);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 1);
        assertThrows(IOException.class, () -> IdxReader.read(cut));
        assertThrows(IOException.class, () -> IdxReader.read(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
    }

    @Test
    void fashionLoaderReadsADirectoryOfIdxFilesAndOneHotsLabels(@TempDir Path dir) throws IOException {
        byte[] img = new byte[3 * 2 * 2];
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), idx(new int[] {3, 2, 2}, img, true));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), idx(new int[] {3}, new byte[] {0, 9, 4}, true));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), idx(new int[] {1, 2, 2}, new byte[4], true));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), idx(new int[] {1}, new byte[] {7}, true));
        DataSet d = new FashionMnistLoader().load(Map.of("path", dir.toString()), 0L);
        assertArrayEquals(new long[] {3, 2, 2, 1}, d.x().get("image").shape());
        assertEquals(1f, d.y().get("label").getFloat(1, 9));
        assertEquals(1f, d.testY().get("label").getFloat(0, 7));
        DataSet again = new FashionMnistLoader().load(Map.of("path", dir.toString()), 99L);
        assertEquals(d.fingerprint(), again.fingerprint(), "the fingerprint is of the bytes read");
    }

    @Test
    void bundledSubsetLoadsWithoutThePackage() {
        DataSet d = new FashionMnistLoader().load(Map.of("source", "bundled", "train_samples", 100, "test_samples", 50, "flatten", true), 0L);
        assertArrayEquals(new long[] {100, 784}, d.x().get("image").shape());
        assertArrayEquals(new long[] {50, 10}, d.testY().get("label").shape());
        assertEquals(100.0, d.y().get("label").sumNumber().doubleValue(), 1e-9);
    }

    @Test
    void packageSourceNamesTheDebianPackageWhenMissing() {
        if (FashionMnistLoader.installed(FashionMnistLoader.PACKAGE_DIR)) {
            DataSet d = new FashionMnistLoader().load(Map.of("source", "package", "train_samples", 10, "test_samples", 10), 0L);
            assertEquals(10, d.samples());
            return;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FashionMnistLoader().load(Map.of("source", "package"), 0L));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
    }
}
