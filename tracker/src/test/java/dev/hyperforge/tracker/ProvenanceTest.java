package dev.hyperforge.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {
    @Test
    void theBuilderFillsTheEnvironmentAndHashesTheExperimentFile() {
        Provenance p = TestFixtures.provenance("epochs: 3\n");
        assertEquals(Hashing.sha256Hex("epochs: 3\n"), p.experimentSha256());
        assertEquals(TestFixtures.ENV.codeVersion(), p.codeVersion());
        assertEquals("test-host", p.hostName());
        assertEquals(Map.of("study", 42L, "weights", 7L), p.seeds());
        assertEquals(Map.of("jvm.availableProcessors", 2, "nd4j.omp", 2), p.threads());
    }

    @Test
    void everyMissingFieldIsNamed() {
        Provenance.Builder noData = Provenance.builder(TestFixtures.ENV).experimentFile("x").resolvedConfig("{}")
                .seed("s", 1).nd4j("CPU", "linux-x86_64");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, noData::build);
        assertTrue(e.getMessage().contains("dataSha256"), e.getMessage());
        Provenance.Builder noNd4j = Provenance.builder(TestFixtures.ENV).experimentFile("x").resolvedConfig("{}")
                .seed("s", 1).dataFingerprint(Hashing.sha256Hex("d"));
        assertTrue(assertThrows(IllegalArgumentException.class, noNd4j::build).getMessage().contains("nd4jBackend"));
        Provenance.Builder noSeeds = Provenance.builder(TestFixtures.ENV).experimentFile("x").resolvedConfig("{}")
                .dataFingerprint(Hashing.sha256Hex("d")).nd4j("CPU", "c");
        assertTrue(assertThrows(IllegalArgumentException.class, noSeeds::build).getMessage().contains("seeds"));
        Provenance.Builder noFile = Provenance.builder(TestFixtures.ENV);
        assertTrue(assertThrows(IllegalArgumentException.class, noFile::build).getMessage().contains("experimentFile"));
        Provenance.Builder badConfig = Provenance.builder(TestFixtures.ENV).experimentFile("x").resolvedConfig("[1]")
                .seed("s", 1).dataFingerprint(Hashing.sha256Hex("d")).nd4j("CPU", "c");
        assertTrue(assertThrows(IllegalArgumentException.class, badConfig::build).getMessage().contains("JSON object"));
    }

    @Test
    void aHashThatDoesNotMatchTheTextIsRejected() {
        Provenance ok = TestFixtures.provenance();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Provenance(
                ok.experimentText() + " ", ok.experimentSha256(), ok.resolvedConfigJson(), ok.seeds(), ok.dataSha256(),
                ok.codeVersion(), ok.codeDirty(), ok.javaVersion(), ok.javaVendor(), ok.osName(), ok.osArch(),
                ok.nd4jBackend(), ok.nd4jClassifier(), ok.threads(), ok.hostName()));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Provenance.builder(TestFixtures.ENV).experimentFile("x")
                .resolvedConfig("{}").seed("s", 1).dataFingerprint("abc").nd4j("CPU", "c").build());
        assertThrows(IllegalArgumentException.class, () -> Provenance.builder(TestFixtures.ENV).experimentFile("x")
                .resolvedConfig("{}").seed("s", 1).dataFingerprint(Hashing.sha256Hex("d")).nd4j("CPU", "c")
                .threads("omp", 0).build());
    }

    @Test
    void environmentCaptureReadsGitOrFallsBackToTheJarVersion(@TempDir Path notAGitCheckout) throws Exception {
        Environment here = Environment.capture();
        assertFalse(here.codeVersion().isBlank());
        assertEquals(System.getProperty("java.version"), here.javaVersion());
        Environment outside = Environment.capture(notAGitCheckout, ProvenanceTest.class);
        assertTrue(outside.codeVersion().startsWith("unknown") || outside.codeVersion().startsWith("jar:"),
                outside.codeVersion());
        if (Files.exists(Path.of("..", ".git")) || Files.exists(Path.of(".git"))) { // a directory, or a file in a worktree
            assertTrue(here.codeVersion().matches("[0-9a-f]{40}"), here.codeVersion());
        }
    }

    @Test
    void fileFingerprintsMatchByteFingerprints(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("data.csv");
        Files.writeString(f, "a,b\n1,2\n");
        assertEquals(Hashing.sha256Hex("a,b\n1,2\n"), Hashing.sha256Hex(f));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Hashing.sha256Hex(""));
    }
}
