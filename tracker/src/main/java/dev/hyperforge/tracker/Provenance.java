package dev.hyperforge.tracker;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything needed to explain and replay a run. A run cannot be recorded without it; every field is
 * required and checked here.
 *
 * <p>Build one with {@link #builder()}, which fills the environment fields from {@link Environment#capture()}:
 * <pre>{@code
 * Provenance p = Provenance.builder()
 *         .experimentFile(Files.readString(Path.of("mnist.yaml")))
 *         .resolvedConfig("{\"lr\":0.001,\"epochs\":10}")
 *         .seed("study", 42).seed("trial", 7)
 *         .dataFingerprint(Hashing.sha256Hex(Path.of("mnist.csv")))
 *         .nd4j("CPU", "linux-x86_64-onednn-avx512")
 *         .threads("nd4j.omp", 4)
 *         .numerics(2)
 *         .build();
 * }</pre>
 *
 * @param experimentText the experiment file's exact text
 * @param experimentSha256 SHA-256 of that text (must match it)
 * @param resolvedConfigJson the fully resolved configuration of the run, a JSON object
 * @param seeds every seed used, by purpose (at least one)
 * @param dataSha256 SHA-256 of the data actually read
 * @param codeVersion git commit, or the jar's version
 * @param codeDirty whether the git checkout had uncommitted changes (false for jar versions)
 * @param javaVersion {@code java.version}
 * @param javaVendor {@code java.vendor}
 * @param osName {@code os.name}
 * @param osArch {@code os.arch}
 * @param nd4jBackend ND4J backend (e.g. {@code CPU})
 * @param nd4jClassifier ND4J native classifier (e.g. {@code linux-x86_64-onednn-avx512})
 * @param threads thread counts by name (at least one, all positive)
 * @param hostName the host the run ran on
 * @param numerics the engine's numerics level the run was computed with (which kernels, where kernels of different
 *        levels differ in the last bits), or null where none was recorded: runs recorded before levels existed
 *        (computed with level 1) and runs whose results no engine computed (command and ask/tell runs)
 */
