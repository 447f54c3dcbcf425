package dev.hyperforge.experiments.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every {@link DataLoader} must do, whatever it reads: be registered under its name, accept the options it
 * declares, load the same arrays and the same SHA-256 fingerprint for the same options and seed, give every
 * array of a part the same number of samples, describe what it loaded, and, for a loader of users' files, read
 * paths relative to the experiment file's folder and change its fingerprint when one byte of a file changes
 * (so {@code hf replay} notices). A new loader is added to {@link #loaders()} (CONTRIBUTING.md walks through it).
 */
class DataLoaderContractTest {

    /**
     * Every loader with small options: name, options, and the file or folder (relative to the experiments module)
     * its options name, or null for a generated or bundled data set.
     */
    static Stream<Arguments> loaders() {
        return Stream.of(
                Arguments.of("boston", Map.of(), null),
                Arguments.of("spam", Map.of("samples", 200, "vocabulary", 300), null),
                Arguments.of("babi", Map.of("samples", 100, "test_samples", 20), null),
                Arguments.of("random", Map.of("samples", 64, "inputs", Map.of("x", Map.of("shape", List.of(3), "kind", "normal")),
                        "outputs", Map.of("y", Map.of("shape", List.of(1), "kind", "regression"))), null),
                Arguments.of("fashion-mnist", Map.of("source", "bundled", "train_samples", 100, "test_samples", 20), null),
                Arguments.of("csv", Map.of("path", "data/boston.csv", "targets", List.of("medv")), "data/boston.csv"),
                Arguments.of("npy", Map.of("inputs", Map.of("image", "data/fashion-x-test.npy"),
                        "targets", Map.of("label", "data/fashion-y-test.npy")), "data/fashion-x-test.npy"),
                Arguments.of("images", Map.of("path", "data/fashion-images", "image_size", List.of(28, 28),
                        "color_mode", "grayscale"), "data/fashion-images"),
                Arguments.of("text", Map.of("path", "data/spam-mail", "output_mode", "multi_hot", "max_tokens", 500,
                        "label_mode", "binary"), "data/spam-mail"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loaders")
    void isRegisteredAndAcceptsTheOptionsItDeclares(String name, Map<String, Object> options, String file) {
        DataLoader l = DataLoaders.get(name);
        assertEquals(name, l.name());
        assertTrue(l.options().containsAll(options.keySet()), "undeclared options in " + options.keySet() + " vs " + l.options());
        l.checkOptions(options);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loaders")
    void loadsTheSameArraysAndFingerprintForTheSameOptionsAndSeed(String name, Map<String, Object> options, String file) {
        DataLoader l = DataLoaders.get(name);
        DataSet a = l.load(options, 17L, Path.of(""));
        DataSet b = l.load(options, 17L, Path.of(""));
        assertTrue(a.fingerprint().matches("[0-9a-f]{64}"), a.fingerprint());
        assertEquals(a.fingerprint(), b.fingerprint());
        assertFalse(a.description().isBlank());
        assertEquals(a.x().keySet(), b.x().keySet());
        a.x().forEach((k, v) -> assertEquals(v, b.x().get(k), "input " + k));
        a.y().forEach((k, v) -> assertEquals(v, b.y().get(k), "target " + k));
        if (a.hasTest()) {
            long n = a.testX().values().iterator().next().size(0);
            assertTrue(n > 0, "an empty test part");
            a.testX().forEach((k, v) -> assertEquals(n, v.size(0), "test input " + k));
            a.testY().forEach((k, v) -> assertEquals(n, v.size(0), "test target " + k));
        }
        a.x().forEach((k, v) -> assertEquals(a.samples(), v.size(0), "input " + k));
        a.y().forEach((k, v) -> assertEquals(a.samples(), v.size(0), "target " + k));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loaders")
    void readsPathsRelativeToTheFileFolderAndFingerprintsEveryByte(String name, Map<String, Object> options, String file,
            @TempDir Path tmp) throws IOException {
        if (file == null) {
            return; // generated or bundled data: nothing of the user's to read
        }
        Path base = tmp.resolve("experiment");
        copyTree(Path.of("data"), base.resolve("data"));
        DataLoader l = DataLoaders.get(name);
        DataSet original = l.load(options, 3L, base);
        assertEquals(l.load(options, 3L, Path.of("")).fingerprint(), original.fingerprint(),
                "the same bytes under another folder give the same fingerprint");
        Path changed = base.resolve(file);
        if (Files.isDirectory(changed)) {
            try (Stream<Path> s = Files.walk(changed)) {
                changed = s.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
            }
        }
        byte[] bytes = Files.readAllBytes(changed);
        int at = bytes.length - 2; // near the end: data bytes, not a header the loader would reject
        bytes[at] = (byte) (bytes[at] == '1' ? '2' : '1');
        Files.write(changed, bytes);
        DataSet after = l.load(options, 3L, base);
        assertNotEquals(original.fingerprint(), after.fingerprint(), "one changed byte in " + changed.getFileName());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
