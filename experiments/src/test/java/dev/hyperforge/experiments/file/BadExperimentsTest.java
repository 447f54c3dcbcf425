package dev.hyperforge.experiments.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The malformed-file corpus under {@code src/test/resources/bad/}: each file starts with
 * {@code # field: <path>} and {@code # message: <substring>}; the expected line is the one marked
 * {@code #<<} (or given by {@code # line: n}). Every file must be rejected with an
 * {@link ExperimentFileException} naming the file, the field and the line.
 */
class BadExperimentsTest {
    static final Path DIR = Path.of("src/test/resources/bad");

    static Stream<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void corpusHasAtLeastThirtyFiles() throws IOException {
        assertTrue(files().count() >= 30, "the bad-input corpus needs at least 30 files");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void malformedFileIsRejectedWithFileLineAndField(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String field = header(lines, "field");
        String message = header(lines, "message");
        int line = expectedLine(lines);
        ExperimentFileException e = assertThrows(ExperimentFileException.class, () -> ExperimentFile.load(file),
                () -> file + " was accepted");
        String got = e.getMessage();
        assertEquals(file.toString(), e.file(), got);
        assertEquals(field, e.field(), "field of: " + got);
        assertEquals(line, e.line(), "line of: " + got);
        assertTrue(got.contains(message), "message should contain '" + message + "': " + got);
        String prefix = file + (line > 0 ? ":" + line : "") + (field.isEmpty() ? "" : " " + field) + ": ";
        assertTrue(got.startsWith(prefix), "message should start with '" + prefix + "': " + got);
    }

    static String header(List<String> lines, String key) {
        for (String l : lines) {
            if (l.startsWith("# " + key + ":")) {
                return l.substring(key.length() + 3).trim();
            }
        }
        throw new IllegalStateException("missing '# " + key + ":' header");
    }

    static int expectedLine(List<String> lines) {
        for (String l : lines) {
            if (l.startsWith("# line:")) {
                return Integer.parseInt(l.substring(7).trim());
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("#<<")) {
                return i + 1;
            }
        }
        return 0;
    }
}
