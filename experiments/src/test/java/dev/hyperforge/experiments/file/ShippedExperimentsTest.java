package dev.hyperforge.experiments.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.experiments.model.CallbackFactory;

/**
 * Every experiment shipped in the module folder parses. Files whose layer or callback types do not
 * exist in the engine yet are checked for structure only (the missing types are printed); all others
 * are fully validated, which builds and compiles the model with default parameters.
 */
class ShippedExperimentsTest {
    static final Path DIR = Path.of(".");

    static Stream<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    /** Engine types a file needs that do not exist yet. */
    static List<String> missingTypes(Experiment e) {
        List<String> missing = new ArrayList<>();
        if (e.searchOnly() || e.command().isPresent()) {
            return missing; // no layers or callbacks
        }
        e.model().layers().forEach(l -> {
            if (!LayerRegistry.exists(l.type()) && !missing.contains(l.type())) {
                missing.add(l.type());
            }
        });
        e.fit().callbacks().forEach(c -> {
            if (!CallbackFactory.exists(c.type()) && !missing.contains(c.type())) {
                missing.add(c.type());
            }
        });
        return missing;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void shippedFileParsesAndValidates(Path file) throws IOException {
        Experiment structural = ExperimentFile.load(file, false);
        List<String> missing = missingTypes(structural);
        Experiment e = missing.isEmpty() ? ExperimentFile.load(file) : structural;
        if (!missing.isEmpty()) {
            System.out.println("[shipped] " + file + ": structure only, engine lacks " + missing);
        }
        String base = file.getFileName().toString().replace(".yaml", "");
        assertEquals(base, e.name(), "the experiment's name matches its file name");
        assertTrue(e.search().isPresent(), "every shipped experiment has a search section");
        assertFalse(e.space().isEmpty());
        assertEquals(Experiment.sha256(Files.readString(file)), e.sha256());
        assertEquals(Files.readString(file), e.text());
        assertEquals(e.space().size(), e.defaultParams().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void shippedFileSurvivesAWriteReadRoundTrip(Path file) {
        Experiment e = ExperimentFile.load(file, false);
        String yaml = ExperimentWriter.toYaml(e);
        Experiment again = ExperimentFile.parse(yaml, "roundtrip-" + file.getFileName(), false);
        assertEquals(ExperimentWriter.toMap(e), ExperimentWriter.toMap(again));
    }
}
