package dev.hyperforge.tracker;

import java.io.IOException;
import java.net.InetAddress;

/**
 * The facts about this JVM and code that go into every {@link Provenance}.
 *
 * <p>{@link #capture()} records Hyperforge's own code version ({@link CodeStamp}): the commit stamped into its jar
 * at build time and the SHA-256 of its jars, never the git repository of the working directory (a run started
 * inside a user's repository used to record that repository's commit). Built outside a git checkout, the code
 * version is {@code jar:VERSION}. The result is computed once per JVM.
 *
 * @param codeVersion Hyperforge's commit (40 hex digits) or {@code jar:VERSION}, followed by
 *     {@code jars-sha256:} and 16 hex digits when it runs from jars
 * @param codeDirty whether Hyperforge was built from a checkout with uncommitted changes (true when unknown)
 * @param javaVersion {@code java.version}
 * @param javaVendor {@code java.vendor}
 * @param osName {@code os.name}
 * @param osArch {@code os.arch}
 * @param hostName local host name
 * @param availableProcessors {@link Runtime#availableProcessors()}
 */
public record Environment(String codeVersion, boolean codeDirty, String javaVersion, String javaVendor,
                          String osName, String osArch, String hostName, int availableProcessors) {

    private static volatile Environment cached;

    /**
     * The environment of this JVM, captured once.
     *
     * @return the environment
     */
    public static Environment capture() {
        Environment env = cached;
        if (env == null) {
            env = capture(CodeStamp.read(Environment.class.getClassLoader()),
                    CodeStamp.jarsSha256(System.getProperty("java.class.path", "")));
            cached = env;
        }
        return env;
    }

    /**
     * Captures the environment with a given code stamp.
     *
     * @param stamp Hyperforge's build stamp
     * @param jarsSha256 the hash of its jars, or null
     * @return the environment
     */
    public static Environment capture(CodeStamp stamp, String jarsSha256) {
        Runtime rt = Runtime.getRuntime();
        return new Environment(stamp.codeVersion(jarsSha256), stamp.dirty(), System.getProperty("java.version"),
                System.getProperty("java.vendor"), System.getProperty("os.name"), System.getProperty("os.arch"),
                localHostName(), rt.availableProcessors());
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env != null && !env.isBlank() ? env : "unknown-host";
        }
    }
}
