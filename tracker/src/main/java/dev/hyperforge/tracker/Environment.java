package dev.hyperforge.tracker;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The facts about this JVM and code that go into every {@link Provenance}.
 *
 * <p>{@link #capture()} asks git ({@code git rev-parse HEAD}, {@code git status --porcelain}) in the
 * working directory; outside a git checkout it uses the tracker jar's {@code Implementation-Version}.
 * The result is computed once per JVM.
 *
 * @param codeVersion git commit (40 hex digits) or {@code jar:VERSION}
 * @param codeDirty whether the git checkout had uncommitted changes
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
     * The environment of this JVM, captured once (git is asked in the current working directory).
     *
     * @return the environment
     */
    public static Environment capture() {
        Environment env = cached;
        if (env == null) {
            env = capture(Path.of("").toAbsolutePath(), Environment.class);
            cached = env;
        }
        return env;
    }

    /**
     * Captures the environment, asking git in {@code dir} and falling back to the version of the jar that
     * holds {@code anchor}.
     *
     * @param dir directory to ask git in
     * @param anchor a class whose jar's Implementation-Version is the fallback code version
     * @return the environment
     */
    public static Environment capture(Path dir, Class<?> anchor) {
        String commit = git(dir, "rev-parse", "HEAD");
        String version;
        boolean dirty;
        if (commit != null && commit.matches("[0-9a-f]{40}")) {
            version = commit;
            String status = git(dir, "status", "--porcelain");
            dirty = status == null || !status.isBlank();
        } else {
            String jar = anchor.getPackage() == null ? null : anchor.getPackage().getImplementationVersion();
            version = jar != null ? "jar:" + jar : "unknown (no git checkout, no jar Implementation-Version)";
            dirty = jar == null;
        }
        Runtime rt = Runtime.getRuntime();
        return new Environment(version, dirty, System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("os.name"), System.getProperty("os.arch"), localHostName(), rt.availableProcessors());
    }

    private static String git(Path dir, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
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
