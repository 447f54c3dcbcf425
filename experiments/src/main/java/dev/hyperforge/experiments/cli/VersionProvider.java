package dev.hyperforge.experiments.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code hf --version}: Hyperforge's version as the build stamped it (Maven filters {@code project.version} into
 * {@code version.properties}), then the Java runtime and the operating system that run it.
 *
 * <pre>{@code
 * $ hf --version
 * Hyperforge 0.1.0-SNAPSHOT
 * Java 17.0.15 (Eclipse Adoptium), Linux amd64
 * }</pre>
 */
public final class VersionProvider implements IVersionProvider {
    /** The resource the build writes the version into. */
    static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"Hyperforge " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }

    /** @return the version of this build, e.g. {@code 0.1.0-SNAPSHOT} */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path; rebuild with mvn package");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
