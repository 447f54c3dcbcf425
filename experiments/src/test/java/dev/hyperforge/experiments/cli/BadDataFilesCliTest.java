package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The malformed data-file corpus ({@code bad-data-files/}, made by {@code experiments/tools/make_bad_data_files.py}):
 * valid experiment files whose CSV or NumPy data is broken. Through {@code hf tune} each exits with 2 and one line
 * that starts at the experiment file and names the data file with its line or column (the {@code # expect:}
 * substrings); the database file is never created.
 */
class BadDataFilesCliTest {
    static final Path DIR = Path.of("src/test/resources/bad-data-files");

    static Stream<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void theCorpusHoldsAtLeastThirtyFiveCases() throws IOException {
        assertTrue(files().count() >= 35, "cases: " + files().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void rejectedWithExitTwoNamingTheDataFileAndNothingWritten(Path file, @TempDir Path dir) throws IOException {
        List<String> expects = Files.readAllLines(file).stream().filter(l -> l.startsWith("# expect:")).map(l -> l.substring(9).trim()).toList();
        assertFalse(expects.isEmpty(), "the case states what the message must say");
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";AUTO_SERVER=FALSE";
        Cli.Result r = Cli.run("tune", file.toString(), "--trials", "1", "--db", url);
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("hf: " + file + ":"), "experiment file:line first: " + r);
        for (String e : expects) {
            assertTrue(r.err().contains(e), "says '" + e + "': " + r);
        }
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r);
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
        assertFalse(Files.exists(dir.resolve("db.mv.db")), "the database must not be created for bad data");
    }
}