public record Provenance(String experimentText, String experimentSha256, String resolvedConfigJson,
                         Map<String, Long> seeds, String dataSha256, String codeVersion, boolean codeDirty,
                         String javaVersion, String javaVendor, String osName, String osArch, String nd4jBackend,
                         String nd4jClassifier, Map<String, Integer> threads, String hostName, Integer numerics) {

    /** Checks that every field is present and consistent. */
    public Provenance {
        Objects.requireNonNull(experimentText, "provenance: experimentText is required (the experiment file's text)");
        Checks.sha256("provenance: experimentSha256", experimentSha256);
        String actual = Hashing.sha256Hex(experimentText);
        if (!actual.equals(experimentSha256)) {
            throw new IllegalArgumentException("provenance: experimentSha256 " + experimentSha256
                    + " does not match the experiment text (its SHA-256 is " + actual + ")");
        }
        Checks.jsonObject("provenance: resolvedConfigJson", resolvedConfigJson);
        seeds = copyNonEmpty("seeds", seeds);
        Checks.sha256("provenance: dataSha256 (data fingerprint)", dataSha256);
        Checks.present("provenance: codeVersion", codeVersion);
        Checks.present("provenance: javaVersion", javaVersion);
        Checks.present("provenance: javaVendor", javaVendor);
        Checks.present("provenance: osName", osName);
        Checks.present("provenance: osArch", osArch);
        Checks.present("provenance: nd4jBackend", nd4jBackend);
        Checks.present("provenance: nd4jClassifier", nd4jClassifier);
        threads = copyNonEmpty("threads", threads);
        threads.forEach((k, v) -> {
            if (v <= 0) {
                throw new IllegalArgumentException("provenance: thread count '" + k + "' must be > 0, received " + v);
            }
        });
        Checks.present("provenance: hostName", hostName);
        if (numerics != null && numerics < 1) {
            throw new IllegalArgumentException("provenance: numerics level must be 1 or more, received " + numerics);
        }
    }

    /** A provenance without a numerics level (as recorded before levels existed). */
    public Provenance(String experimentText, String experimentSha256, String resolvedConfigJson, Map<String, Long> seeds,
                      String dataSha256, String codeVersion, boolean codeDirty, String javaVersion, String javaVendor,
                      String osName, String osArch, String nd4jBackend, String nd4jClassifier, Map<String, Integer> threads,
                      String hostName) {
        this(experimentText, experimentSha256, resolvedConfigJson, seeds, dataSha256, codeVersion, codeDirty, javaVersion,
                javaVendor, osName, osArch, nd4jBackend, nd4jClassifier, threads, hostName, null);
    }

    private static <V> Map<String, V> copyNonEmpty(String what, Map<String, V> map) {
        if (map == null || map.isEmpty()) {
            throw new IllegalArgumentException("provenance: " + what + " must name at least one entry, received "
                    + map);
        }
        TreeMap<String, V> copy = new TreeMap<>();
        map.forEach((k, v) -> copy.put(Checks.present("provenance: " + what + " key", k),
                Objects.requireNonNull(v, "provenance: " + what + " '" + k + "'")));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * A builder with the environment fields already captured from this JVM.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder(Environment.capture());
    }

    /**
     * A builder with the environment fields taken from the given environment.
     *
     * @param environment the environment to record
     * @return a new builder
     */
    public static Builder builder(Environment environment) {
        return new Builder(environment);
    }

    /** Collects the fields of a {@link Provenance}; {@link #build()} validates them all. */
    public static final class Builder {
        private String experimentText;
        private String resolvedConfigJson;
        private final Map<String, Long> seeds = new TreeMap<>();
        private String dataSha256;
        private String codeVersion;
        private boolean codeDirty;
        private String javaVersion;
        private String javaVendor;
        private String osName;
        private String osArch;
        private String nd4jBackend;
        private String nd4jClassifier;
        private final Map<String, Integer> threads = new TreeMap<>();
        private String hostName;
        private Integer numerics;

        private Builder(Environment env) {
            codeVersion = env.codeVersion();
            codeDirty = env.codeDirty();
            javaVersion = env.javaVersion();
            javaVendor = env.javaVendor();
            osName = env.osName();
            osArch = env.osArch();
            hostName = env.hostName();
            threads.put("jvm.availableProcessors", env.availableProcessors());
        }

        /**
         * The experiment file's text; its SHA-256 is computed.
         *
         * @param text the file's text
         * @return this builder
         */
        public Builder experimentFile(String text) {
            this.experimentText = text;
            return this;
        }

        /**
         * The resolved configuration.
         *
         * @param json a JSON object
         * @return this builder
         */
        public Builder resolvedConfig(String json) {
            this.resolvedConfigJson = json;
            return this;
        }

        /**
         * Records one seed.
         *
         * @param purpose what the seed drives (e.g. {@code study}, {@code weights}, {@code shuffle})
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(String purpose, long seed) {
            seeds.put(purpose, seed);
            return this;
        }

        /**
         * The SHA-256 of the data actually read (see {@link Hashing}).
         *
         * @param sha256Hex lower-case hex digest
         * @return this builder
         */
        public Builder dataFingerprint(String sha256Hex) {
            this.dataSha256 = sha256Hex;
            return this;
        }

        /**
         * ND4J backend and native classifier (the tracker cannot ask ND4J itself).
         *
         * @param backend e.g. {@code CPU}
         * @param classifier e.g. {@code linux-x86_64-onednn-avx512}
         * @return this builder
         */
        public Builder nd4j(String backend, String classifier) {
            this.nd4jBackend = backend;
            this.nd4jClassifier = classifier;
            return this;
        }

        /**
         * Records one thread count.
         *
         * @param name e.g. {@code nd4j.omp}
         * @param count positive count
         * @return this builder
         */
        public Builder threads(String name, int count) {
            threads.put(name, count);
            return this;
        }

        /**
         * Overrides the captured code version.
         *
         * @param version commit or jar version
         * @param dirty whether the checkout had uncommitted changes
         * @return this builder
         */
        public Builder codeVersion(String version, boolean dirty) {
            this.codeVersion = version;
            this.codeDirty = dirty;
            return this;
        }

        /**
         * The engine's numerics level the run is computed with (the tracker cannot ask the engine itself).
         *
         * @param level 1 or more
         * @return this builder
         */
        public Builder numerics(int level) {
            this.numerics = level;
            return this;
        }

        /**
         * Overrides the captured host name.
         *
         * @param name host name
         * @return this builder
         */
        public Builder hostName(String name) {
            this.hostName = name;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the provenance
         * @throws IllegalArgumentException naming the first missing or invalid field
         */
        public Provenance build() {
            if (experimentText == null) {
                throw new IllegalArgumentException("provenance: experimentFile(text) was not set; a run cannot be"
                        + " recorded without the experiment file's text");
            }
            return new Provenance(experimentText, Hashing.sha256Hex(experimentText), resolvedConfigJson, seeds,
                    dataSha256, codeVersion, codeDirty, javaVersion, javaVendor, osName, osArch, nd4jBackend,
                    nd4jClassifier, threads, hostName, numerics);
        }
    }
}
