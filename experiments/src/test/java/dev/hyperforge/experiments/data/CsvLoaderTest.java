package dev.hyperforge.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class CsvLoaderTest {
    @TempDir
    Path dir;

    private DataSet load(String file, String text, Map<String, Object> options) throws IOException {
        Files.writeString(dir.resolve(file), text);
        Map<String, Object> o = new LinkedHashMap<>(options);
        o.put("path", file);
        return new CsvLoader().load(o, 1L, dir);
    }

    private String error(String file, String text, Map<String, Object> options) {
        return assertThrows(IllegalArgumentException.class, () -> load(file, text, options)).getMessage();
    }

    static float[] row(INDArray a, int r) {
        return a.getRow(r).dup().data().asFloat();
    }

    @Test
    void quotedFieldsCrlfAndBomAreParsedAndTheFingerprintIsTheFileHash() throws Exception {
        String text = "\uFEFFrooms,note,price\r\n3,\"big, \"\"old\"\"\nhouse\",250.5\r\n\r\n4.5,plain,300\r\n";
        DataSet d = load("houses.csv", text, Map.of("targets", List.of("price"), "features", List.of("rooms"), "normalize", false));
        assertArrayEquals(new long[] {2, 1}, d.x().get("features").shape());
        assertArrayEquals(new float[] {3f, 4.5f}, d.x().get("features").dup().data().asFloat());
        assertArrayEquals(new float[] {250.5f, 300f}, d.y().get("price").dup().data().asFloat());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), d.fingerprint());
        assertTrue(d.description().startsWith("csv houses.csv: 2 rows, 3 columns; inputs features (2, 1); targets price (2, 1)"), d.description());
    }

    @Test
    void targetsTakeTheirKindAndTheRestAreFeatures() throws IOException {
        String text = "a,b,spam,kind\n1,2,yes,cat\n3,4,no,dog\n5,6,yes,ant\n";
        DataSet d = load("t.csv", text, Map.of("targets", Map.of("spam", "binary", "kind", "onehot"), "normalize", false));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, d.x().get("features").dup().data().asFloat());
        assertArrayEquals(new float[] {1, 0, 1}, d.y().get("spam").dup().data().asFloat(), "no = 0, yes = 1 (sorted)");
        assertArrayEquals(new float[] {0, 1, 0}, row(d.y().get("kind"), 0), "ant, cat, dog: cat is class 1");
        assertArrayEquals(new float[] {1, 0, 0}, row(d.y().get("kind"), 2));
        DataSet ints = load("t.csv", text, Map.of("targets", List.of("kind"), "kind", "int", "features", List.of("a")));
        assertArrayEquals(new float[] {1, 2, 0}, ints.y().get("kind").dup().data().asFloat());
        DataSet combined = load("t.csv", text,
                Map.of("features", List.of("kind", "spam"), "categorical", List.of("kind", "spam"), "target_name", "ab"));
        assertArrayEquals(new long[] {3, 2}, combined.y().get("ab").shape(), "the columns that are not features are the combined target");
    }

    @Test
    void numericClassLabelsSortNumericallyAndTsvIsRecognised() throws IOException {
        DataSet d = load("n.tsv", "x\tdigit\n1\t10\n2\t9\n3\t2\n", Map.of("targets", Map.of("digit", "int"), "normalize", false));
        assertArrayEquals(new float[] {2, 1, 0}, d.y().get("digit").dup().data().asFloat());
        DataSet semi = load("s.csv", "x;y\n1.5;2\n", Map.of("targets", List.of("y"), "delimiter", ";", "normalize", false));
        assertArrayEquals(new float[] {2f}, semi.y().get("y").dup().data().asFloat());
        String bad = error("s2.csv", "x;y\n1.5;2\n", Map.of("targets", List.of("y"), "normalize", false));
        assertTrue(bad.contains("'y' is not in the header"), bad);
    }

    @Test
    void withoutAHeaderColumnsAreNumberedFromZero() throws IOException {
        DataSet d = load("h.csv", "1,2,3\n4,5,6\n", Map.of("header", false, "targets", List.of(2), "normalize", false));
        assertArrayEquals(new float[] {3, 6}, d.y().get("2").dup().data().asFloat());
        assertArrayEquals(new float[] {1, 2, 4, 5}, d.x().get("features").dup().data().asFloat());
    }

    /** Rows 0..7; 'colour' purple only on row 7; 'size' has a training mean and spread known per fold. */
    private DataSet colours(Map<String, Object> extra) throws IOException {
        StringBuilder sb = new StringBuilder("id,colour,size\n");
        String[] colours = {"red", "blue", "red", "blue", "red", "blue", "red", "purple"};
        for (int i = 0; i < 8; i++) {
            sb.append(i).append(',').append(colours[i]).append(',').append(i == 3 ? "" : String.valueOf(i * 10)).append('\n');
        }
        Map<String, Object> o = new LinkedHashMap<>(Map.of("targets", List.of("id"), "categorical", List.of("colour"), "missing", "mean"));
        o.putAll(extra);
        return load("colours.csv", sb.toString(), o);
    }

    @Test
    void categoriesSeenOnlyInValidationRowsGoToTheOutOfVocabularySlot() throws IOException {
        DataSet d = colours(Map.of("normalize", false));
        assertArrayEquals(new long[] {8, 5}, d.x().get("features").shape(), "oov + blue, purple, red + size");
        for (Split s : Splits.kfold(d, 4, 3L)) {
            INDArray vx = s.valX().get("features");
            for (int r = 0; r < vx.size(0); r++) {
                int id = (int) s.valY().get("id").getFloat(r, 0);
                float[] expected = switch (id) {
                    case 7 -> new float[] {1, 0, 0, 0};
                    case 1, 3, 5 -> new float[] {0, 1, 0, 0};
                    default -> new float[] {0, 0, 0, 1};
                };
                assertArrayEquals(expected, java.util.Arrays.copyOf(row(vx, r), 4), "row " + id + " in " + s.label());
            }
        }
        Split all = Splits.none(d);
        INDArray x = all.trainX().get("features");
        assertArrayEquals(new float[] {0, 0, 1, 0}, java.util.Arrays.copyOf(row(x, 7), 4), "purple is known when all rows train");
    }

    @Test
    void missingCellsTakeTheTrainingMeanAndNormalisationUsesTrainingRowsOnly() throws IOException {
        DataSet d = colours(Map.of());
        Split s = Splits.holdout(d, 0.25, 9L);
        double sum = 0;
        int count = 0;
        List<Float> train = new java.util.ArrayList<>();
        for (int r = 0; r < s.trainY().get("id").size(0); r++) {
            int id = (int) s.trainY().get("id").getFloat(r, 0);
            if (id != 3) {
                sum += id * 10;
                count++;
            }
            train.add(id == 3 ? Float.NaN : id * 10f);
        }
        double mean = sum / count;
        double ss = 0;
        for (float f : train) {
            ss += Math.pow((Float.isNaN(f) ? mean : f) - mean, 2);
        }
        double std = Math.sqrt(ss / train.size());
        for (int r = 0; r < s.valY().get("id").size(0); r++) {
            int id = (int) s.valY().get("id").getFloat(r, 0);
            double raw = id == 3 ? mean : id * 10;
            assertEquals((raw - mean) / std, s.valX().get("features").getFloat(r, 4), 1e-5, "validation row " + id);
        }
        assertEquals(0.0, s.trainX().get("features").getColumn(4).meanNumber().doubleValue(), 1e-5);
    }

    @Test
    void intEncodedCategoriesBecomeAnInputOfIdsWithZeroForUnseen() throws IOException {
        DataSet d = colours(Map.of("categorical", Map.of("colour", "int"), "normalize", false));
        assertArrayEquals(new float[] {3, 1, 3, 1, 3, 1, 3, 2}, d.x().get("colour").dup().data().asFloat());
        for (Split s : Splits.kfold(d, 4, 3L)) {
            for (int r = 0; r < s.valY().get("id").size(0); r++) {
                if (s.valY().get("id").getFloat(r, 0) == 7) {
                    assertEquals(0f, s.valX().get("colour").getFloat(r, 0));
                }
            }
        }
    }

    @Test
    void droppedRowsAreCountedAndErrorsNameFileLineAndColumn() throws IOException {
        String text = "rooms,price\n3,1\nn/a,2\n5,3\n";
        DataSet d = load("houses.csv", text, Map.of("targets", List.of("price"), "missing", "drop"));
        assertEquals(2, d.samples());
        assertTrue(d.description().contains("(1 with missing cells dropped)"), d.description());
        assertEquals("houses.csv:3 column 'rooms': 'n/a' is not a number (use missing: drop or mean)",
                error("houses.csv", text, Map.of("targets", List.of("price"))));
        assertEquals("houses.csv:3 column 'rooms': 'abc' is not a number (list the column under categorical, or fix the cell)",
                error("houses.csv", "rooms,price\n3,1\nabc,2\n", Map.of("targets", List.of("price"))));
        assertEquals("houses.csv:1 column 'room' is not in the header; did you mean 'rooms'?",
                error("houses.csv", text, Map.of("targets", List.of("price"), "features", List.of("room"))));
        String ragged = error("houses.csv", "rooms,price\n3,1\n4,5,6\n", Map.of("targets", List.of("price")));
        assertTrue(ragged.startsWith("houses.csv:3: the row has 3 fields, the header has 2"), ragged);
        assertTrue(error("e.csv", "", Map.of("targets", List.of("price"))).startsWith("e.csv: the file is empty"));
        assertTrue(error("h.csv", "rooms,price\n", Map.of("targets", List.of("price"))).startsWith("h.csv: no data rows after the header"));
        String multi = error("m.csv", "rooms,price\n3,1\n\"x\ny\",2\n", Map.of("targets", List.of("price")));
        assertTrue(multi.startsWith("m.csv:3 column 'rooms':"), "a quoted cell over two lines is reported at its first line: " + multi);
    }

    @Test
    void transformsFollowTheInputWhenItIsRenamedToTheModelsInput() throws IOException {
        DataSet d = load("r.csv", "a,b,y\n1,10,0\n2,20,1\n3,30,0\n6,60,1\n", Map.of("targets", List.of("y")))
                .alignTo(List.of("inp"), List.of("y"));
        assertEquals(java.util.Set.of("inp"), d.transforms().keySet());
        INDArray x = Splits.none(d).trainX().get("inp");
        assertEquals(0.0, x.getColumn(0).meanNumber().doubleValue(), 1e-6, "standardised with all rows when there is no split");
        assertEquals(1.0, x.getColumn(1).std(false, 0).getDouble(0), 1e-5);
    }
}
