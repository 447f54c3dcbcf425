package dev.hyperforge.tracker;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;

/**
 * Which Hyperforge code runs: the commit it was built from, stamped into the search module's jar at build time
 * ({@value #RESOURCE}, written by {@code search/pom.xml}), and the SHA-256 of the Hyperforge jars on the class path.
 * The commit is Hyperforge's own, whatever directory a command runs in; the jar hash also tells apart builds of
 * uncommitted changes (the build makes reproducible jars, so rebuilding the same sources gives the same hash).
 *
 * <pre>{@code
 * CodeStamp stamp = CodeStamp.read(CodeStamp.class.getClassLoader());
 * String version = stamp.codeVersion(CodeStamp.jarsSha256(System.getProperty("java.class.path")));
 * // "3f2c…(40 hex) jars-sha256:9a0b1c2d3e4f5a6b", or "jar:0.1.0-SNAPSHOT" when built outside a git checkout
 * }</pre>
 *
 * @param commit the commit (40 hex digits), or null when the build had no git checkout (or no git)
 * @param dirty whether the checkout had uncommitted changes to tracked files (true when unknown)
 * @param version the project version, or null when no stamp was found
 */
public record CodeStamp(String commit, boolean dirty, String version) {
    /** Class-path resource holding the stamp. */
    public static final String RESOURCE = "META-INF/hyperforge/build.properties";
    /** Entries under this prefix mark a jar built by Hyperforge's Maven build. */
    static final String HYPERFORGE_JAR_MARK = "META-INF/maven/dev.hyperforge/";

    /**
     * Reads the build stamp.
     *
     * @param loader where to look for {@value #RESOURCE}
     * @return the stamp; without one, a stamp with neither commit nor version
     */
    public static CodeStamp read(ClassLoader loader) {
        Properties p = new Properties();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return new CodeStamp(null, true, null);
            }
            p.load(in);
        } catch (IOException e) {
            return new CodeStamp(null, true, null);
        }
        String commit = p.getProperty("commit", "").trim();
        String version = p.getProperty("version", "").trim();
        return new CodeStamp(commit.matches("[0-9a-f]{40}") ? commit : null,
                !"false".equals(p.getProperty("dirty", "").trim()), version.isEmpty() ? null : version);
    }

    /**
     * @param jarsSha256 the hash of the Hyperforge jars, or null (classes run from directories)
     * @return the commit, else {@code jar:VERSION}, else "unknown …"; followed by the first 16 hex digits of the jar
     *     hash when there is one
     */
    public String codeVersion(String jarsSha256) {
        String v = commit != null ? commit : version != null ? "jar:" + version : "unknown (built without git, no build stamp)";
        return jarsSha256 == null ? v : v + " jars-sha256:" + jarsSha256.substring(0, 16);
    }

    /**
     * The SHA-256 over the Hyperforge jars of a class path: the jars holding {@value #HYPERFORGE_JAR_MARK} entries,
     * each hashed whole, combined in file-name order.
     *
     * @param classPath a class path ({@code java.class.path})
     * @return the hash in hex, or null when no Hyperforge jar is on it
     */
    public static String jarsSha256(String classPath) {
        List<Path> jars = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p) && isHyperforgeJar(p)) {
                jars.add(p);
            }
        }
        if (jars.isEmpty()) {
            return null;
        }
        jars.sort(Comparator.comparing(p -> p.getFileName().toString()));
        StringBuilder all = new StringBuilder();
        for (Path jar : jars) {
            try {
                all.append(jar.getFileName()).append(':').append(Hashing.sha256Hex(jar)).append('\n');
            } catch (UncheckedIOException e) {
                return null;
            }
        }
        return Hashing.sha256Hex(all.toString());
    }

    private static boolean isHyperforgeJar(Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.stream().anyMatch(e -> e.getName().startsWith(HYPERFORGE_JAR_MARK));
        } catch (IOException e) {
            return false;
        }
    }
}
