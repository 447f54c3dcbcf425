package dev.hyperforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The search module imports only the JDK, Jenetics, Jackson and itself (plus Commons Math's Sobol generator, in
 * {@code internal}); and never calls Math.random. The module rules are listed in docs/architecture.md.
 */
class ArchitectureTest {

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void searchDependsOnlyOnJeneticsJacksonAndTheJdk() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String src = Files.readString(p);
                Matcher m = IMPORT.matcher(src);
                while (m.find()) {
                    String imp = m.group(2);
                    boolean sobol = imp.equals("org.apache.commons.math3.random.SobolSequenceGenerator")
                            && p.toString().contains("/internal/");
                    if (!(imp.startsWith("java.") || imp.startsWith("io.jenetics.") || sobol
                            || imp.startsWith("com.fasterxml.jackson.") || imp.startsWith("dev.hyperforge.search."))) {
                        offenders.add(p + ": " + imp);
                    }
                }
                if (src.contains("Math.random(")) {
                    offenders.add(p + ": Math.random");
                }
                boolean isInternal = p.toString().contains("/internal/");
                if (!isInternal && p.toString().contains("/sampler/") && src.contains("Linalg.")) {
                    offenders.add(p + ": samplers stay thin, linear algebra belongs in internal");
                }
            }
        }
        assertEquals(List.of(), offenders);
    }
}
