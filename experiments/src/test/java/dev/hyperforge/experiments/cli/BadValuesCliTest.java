package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad values from the command line and the database's surroundings: each is refused with exit code 2 and one
 * line before the database is created ({@code --set} values, durations, study names, an unwritable database
 * path, an oversized or non-regular experiment file, resuming a study with another file); a study that stops
 * because its trials keep failing makes {@code hf tune} exit with 1, as {@code hf worker} does.
 */
class BadValuesCliTest {
    static final String RANDOM = "src/test/resources/bad/30-negative-learning-rate.yaml";

    @TempDir
    Path dir;

    /** A valid small experiment (the corpus's base file, with a positive learning rate from a parameter). */
    Path good() throws IOException {
        String text = Files.readString(Path.of(RANDOM)).replace("learning_rate: -1  #<<", "learning_rate: ${lr}");
        Path f = dir.resolve("good.yaml");
        Files.writeString(f, text);
        return f;
    }

    String db() {
        return "jdbc:h2:file:" + dir.resolve("db") + ";AUTO_SERVER=FALSE";
    }

    void assertRefused(Cli.Result r, String says) {
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains(says), "says '" + says + "': " + r);
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r);
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
        assertFalse(Files.exists(dir.resolve("db.mv.db")), "the database must not be created: " + r);
    }

    /** {@code bad-tune/}: files whose defaults train, but whose search space reaches values that cannot (tune checks every edge). */
    static Stream<Path> tuneOnly() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/bad-tune"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tuneOnly")
    void tuneRefusesASpaceEdgeThatCannotWork(Path file) throws IOException {
        java.util.List<String> lines = Files.readAllLines(file);
        String field = lines.get(0).substring("# field:".length()).trim();
        String message = lines.get(1).substring("# message:".length()).trim();
        Cli.Result r = Cli.run("tune", file.toString(), "--db", db());
        assertRefused(r, file + ":");
        assertTrue(r.err().contains(" " + field + ": ") && r.err().contains(message), "names " + field + ": " + r);
    }

    @ParameterizedTest(name = "--set {0}")
    @ValueSource(strings = {"lr=-5", "lr=NaN", "lr=Infinity", "units=1000000000", "units=0"})
    void trainRefusesABadSetValueBeforeTheDatabaseOpens(String set) throws IOException {
        Cli.Result r = Cli.run("train", good().toString(), "--set", set, "--db", db());
        assertRefused(r, set.startsWith("lr=N") || set.startsWith("lr=I") ? "--set " + set : good().toString());
    }

    @ParameterizedTest(name = "--timeout {0}")
    @ValueSource(strings = {"-5s", "0s", "PT-1M"})
    void tuneRefusesANegativeOrZeroTimeout(String timeout) throws IOException {
        assertRefused(Cli.run("tune", good().toString(), "--timeout", timeout, "--db", db()), "--timeout must be a positive duration");
    }

    @ParameterizedTest(name = "study name with U+{0}")
    @ValueSource(ints = {0x0A, 0x0D, 0x1B, 0x00, 0x2028})
    void tuneRefusesAStudyNameWithControlCharacters(int c) throws IOException {
        String name = "a" + (char) c + "b";
        assertRefused(Cli.run("tune", good().toString(), "--study", name, "--db", db()), "--study must not hold control");
    }

    @Test
    void anUnwritableDatabasePathIsOneLineNamingIt() throws IOException {
        Cli.Result r = Cli.run("tune", good().toString(), "--db", "jdbc:h2:file:/proc/hf-nowhere/db");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("hf: --db jdbc:h2:file:/proc/hf-nowhere/db: cannot write the database file /proc/hf-nowhere/db.mv.db"), r.toString());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r);
    }

    @Test
    void aDatabaseUrlWithoutJdbcIsRefusedBeforeTheDataAreLoaded() throws IOException {
        Cli.Result r = Cli.run("tune", good().toString(), "--db", "postgresql://localhost/hf");
        assertRefused(r, "a database URL starts with jdbc: (jdbc:postgresql://localhost/hf)");
        assertFalse(r.out().contains("data:"), "refused before the data were loaded: " + r);
    }

    @Test
    void aPlainPathIsAnEmbeddedDatabaseFile() throws IOException {
        Path file = dir.resolve("plain").resolve("tuning.mv.db");
        Files.createDirectories(file.getParent());
        Cli.Result r = Cli.run("studies", "--db", file.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(Files.exists(file), "the H2 file at the given path: " + r);
    }

    @Test
    void anOversizedExperimentFileIsRefusedBeforeItIsRead() throws IOException {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "name: x\ndescription: " + "a".repeat(2 << 20) + "\n");
        assertRefused(Cli.run("tune", big.toString(), "--db", db()), "an experiment file may be at most 1048576 bytes");
        assertRefused(Cli.run("tune", "/dev/zero", "--db", db()), "/dev/zero: not a regular file");
    }

    @Test
    void resumingAStudyWithAnotherFileIsRefusedWithBothHashesUnlessAllowed() throws IOException {
        Path first = good();
        assertEquals(0, Cli.run("tune", first.toString(), "--study", "s", "--trials", "1", "--quiet", "--db", db()).code());
        Path other = dir.resolve("other.yaml");
        Files.writeString(other, Files.readString(first).replace("high: 8", "high: 16"));
        Cli.Result r = Cli.run("tune", other.toString(), "--study", "s", "--trials", "2", "--quiet", "--db", db());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--allow-changed-file") && r.err().contains("SHA-256"), r.toString());
        assertTrue(r.err().matches("(?s).*SHA-256 [0-9a-f]{64}.*SHA-256 [0-9a-f]{64}.*"), "both files' hashes: " + r);
        String runs = Cli.run("runs", "--study", "s", "--format", "csv", "--db", db()).out();
        assertEquals(2, runs.strip().lines().count(), "still one trial (and the header): " + runs);
        Cli.Result allowed = Cli.run("tune", other.toString(), "--study", "s", "--trials", "2", "--quiet", "--allow-changed-file", "--db", db());
        assertEquals(0, allowed.code(), allowed.toString());
    }

    @Test
    void tuneExitsWithOneWhenTheStudyStopsOnFailures() throws IOException {
        Path f = dir.resolve("fail.yaml");
        Files.writeString(f, "name: failing\nseed: 1\ncommand:\n  run: [/bin/sh, -c, \"echo boom >&2; exit 3\"]\n"
                + "search:\n  space:\n    x: {type: float, low: 0.0, high: 1.0}\n  objective: {metric: loss, direction: min}\n"
                + "  sampler: {name: random, trials: 2}\n");
        Cli.Result r = Cli.run("tune", f.toString(), "--quiet", "--db", db());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("hf: study stopped: more than") && r.err().contains("trials failed"), r.toString());
    }
}
