package dev.hyperforge.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The {@code images} loader against images written here with known pixel values. */
class ImageFolderLoaderTest {
    private static final DataLoader LOADER = DataLoaders.get("images");

    /** A grey image whose pixel (r, c) is {@code values[r][c]}. */
    static void grey(Path file, int[][] values) throws IOException {
        BufferedImage img = new BufferedImage(values[0].length, values.length, BufferedImage.TYPE_BYTE_GRAY);
        for (int r = 0; r < values.length; r++) {
            for (int c = 0; c < values[0].length; c++) {
                img.getRaster().setSample(c, r, 0, values[r][c]);
            }
        }
        write(file, img);
    }

    /** A one-colour RGB image. */
    static void rgb(Path file, int w, int h, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                img.setRGB(c, r, rgb);
            }
        }
        write(file, img);
    }

    private static void write(Path file, BufferedImage img) throws IOException {
        Files.createDirectories(file.getParent());
        String name = file.getFileName().toString();
        assertTrue(ImageIO.write(img, name.substring(name.lastIndexOf('.') + 1), file.toFile()), "no writer for " + file);
    }

    private static DataSet load(Path dir, Map<String, Object> options) {
        return LOADER.load(options, 7L, dir);
    }

    @Test
    void greyPngPixelsShapesAndSortedClassOrder(@TempDir Path dir) throws IOException {
        grey(dir.resolve("pics/zebra/1.png"), new int[][] {{0, 51, 255}, {102, 128, 204}});
        grey(dir.resolve("pics/ant/b.png"), new int[][] {{1, 2, 3}, {4, 5, 6}});
        grey(dir.resolve("pics/ant/a.png"), new int[][] {{10, 20, 30}, {40, 50, 60}});
        DataSet d = load(dir, Map.of("path", "pics", "image_size", List.of(2, 3), "color_mode", "grayscale"));
        INDArray x = d.x().get("image");
        assertArrayEquals(new long[] {3, 2, 3, 1}, x.shape());
        assertEquals(List.of("ant", "zebra"), d.classNames().get("label"));
        assertArrayEquals(new float[] {0, 0, 1}, d.y().get("label").data().asFloat(), "files in class order, then by name");
        assertEquals(10 / 255f, x.getFloat(0, 0, 0, 0), 1e-7);
        assertEquals(6 / 255f, x.getFloat(1, 1, 2, 0), 1e-7);
        float[] zebra = x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(2)).dup().data().asFloat();
        assertArrayEquals(new float[] {0, 51 / 255f, 1, 102 / 255f, 128 / 255f, 204 / 255f}, zebra, 1e-7f);
        assertTrue(d.description().contains("2 classes [ant, zebra]"), d.description());
    }

    @Test
    void colourModesConvertKnownColours(@TempDir Path dir) throws IOException {
        rgb(dir.resolve("p/a/x.png"), 2, 2, (10 << 16) | (20 << 8) | 30);
        grey(dir.resolve("p/b/y.png"), new int[][] {{77, 77}, {77, 77}});
        DataSet rgb = load(dir, Map.of("path", "p", "image_size", List.of(2, 2), "color_mode", "rgb"));
        assertArrayEquals(new long[] {2, 2, 2, 3}, rgb.x().get("image").shape());
        INDArray x = rgb.x().get("image");
        assertArrayEquals(new float[] {10 / 255f, 20 / 255f, 30 / 255f}, new float[] {x.getFloat(0, 1, 1, 0), x.getFloat(0, 1, 1, 1), x.getFloat(0, 1, 1, 2)});
        assertArrayEquals(new float[] {77 / 255f, 77 / 255f, 77 / 255f}, new float[] {x.getFloat(1, 0, 0, 0), x.getFloat(1, 0, 0, 1), x.getFloat(1, 0, 0, 2)});
        DataSet grey = load(dir, Map.of("path", "p", "image_size", List.of(2, 2), "color_mode", "grayscale"));
        assertEquals(18 / 255f, grey.x().get("image").getFloat(0, 0, 0, 0), 1e-7, "BT.601 luma of (10, 20, 30) is 18.15, rounded");
        DataSet rgba = load(dir, Map.of("path", "p", "image_size", List.of(2, 2), "color_mode", "rgba"));
        assertEquals(1f, rgba.x().get("image").getFloat(0, 0, 0, 3), "opaque alpha");
    }

    @Test
    void bmpAndGifAreReadExactlyAndJpegApproximately(@TempDir Path dir) throws IOException {
        int colour = (200 << 16) | (100 << 8) | 50;
        rgb(dir.resolve("f/bmp/a.bmp"), 3, 3, colour);
        rgb(dir.resolve("f/gif/a.gif"), 3, 3, colour);
        rgb(dir.resolve("f/jpg/a.JPG"), 3, 3, colour);
        DataSet d = load(dir, Map.of("path", "f", "image_size", List.of(3, 3)));
        assertEquals(List.of("bmp", "gif", "jpg"), d.classNames().get("label"));
        INDArray x = d.x().get("image");
        for (int i = 0; i < 2; i++) {
            assertEquals(200 / 255f, x.getFloat(i, 1, 1, 0), 1e-7);
            assertEquals(50 / 255f, x.getFloat(i, 2, 2, 2), 1e-7);
        }
        assertEquals(200 / 255f, x.getFloat(2, 1, 1, 0), 6 / 255f, "JPEG is lossy");
    }

    @Test
    void sixteenBitGreyIsScaledByItsOwnRange(@TempDir Path dir) throws IOException {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSample(0, 0, 0, 65535);
        img.getRaster().setSample(1, 0, 0, 13107);
        write(dir.resolve("p/a/wide.png"), img);
        grey(dir.resolve("p/b/narrow.png"), new int[][] {{255, 51}});
        DataSet d = load(dir, Map.of("path", "p", "image_size", List.of(1, 2), "color_mode", "grayscale"));
        assertArrayEquals(new float[] {1f, 0.2f, 1f, 0.2f}, d.x().get("image").data().asFloat(), 1e-6f);
    }

    @Test
    void resizeIsTensorFlowsHalfPixelBilinear() {
        float[] in = {0, 4, 8, 12};
        float[] out = ImagePixels.resize(in, 2, 2, 1, 4, 4);
        assertArrayEquals(new float[] {0, 1, 3, 4, 2, 3, 5, 6, 6, 7, 9, 10, 8, 9, 11, 12}, out, 1e-5f);
        assertArrayEquals(new float[] {6}, ImagePixels.resize(in, 2, 2, 1, 1, 1), 1e-5f);
    }

    @Test
    void imagesOfAnotherSizeAreResized(@TempDir Path dir) throws IOException {
        rgb(dir.resolve("p/a/big.png"), 40, 30, 0x808080);
        rgb(dir.resolve("p/b/small.png"), 5, 7, 0xFFFFFF);
        DataSet d = load(dir, Map.of("path", "p", "image_size", List.of(8, 6), "color_mode", "grayscale"));
        INDArray x = d.x().get("image");
        assertArrayEquals(new long[] {2, 8, 6, 1}, x.shape());
        assertEquals(128 / 255f, x.getFloat(0, 7, 5, 0), 1e-6);
        assertEquals(1f, x.getFloat(1, 3, 2, 0), 1e-6);
    }

    /** 2 classes × 10 images, image i of class c has the single grey value 10·c + i. */
    private static Path numbered(Path dir) throws IOException {
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 10; i++) {
                grey(dir.resolve("n/c" + c + "/" + i + ".png"), new int[][] {{10 * c + i}});
            }
        }
        return dir;
    }

    private static Set<Integer> ids(Map<String, INDArray> x) {
        Set<Integer> s = new HashSet<>();
        for (float f : x.get("image").data().asFloat()) {
            s.add(Math.round(f * 255));
        }
        return s;
    }

    @Test
    void validationIsASeededDisjointHoldoutOfFloorFractionTimesN(@TempDir Path dir) throws IOException {
        numbered(dir);
        Map<String, Object> o = Map.of("path", "n", "image_size", List.of(1, 1), "color_mode", "grayscale", "validation", 0.25);
        assertTrue(LOADER.hasTestSet(o));
        DataSet d = load(dir, o);
        assertEquals(15, d.samples());
        assertEquals(5, d.testX().get("image").size(0), "floor(0.25 · 20) = 5 validate");
        Set<Integer> train = ids(d.x());
        Set<Integer> val = ids(d.testX());
        assertEquals(15, train.size());
        assertTrue(train.stream().noneMatch(val::contains), "disjoint");
        Set<Integer> all = new HashSet<>(train);
        all.addAll(val);
        assertEquals(20, all.size());
        float[] labels = d.testY().get("label").data().asFloat();
        float[] pixels = d.testX().get("image").data().asFloat();
        for (int i = 0; i < labels.length; i++) {
            assertEquals(Math.round(pixels[i] * 255) / 10, (int) labels[i], "labels follow their images");
        }
        assertEquals(val, ids(load(dir, o).testX()), "same seed, same split");
        assertNotEquals(val, ids(LOADER.load(o, 8L, dir).testX()), "another seed, another split");
        assertEquals(d.fingerprint(), load(dir, o).fingerprint());
    }

    @Test
    void labelModes(@TempDir Path dir) throws IOException {
        numbered(dir);
        Map<String, Object> base = Map.of("path", "n", "image_size", List.of(1, 1), "color_mode", "grayscale");
        DataSet cat = load(dir, with(base, "label_mode", "categorical"));
        assertArrayEquals(new long[] {20, 2}, cat.y().get("label").shape());
        assertArrayEquals(new float[] {0, 1}, cat.y().get("label").getRow(19).dup().data().asFloat());
        DataSet bin = load(dir, with(base, "label_mode", "binary"));
        assertArrayEquals(new long[] {20, 1}, bin.y().get("label").shape());
        assertEquals(1f, bin.y().get("label").getFloat(19, 0));
    }

    @Test
    void fingerprintIsTheSha256OfNamesAndBytesReadThenTheSettings(@TempDir Path dir) throws Exception {
        grey(dir.resolve("p/a/1.png"), new int[][] {{1}});
        grey(dir.resolve("p/b/2.png"), new int[][] {{2}});
        Map<String, Object> o = Map.of("path", "p", "image_size", List.of(1, 1), "color_mode", "grayscale");
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (String f : List.of("a/1.png", "b/2.png")) {
            md.update(f.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update(Files.readAllBytes(dir.resolve("p").resolve(f)));
        }
        md.update("image_size=1x1,color_mode=grayscale,label_mode=int,validation=0.0,seed=0".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        DataSet d = load(dir, o);
        assertEquals(HexFormat.of().formatHex(md.digest()), d.fingerprint());
        Files.move(dir.resolve("p/b/2.png"), dir.resolve("p/b/3.png"));
        assertNotEquals(d.fingerprint(), load(dir, o).fingerprint(), "a renamed file changes the fingerprint");
    }

    @Test
    void classNamesFollowTheTargetWhenAlignedToTheModel(@TempDir Path dir) throws IOException {
        numbered(dir);
        DataSet d = load(dir, Map.of("path", "n", "image_size", List.of(1, 1))).alignTo(List.of("pixels"), List.of("kind"));
        assertEquals(Map.of("kind", List.of("c0", "c1")), d.classNames());
        assertEquals(List.of("c0", "c1"), d.head(3, 1).classNames().get("kind"));
    }

    private static Map<String, Object> with(Map<String, Object> m, String k, Object v) {
        Map<String, Object> out = new java.util.HashMap<>(m);
        out.put(k, v);
        return out;
    }
}
