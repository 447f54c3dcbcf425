package dev.hyperforge.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ensemble module reads the tracker and uses search, and imports nothing of the web server (Javalin, Jetty,
 * servlets, {@code dev.hyperforge.web}), the engine, ND4J or experiments; and it never calls {@code Math.random}
 * (the weight optimiser is seeded). The module rules are listed in docs/architecture.md.
 */
class DependencyRulesTest {
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final List<String> ALLOWED = List.of("java.", "com.fasterxml.jackson.", "dev.hyperforge.ensemble.",
            "dev.hyperforge.tracker.", "dev.hyperforge.search.");

    @Test
    void ensembleImportsOnlyTheTrackerSearchJacksonAndTheJdk() throws IOException {
        assertEquals(List.of(), offenders(Path.of("src", "main", "java")));
    }

    @Test
    void aJavalinImportIsReported(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Served.java"), "package dev.hyperforge.ensemble;\n\n"
                + "import dev.hyperforge.tracker.Run;\nimport io.javalin.http.Context;\n\nfinal class Served {\n}\n");
        assertEquals(List.of(dir.resolve("Served.java") + ": io.javalin.http.Context"), offenders(dir));
    }

    private static List<String> offenders(Path root) throws IOException {
        assertTrue(Files.isDirectory(root), "run from the ensemble module directory");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String src = read(p);
                Matcher m = IMPORT.matcher(src);
                while (m.find()) {
                    String imp = m.group(2);
                    if (ALLOWED.stream().noneMatch(imp::startsWith)) {
                        offenders.add(p + ": " + imp);
                    }
                }
                if (src.contains("Math.random(")) {
                    offenders.add(p + ": Math.random");
                }
            }
        }
        return offenders;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
