package dev.hyperforge.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The {@code text} loader on folders and CSV files written here. */
class TextLoaderTest {
    private static final DataLoader LOADER = DataLoaders.get("text");

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static Map<String, Object> opts(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void folderClassesTokensAndShapes(@TempDir Path dir) throws IOException {
        write(dir.resolve("t/pos/1.txt"), "Good, good film!");
        write(dir.resolve("t/neg/2.txt"), "Bad film.");
        write(dir.resolve("t/neg/1.txt"), "bad BAD bad");
        DataSet d = LOADER.load(opts("path", "t", "output_sequence_length", 4), 1L, dir);
        assertEquals(List.of("neg", "pos"), d.classNames().get("label"));
        assertArrayEquals(new float[] {0, 0, 1}, d.y().get("label").data().asFloat());
        // counts: bad 4, good 2, film 2 (tie: 'good' > 'film' descending) → ids bad 2, good 3, film 4
        assertArrayEquals(new float[] {2, 2, 2, 0, 2, 4, 0, 0, 3, 3, 4, 0}, d.x().get("text").data().asFloat());
        assertArrayEquals(new long[] {3, 4}, d.x().get("text").shape());
    }

    @Test
    void vocabularyComesFromTrainingRowsOnly(@TempDir Path dir) throws IOException {
        for (int i = 0; i < 20; i++) {
            write(dir.resolve("t/c" + (i % 2) + "/" + i + ".txt"), "common w" + i);
        }
        DataSet d = LOADER.load(opts("path", "t", "output_sequence_length", 2, "validation", 0.25), 3L, dir);
        assertEquals(15, d.samples());
        INDArray val = d.testX().get("text");
        assertEquals(5, val.size(0));
        for (int r = 0; r < 5; r++) {
            assertEquals(2f, val.getFloat(r, 0), "'common' is the most frequent training word");
            assertEquals(1f, val.getFloat(r, 1), "a validation-only word is out of vocabulary");
        }
        INDArray train = d.x().get("text");
        for (int r = 0; r < 15; r++) {
            assertTrue(train.getFloat(r, 1) >= 3f, "training words are in the vocabulary");
        }
        assertTrue(d.description().contains("16 words learned from 15 training texts"), d.description());
        assertNotEquals(LOADER.load(opts("path", "t", "output_sequence_length", 2, "validation", 0.25), 4L, dir).fingerprint(), d.fingerprint(),
                "the seed of a split is part of the fingerprint");
    }

    @Test
    void csvWithQuotesNewlinesCrlfBomAndNumericLabels(@TempDir Path dir) throws IOException {
        String csv = "\uFEFFid,body,stars\r\n1,\"Nice, really\nnice\",10\r\n2,awful,2\r\n3,\"ok \"\"fine\"\"\",1\r\n";
        write(dir.resolve("r.csv"), csv);
        DataSet d = LOADER.load(opts("path", "r.csv", "text_column", "body", "label_column", "stars", "output_mode", "multi_hot",
                "max_tokens", 8, "label_mode", "categorical"), 1L, dir);
        assertEquals(List.of("1", "2", "10"), d.classNames().get("label"), "integer labels sort numerically");
        assertArrayEquals(new float[] {0, 0, 1, 0, 1, 0, 1, 0, 0}, d.y().get("label").data().asFloat());
        // counts: nice 2; really, awful, ok, fine 1 each → [UNK], nice, really, ok, fine, awful
        assertArrayEquals(new float[] {0, 1, 1, 0, 0, 0, 0, 0}, d.x().get("text").getRow(0).dup().data().asFloat());
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0, 0, 0}, d.x().get("text").getRow(2).dup().data().asFloat());
    }

    @Test
    void tsvByExtensionAndBinaryLabels(@TempDir Path dir) throws IOException {
        write(dir.resolve("m.tsv"), "label\ttext\nspam\tWIN money, now\nham\tsee you at noon\n");
        DataSet d = LOADER.load(opts("path", "m.tsv", "output_sequence_length", 3, "label_mode", "binary"), 1L, dir);
        assertEquals(List.of("ham", "spam"), d.classNames().get("label"));
        assertArrayEquals(new float[] {1, 0}, d.y().get("label").data().asFloat());
        assertEquals(3, d.x().get("text").size(1));
    }

    @Test
    void fingerprintsCoverNamesBytesAndSettings(@TempDir Path dir) throws Exception {
        write(dir.resolve("t/a/x.txt"), "one");
        write(dir.resolve("t/b/y.txt"), "two");
        write(dir.resolve("r.csv"), "text,label\none,a\ntwo,b\n");
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (String f : List.of("a/x.txt", "b/y.txt")) {
            md.update(f.getBytes(StandardCharsets.UTF_8));
            md.update(Files.readAllBytes(dir.resolve("t").resolve(f)));
        }
        String settings = "max_tokens=10000,output_mode=int,length=2,label_mode=int,validation=0.0,seed=0";
        md.update(settings.getBytes(StandardCharsets.UTF_8));
        assertEquals(HexFormat.of().formatHex(md.digest()), LOADER.load(opts("path", "t", "output_sequence_length", 2), 1L, dir).fingerprint());
        md.update(Files.readAllBytes(dir.resolve("r.csv")));
        md.update(settings.getBytes(StandardCharsets.UTF_8));
        assertEquals(HexFormat.of().formatHex(md.digest()), LOADER.load(opts("path", "r.csv", "output_sequence_length", 2), 1L, dir).fingerprint());
    }

    @Test
    void nonUtf8NamesTheFileOffsetAndLine(@TempDir Path dir) throws IOException {
        write(dir.resolve("t/a/ok.txt"), "fine");
        Files.createDirectories(dir.resolve("t/b"));
        Files.write(dir.resolve("t/b/latin.txt"), "caf\nna\u00efve".getBytes(StandardCharsets.ISO_8859_1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LOADER.load(opts("path", "t", "output_sequence_length", 2), 1L, dir));
        assertEquals("text: t/b/latin.txt is not UTF-8: byte 0xEF at offset 6 (line 2) is not valid UTF-8; convert the file, e.g. iconv -f latin1 -t utf-8",
                e.getMessage());
    }
}
