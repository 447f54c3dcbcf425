package dev.hyperforge.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
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
        IllegalArgumentException level = assertThrows(IllegalArgumentException.class, () -> Provenance.builder(TestFixtures.ENV)
                .experimentFile("x").resolvedConfig("{}").seed("s", 1).dataFingerprint(Hashing.sha256Hex("d")).nd4j("CPU", "c")
                .numerics(0).build());
        assertTrue(level.getMessage().contains("numerics level must be 1 or more"), level.getMessage());
        assertEquals(null, ok.numerics(), "no level unless one is given");
    }

    @Test
    void theCodeVersionIsHyperforgesOwnStampedCommitWhateverTheWorkingDirectory() throws Exception {
        CodeStamp stamp = CodeStamp.read(getClass().getClassLoader());
        Environment here = Environment.capture();
        assertEquals(stamp.codeVersion(CodeStamp.jarsSha256(System.getProperty("java.class.path"))), here.codeVersion());
        assertEquals(System.getProperty("java.version"), here.javaVersion());
        String head = gitHead(Path.of("..").toAbsolutePath().normalize());
        if (head != null) { // built from this checkout by Maven, which stamps the commit at generate-resources
            assertEquals(head, stamp.commit());
            assertTrue(here.codeVersion().startsWith(head), here.codeVersion());
        }
    }

    @Test
    void withoutAStampTheCodeVersionFallsBackToTheVersionOrSaysUnknown(@TempDir Path dir) throws Exception {
        try (URLClassLoader none = new URLClassLoader(new URL[0], null)) {
            CodeStamp s = CodeStamp.read(none);
            assertEquals(new CodeStamp(null, true, null), s);
            assertTrue(s.codeVersion(null).startsWith("unknown"), s.codeVersion(null));
        }
        Path res = dir.resolve(CodeStamp.RESOURCE);
        Files.createDirectories(res.getParent());
        Files.writeString(res, "commit=\ndirty=false\nversion=1.2.3\n"); // built outside a git checkout
        try (URLClassLoader built = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            CodeStamp s = CodeStamp.read(built);
            assertEquals(new CodeStamp(null, false, "1.2.3"), s);
            assertEquals("jar:1.2.3 jars-sha256:0123456789abcdef", s.codeVersion("0123456789abcdef" + "0".repeat(48)));
        }
        Files.writeString(res, "commit=not-a-commit\ndirty=false\nversion=1.2.3\n");
        try (URLClassLoader odd = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertEquals("jar:1.2.3", CodeStamp.read(odd).codeVersion(null));
        }
    }

    @Test
    void theJarHashCoversExactlyTheHyperforgeJarsAndChangesWithThem(@TempDir Path dir) throws Exception {
        Path ours = jar(dir.resolve("engine-0.1.jar"), "META-INF/maven/dev.hyperforge/engine/pom.properties", "v=1");
        Path theirs = jar(dir.resolve("other-1.0.jar"), "META-INF/maven/org.other/other/pom.properties", "v=1");
        String cp = ours + File.pathSeparator + theirs + File.pathSeparator + dir.resolve("classes");
        String hash = CodeStamp.jarsSha256(cp);
        assertEquals(Hashing.sha256Hex("engine-0.1.jar:" + Hashing.sha256Hex(ours) + "\n"), hash);
        assertEquals(null, CodeStamp.jarsSha256(theirs.toString()));
        jar(ours, "META-INF/maven/dev.hyperforge/engine/pom.properties", "v=2"); // the code changed
        assertFalse(hash.equals(CodeStamp.jarsSha256(cp)));
    }

    private static Path jar(Path path, String entry, String text) throws Exception {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(path))) {
            out.putNextEntry(new JarEntry(entry));
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return path;
    }

    private static String gitHead(Path dir) throws Exception {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
        } catch (java.io.IOException noGit) {
            return null;
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
