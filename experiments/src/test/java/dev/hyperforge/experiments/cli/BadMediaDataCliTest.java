package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed image folders and texts through {@code hf tune}: each case writes an experiment file and its
 * data into a fresh folder, and {@code hf tune FILE --trials 1} must exit with 2, print
 * {@code FILE:line field: message} naming the offending data file (or option), show no stack trace and leave
 * no database behind (the data is checked before the database opens).
 */
class BadMediaDataCliTest {
    /** Writes data files below the experiment's folder. */
    interface Setup {
        void write(Path dir) throws IOException;
    }

    /**
     * One malformed input.
     *
     * @param name what is wrong
     * @param loader images or text
     * @param options the {@code data.options} flow mapping body
     * @param split the {@code data.split} flow mapping body
     * @param field the field the message names
     * @param expect text the message must contain (the offending file, folder or option)
     * @param setup the data files
     */
    record Case(String name, String loader, String options, String split, String field, String expect, Setup setup) {
        @Override
        public String toString() {
            return name;
        }
    }

    static byte[] png(int w, int h, int type) throws IOException {
        BufferedImage img = new BufferedImage(w, h, type);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    static Setup images(String... files) {
        return dir -> {
            for (String f : files) {
                put(dir, f, png(4, 4, BufferedImage.TYPE_BYTE_GRAY));
            }
        };
    }

    static Setup texts(String... files) {
        return dir -> {
            for (String f : files) {
                put(dir, f, ("some words in " + f).getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    static void put(Path dir, String file, byte[] bytes) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    static Setup and(Setup a, Setup b) {
        return dir -> {
            a.write(dir);
            b.write(dir);
        };
    }

    static Setup csv(String file, String content) {
        return dir -> put(dir, file, content.getBytes(StandardCharsets.UTF_8));
    }

    private static final String IMG = "path: pics, image_size: [4, 4], color_mode: grayscale, validation: 0.5";
    private static final String TXT = "path: mail, output_mode: multi_hot, max_tokens: 50, validation: 0.5";
    private static final String TEST = "test: true";
    private static final Setup TWO_CLASSES = images("pics/cat/1.png", "pics/cat/2.png", "pics/dog/1.png", "pics/dog/2.png");
    private static final Setup TWO_TEXTS = texts("mail/ham/1.txt", "mail/ham/2.txt", "mail/spam/1.txt", "mail/spam/2.txt");

    static Stream<Case> cases() {
        byte[] good;
        try {
            good = png(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] truncated = Arrays.copyOf(good, good.length / 2);
        byte[] latin1 = "na\u00efve caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        return Stream.of(
            new Case("image folder with one class", "images", IMG, TEST, "data.options.path", "folder pics has only one class sub-folder ('cat')",
                images("pics/cat/1.png", "pics/cat/2.png")),
            new Case("image folder without class folders", "images", IMG, TEST, "data.options.path", "folder pics has no class sub-folders",
                images("pics/1.png")),
            new Case("empty class folder", "images", IMG, TEST, "data.options.path", "class folder pics/dog holds no",
                and(images("pics/cat/1.png", "pics/cat/2.png"), dir -> Files.createDirectories(dir.resolve("pics/dog")))),
            new Case("truncated png", "images", IMG, TEST, "data.options.path", "cannot decode pics/dog/2.png",
                and(images("pics/cat/1.png", "pics/cat/2.png", "pics/dog/1.png"), dir -> put(dir, "pics/dog/2.png", truncated))),
            new Case("text file named .png", "images", IMG, TEST, "data.options.path", "cannot decode pics/cat/3.png: not a PNG, JPEG, GIF or BMP",
                and(TWO_CLASSES, dir -> put(dir, "pics/cat/3.png", "hello".getBytes(StandardCharsets.UTF_8)))),
            new Case("non-image file in a class folder", "images", IMG, TEST, "data.options.path", "pics/dog/notes.txt is not a",
                and(TWO_CLASSES, texts("pics/dog/notes.txt"))),
            new Case("image_size with one number", "images", "path: pics, image_size: [4]", "validation: 0.5", "data.options",
                "option 'image_size' must be [height, width]", TWO_CLASSES),
            new Case("image_size of zero", "images", "path: pics, image_size: [0, 4]", "validation: 0.5", "data.options",
                "option 'image_size' must be [height, width]", TWO_CLASSES),
            new Case("images without path", "images", "image_size: [4, 4]", "validation: 0.5", "data.options", "option 'path' is missing", TWO_CLASSES),
            new Case("image folder missing", "images", "path: nowhere, image_size: [4, 4], validation: 0.5", TEST, "data.options.path",
                "folder nowhere does not exist", TWO_CLASSES),
            new Case("image path is a file", "images", "path: pics/cat/1.png, image_size: [4, 4], validation: 0.5", TEST, "data.options.path",
                "pics/cat/1.png is not a folder", TWO_CLASSES),
            new Case("binary labels for three classes", "images", IMG + ", label_mode: binary", TEST, "data.options.path",
                "label_mode binary needs exactly two classes, but folder pics has 3 [cat, dog, fox]", and(TWO_CLASSES, images("pics/fox/1.png"))),
            new Case("validation leaves nothing out", "images", "path: pics, image_size: [4, 4], color_mode: grayscale, validation: 0.1", TEST,
                "data.options.validation", "validation 0.1 of 4 samples leaves no validation samples", TWO_CLASSES),
            new Case("rgb images for a one-channel model", "images", "path: pics, image_size: [4, 4], color_mode: rgb, validation: 0.5", TEST,
                "model.inputs[0].shape", "expects arrays of shape (None, 4, 4, 1), received (2, 4, 4, 3)", TWO_CLASSES),
            new Case("test split without validation option", "images", "path: pics, image_size: [4, 4]", TEST, "data.split.test",
                "set data.options.validation", TWO_CLASSES),
            new Case("non-UTF-8 text file", "text", TXT, TEST, "data.options.path", "mail/spam/2.txt is not UTF-8: byte 0xEF at offset 2 (line 1)",
                and(texts("mail/ham/1.txt", "mail/ham/2.txt", "mail/spam/1.txt"), dir -> put(dir, "mail/spam/2.txt", latin1))),
            new Case("empty text class folder", "text", TXT, TEST, "data.options.path", "class folder mail/spam holds no .txt files",
                and(texts("mail/ham/1.txt", "mail/ham/2.txt"), dir -> Files.createDirectories(dir.resolve("mail/spam")))),
            new Case("text folder with one class", "text", TXT, TEST, "data.options.path", "folder mail has only one class sub-folder ('ham')",
                texts("mail/ham/1.txt", "mail/ham/2.txt")),
            new Case("markdown file among texts", "text", TXT, TEST, "data.options.path", "mail/ham/readme.md is not a .txt file",
                and(TWO_TEXTS, texts("mail/ham/readme.md"))),
            new Case("csv without the text column", "text", "path: r.csv, output_mode: multi_hot, max_tokens: 50, validation: 0.5", TEST,
                "data.options.path", "r.csv has no column 'text' (option text_column); its header has [body, label]; set text_column",
                csv("r.csv", "body,label\na b,x\nc d,y\n")),
            new Case("csv ragged row", "text", "path: r.csv, output_mode: multi_hot, max_tokens: 50, validation: 0.5", TEST, "data.options.path",
                "r.csv:3 has 3 fields but the header has 2", csv("r.csv", "text,label\na b,x\nc,d,y\ne,x\n")),
            new Case("empty csv", "text", "path: r.csv, output_mode: multi_hot, max_tokens: 50, validation: 0.5", TEST, "data.options.path",
                "r.csv is empty", csv("r.csv", "")),
            new Case("csv header only", "text", "path: r.csv, output_mode: multi_hot, max_tokens: 50, validation: 0.5", TEST, "data.options.path",
                "r.csv has a header but no rows", csv("r.csv", "text,label\n")),
            new Case("csv with one label", "text", "path: r.csv, output_mode: multi_hot, max_tokens: 50, validation: 0.5", TEST, "data.options.path",
                "r.csv has only one label ([x])", csv("r.csv", "text,label\na,x\nb,x\n")),
            new Case("csv with an empty label", "text", "path: r.csv, output_mode: multi_hot, max_tokens: 50, validation: 0.5", TEST,
                "data.options.path", "r.csv:3 column 'label': the label is empty", csv("r.csv", "text,label\na,x\nb,\nc,y\n")),
            new Case("csv not UTF-8", "text", "path: r.csv, output_mode: multi_hot, max_tokens: 50, validation: 0.5", TEST, "data.options.path",
                "r.csv is not UTF-8", dir -> put(dir, "r.csv", "text,label\ncaf\u00e9,x\nb,y\n".getBytes(StandardCharsets.ISO_8859_1))),
            new Case("csv with an unclosed quote", "text", "path: r.csv, output_mode: multi_hot, max_tokens: 50, validation: 0.5", TEST,
                "data.options.path", "r.csv:2 has 1 fields but the header has 2 [text, label]; a quoted field opened on this line runs over"
                        + " several lines (an unterminated quote?)", csv("r.csv", "text,label\n\"a,x\nb,y\n")),
            new Case("int output without sequence length", "text", "path: mail, validation: 0.5", TEST, "data.options",
                "output_mode int needs option 'output_sequence_length'", TWO_TEXTS),
            new Case("multi_hot with a sequence length", "text", TXT + ", output_sequence_length: 5", TEST, "data.options",
                "'output_sequence_length' applies to output_mode int only", TWO_TEXTS),
            new Case("text missing path", "text", "output_mode: multi_hot, max_tokens: 50", "validation: 0.5", "data.options",
                "option 'path' is missing", TWO_TEXTS),
            new Case("text width does not fit the model", "text", "path: mail, output_mode: multi_hot, max_tokens: 40, validation: 0.5", TEST,
                "model.inputs[0].shape", "expects arrays of shape (None, 50), received (2, 40)", TWO_TEXTS));
    }

    static String experiment(Case c) {
        String input = c.loader().equals("images") ? "{name: image, shape: [4, 4, 1]}" : "{name: text, shape: [50]}";
        return "name: bad-media\ndata:\n  loader: " + c.loader() + "\n  options: {" + c.options() + "}\n  split: {" + c.split() + "}\n"
                + "model:\n  inputs:\n    - " + input + "\n  layers:\n"
                + (c.loader().equals("images") ? "    - {name: flat, type: Flatten}\n" : "")
                + "    - {name: hidden, type: Dense, args: {units: \"${units}\", activation: relu}}\n"
                + "    - {name: label, type: Dense, args: {units: 2, activation: softmax}}\n"
                + "compile:\n  optimizer: {type: adam, learning_rate: 0.01}\n  loss: sparse_categorical_crossentropy\n  metrics: [accuracy]\n"
                + "fit: {epochs: 1, batch_size: 2}\n"
                + "search:\n  space:\n    units: {type: int, low: 2, high: 8}\n  objective: {metric: val_loss, direction: min}\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedWithExitTwoNamingTheFileAndNothingWritten(Case c, @TempDir Path dir) throws IOException {
        c.setup().write(dir);
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, experiment(c));
        Cli.Result r = Cli.run("tune", file.toString(), "--trials", "1", "--db", "jdbc:h2:file:" + dir.resolve("db") + ";AUTO_SERVER=FALSE");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("hf: " + file + ":"), "file:line first: " + r);
        assertTrue(r.err().contains(" " + c.field() + ": "), "names the field " + c.field() + ": " + r);
        assertTrue(r.err().contains(c.expect()), "names the problem '" + c.expect() + "': " + r);
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
        assertFalse(Files.exists(dir.resolve("db.mv.db")), "the database must not be created for rejected data");
    }

    @Test
    void theTemplatesTuneOnGoodData(@TempDir Path dir) throws IOException {
        for (Case c : List.of(new Case("good images", "images", IMG, TEST, "", "", TWO_CLASSES),
                new Case("good texts", "text", TXT, TEST, "", "", TWO_TEXTS))) {
            c.setup().write(dir);
            Path file = dir.resolve(c.loader() + ".yaml");
            Files.writeString(file, experiment(c));
            Cli.Result r = Cli.run("tune", file.toString(), "--trials", "1", "--db", Cli.memDb("good"));
            assertEquals(0, r.code(), r.toString());
        }
    }

    @Test
    void theCorpusHoldsAtLeastThirtyCases() {
        assertTrue(cases().count() >= 30);
    }
}
