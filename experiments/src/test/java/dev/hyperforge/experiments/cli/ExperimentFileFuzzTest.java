package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hyperforge.tracker.jdbc.Database;

/**
 * 1 000 random mutations of shipped experiment files (deleted, duplicated, swapped, re-indented or truncated
 * lines, values replaced by other numbers, strings, nulls, lists, maps or references, renamed keys, stray
 * characters) through {@code hf tune FILE --setup-only}: the command never crashes; it either accepts the file
 * (exit 0: the study is set up) or exits with 2 and a message naming the file, without a stack trace and
 * without writing anything to the database.
 */
class ExperimentFileFuzzTest {
    private static final int CASES = 1000;
    private static final List<String> BASES = List.of("sequential-vs-functional", "branched-two-outputs", "profile-three-outputs",
            "qa-two-inputs", "boston-kfold");
    private static final String[] TOKENS = {"-1", "0", "1", "3", "0.5", "-0.25", "1000", "abc", "\"\"", "null", "~", "true", "[]",
        "{}", "\"${nope}\"", "\"${lr}\"", "${", "1e400", ".nan", "-.inf", "[1, 2]", "{a: 1}", "\"é✓\"", "0x10", "2.5e-9", "'", "- x",
        "[null]", "{shape: [0]}", "&anchor", "*alias", "!!binary AAAA", "2147483648", "-2147483649"};

    @TempDir
    Path dir;

    @Test
    void randomMutationsAreAcceptedOrRejectedCleanlyAndRejectionsWriteNothing() throws Exception {
        String url = "jdbc:h2:mem:fuzz-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        Random random = new Random(8_000);
        List<List<String>> bases = new ArrayList<>();
        for (String b : BASES) {
            bases.add(Files.readAllLines(Path.of(b + ".yaml")));
        }
        int accepted = 0;
        try (Database db = Database.open(url)) {
            for (int i = 0; i < CASES; i++) {
                List<String> lines = new ArrayList<>(bases.get(random.nextInt(bases.size())));
                int n = 1 + random.nextInt(3);
                for (int m = 0; m < n; m++) {
                    mutate(lines, random, bases);
                }
                Path file = dir.resolve("case-" + i + ".yaml");
                Files.writeString(file, String.join("\n", lines) + "\n");
                long before = rows(db);
                Cli.Result r = Cli.run("tune", file.toString(), "--setup-only", "--study", "fuzz-" + i, "--quiet", "--db", url);
                String what = "case " + i + " (" + String.join(" | ", lines).replace("\t", "\\t") + "): " + r;
                assertTrue(r.code() == 0 || r.code() == 2, "accepted or rejected, never a crash: " + what);
                assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), "no stack trace: " + what);
                if (r.code() == 0) {
                    accepted++;
                    continue;
                }
                assertTrue(r.err().startsWith("hf: " + file), "the message names the file: " + what);
                assertFalse(r.err().contains("java.") || r.err().contains("Exception"), "no Java internals: " + what);
                assertEquals(before, rows(db), "nothing written for rejected input: " + what);
            }
        }
        System.out.printf("fuzz: %d mutated files, %d accepted, %d rejected with exit 2%n", CASES, accepted, CASES - accepted);
        assertTrue(accepted < CASES / 2, "most mutations must be rejected, or the fuzzer tests nothing: " + accepted);
    }

    private static void mutate(List<String> lines, Random random, List<List<String>> bases) {
        if (lines.isEmpty()) {
            lines.add("name: x");
            return;
        }
        int i = random.nextInt(lines.size());
        String line = lines.get(i);
        switch (random.nextInt(10)) {
            case 0 -> lines.remove(i);
            case 1 -> lines.add(i, line);
            case 2 -> {
                int j = random.nextInt(lines.size());
                lines.set(i, lines.get(j));
                lines.set(j, line);
            }
            case 3, 4 -> lines.set(i, replaceValue(line, random));
            case 5 -> lines.set(i, random.nextBoolean() ? "  " + line : line.replaceFirst("^  ", ""));
            case 6 -> {
                int at = random.nextInt(line.length() + 1);
                lines.set(i, line.substring(0, at) + "{}[]:,'\"#&*!|>%@`-".charAt(random.nextInt(18)) + line.substring(at));
            }
            case 7 -> lines.subList(i, lines.size()).clear();
            case 8 -> lines.set(i, renameKey(line, random));
            default -> {
                List<String> other = bases.get(random.nextInt(bases.size()));
                lines.add(i, other.get(random.nextInt(other.size())));
            }
        }
    }

    /** Replaces the value after the first (or a random later) {@code key: } by a random token. */
    private static String replaceValue(String line, Random random) {
        List<Integer> colons = new ArrayList<>();
        for (int k = line.indexOf(": "); k >= 0; k = line.indexOf(": ", k + 1)) {
            colons.add(k);
        }
        if (colons.isEmpty()) {
            return line + " " + TOKENS[random.nextInt(TOKENS.length)];
        }
        int at = colons.get(random.nextInt(colons.size())) + 2;
        int end = at;
        while (end < line.length() && ",}]".indexOf(line.charAt(end)) < 0 && line.charAt(end) != '#') {
            end++;
        }
        if (end < line.length() && line.charAt(at) == '{' || line.charAt(Math.min(at, line.length() - 1)) == '[') {
            end = line.length();
        }
        return line.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + line.substring(end);
    }

    private static String renameKey(String line, Random random) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return line;
        }
        int at = random.nextInt(colon);
        return random.nextBoolean() ? line.substring(0, at) + "x" + line.substring(at) : line.substring(0, at) + line.substring(at + 1);
    }

    private static long rows(Database db) throws Exception {
        long total = 0;
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            for (String table : List.of("experiment", "study", "study_attr", "run", "run_param", "run_provenance")) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    total += rs.getLong(1);
                }
            }
        }
        return total;
    }
}
