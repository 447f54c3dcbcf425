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
 * The malformed-file corpus through the command line: each file makes {@code hf tune} and {@code hf train}
 * exit with 2 and a one-line message naming the file and the field, and nothing is written to the database
 * (its file is never even created). {@code bad-data/} holds files that parse and build but whose data is
 * missing or does not fit the model (target shapes, a missing global pooling, a missing data file).
 */
class BadInputCliTest {
    /** The load-time corpus ({@code bad/}) and the files only the data can reveal as bad ({@code bad-data/}). */
    static Stream<Path> files() throws IOException {
        List<Path> all = new java.util.ArrayList<>();
        for (String dir : List.of("src/test/resources/bad", "src/test/resources/bad-data")) {
            try (Stream<Path> s = Files.list(Path.of(dir))) {
                all.addAll(s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList());
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void rejectedWithExitTwoAndNothingWritten(Path file, @TempDir Path dir) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String field = lines.stream().filter(l -> l.startsWith("# field:")).findFirst().orElseThrow().substring(8).trim();
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";AUTO_SERVER=FALSE";
        for (String command : List.of("tune", "train")) {
            Cli.Result r = Cli.run(command, file.toString(), "--db", url);
            assertEquals(2, r.code(), r.toString());
            assertTrue(r.err().startsWith("hf: " + file), r.toString());
            assertTrue(r.err().contains(field.isEmpty() ? ": " : " " + field + ": "), "names the field " + field + ": " + r);
            assertTrue(r.err().startsWith("hf: " + file + ":"), "file:line first: " + r);
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
            assertFalse(Files.exists(dir.resolve("db.mv.db")), "the database must not be created for rejected input");
        }
    }

    @Test
    void usageMistakesExitWithTwo() {
        assertEquals(2, Cli.run("tune").code());
        assertEquals(2, Cli.run("tune", Cli.shipped("spam-binary"), "--workers", "0", "--db", Cli.memDb("u")).code());
        assertEquals(2, Cli.run("tune", Cli.shipped("spam-binary"), "--timeout", "soon", "--db", Cli.memDb("u")).code());
        Cli.Result missing = Cli.run("train", "no-such-file.yaml", "--db", Cli.memDb("u"));
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("no-such-file.yaml"), missing.toString());
        Cli.Result badSet = Cli.run("train", Cli.shipped("spam-binary"), "--set", "nope=3", "--db", Cli.memDb("u"));
        assertEquals(2, badSet.code(), badSet.toString());
        assertTrue(badSet.err().contains("unknown parameter 'nope'"), badSet.toString());
        assertEquals(2, Cli.run("show", "999", "--db", Cli.memDb("u")).code());
        assertEquals(2, Cli.run("runs", "--study", "nothing", "--db", Cli.memDb("u")).code());
        assertEquals(0, Cli.run("--help").code());
    }

    @Test
    void aBadNumericsLevelIsRefusedBeforeTheDatabaseIsOpened(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";AUTO_SERVER=FALSE";
        System.setProperty("hf.numerics", "7");
        try {
            Cli.Result r = Cli.run("tune", Cli.shipped("spam-binary"), "--trials", "1", "--db", url);
            assertEquals(2, r.code(), r.toString());
            assertTrue(r.err().startsWith("hf: -Dhf.numerics=7 is not a numerics level; use 1 to "), r.toString());
            assertFalse(Files.exists(dir.resolve("db.mv.db")), "nothing written for a bad level");
        } finally {
            System.clearProperty("hf.numerics");
        }
        assertEquals(0, Cli.run("--help").code(), "a valid setting runs again");
    }
}
