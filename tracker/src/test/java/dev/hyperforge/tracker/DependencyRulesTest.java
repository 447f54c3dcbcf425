package dev.hyperforge.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tracker depends on H2/JDBC/Flyway/Jackson and on search's trial model only ({@code Direction},
 * {@code TrialState}, {@code FrozenTrial}, {@code Constraints} (what a trial's constraint values mean), the
 * {@code storage} contract and the {@code pareto} definitions (dominance, hypervolume: pure functions of values, so
 * that {@link StudyFront} agrees with the samplers)): never on samplers, engine, ensemble, web or experiments. The module rules are listed in docs/architecture.md.
 */
class DependencyRulesTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "^import\\s+(static\\s+)?(dev\\.hyperforge\\.(engine|ensemble|web|experiments)|org\\.nd4j|io\\.jenetics|io\\.javalin)\\b"
            + "|^import\\s+(static\\s+)?dev\\.hyperforge\\.search\\.(?!(Direction|TrialState|FrozenTrial|Constraints|storage\\.\\w+|pareto\\.\\w+);)",
            Pattern.MULTILINE);

    @Test
    void trackerSourcesImportNoOtherHyperforgeModule() throws IOException {
        Path main = Path.of("src", "main", "java");
        assertTrue(Files.isDirectory(main), "run from the tracker module directory");
        try (Stream<Path> files = Files.walk(main)) {
            List<String> offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return FORBIDDEN.matcher(Files.readString(p)).find();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
            assertEquals(List.of(), offenders);
        }
    }
}
