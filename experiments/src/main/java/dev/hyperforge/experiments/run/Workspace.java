package dev.hyperforge.experiments.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hyperforge.engine.Backend;
import dev.hyperforge.engine.kernels.Numerics;
import dev.hyperforge.engine.Model;
import dev.hyperforge.experiments.data.DataLoaders;
import dev.hyperforge.experiments.data.DataSet;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.model.ModelFactory;
import dev.hyperforge.tracker.Provenance;

/**
 * What every run of an experiment shares in one process: its data (loaded once, aligned to the model's
 * input and output names) and the provenance recorded with each run.
 */
public final class Workspace {
    /** The key of the class names in a run's resolved configuration. */
    public static final String CLASS_NAMES = "class_names";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, DataSet> DATA = new ConcurrentHashMap<>();

    private Workspace() {
    }

    /**
     * The experiment's data, loaded with the experiment's seed (cached per process). A command experiment's data
     * (optional) is loaded as it is, for its fingerprint: there is no model to align it to; without a data
     * section this is null.
     */
    public static DataSet data(Experiment e) {
        if (e.command().isPresent()) {
            return e.data() == null ? null : DATA.computeIfAbsent(e.sha256() + ":" + e.seed() + ":" + e.source().baseDir().toAbsolutePath(),
                    k -> DataLoaders.get(e.data().loader()).load(e.data().options(), e.seed(), e.source().baseDir()));
        }
        return DATA.computeIfAbsent(e.sha256() + ":" + e.seed() + ":" + e.source().baseDir().toAbsolutePath(), k -> {
            Model m = ModelFactory.graph(e, e.defaultParams(), 0L);
            DataSet d = DataLoaders.get(e.data().loader()).load(e.data().options(), e.seed(), e.source().baseDir());
            return d.alignTo(m.inputNames(), m.outputNames());
        });
    }

    /**
     * The provenance of a run of {@code e}: the file's text, the resolved configuration, the seeds, the data
     * fingerprint, and the environment (code version, Java, OS, ND4J backend and threads, the engine's numerics level,
     * which a replay retrains with). When the data names
     * its classes (an image or text folder), the configuration records them as {@value #CLASS_NAMES}: target
     * name → class names by id, so that predictions map back to labels.
     */
    public static Provenance provenance(Experiment e, DataSet data, Map<String, Object> config, Map<String, Long> seeds) {
        if (e.command().isPresent()) {
            return dev.hyperforge.experiments.command.CommandRuns.provenance(e, data, config, seeds);
        }
        Map<String, Object> resolved = config;
        if (!data.classNames().isEmpty()) {
            resolved = new java.util.LinkedHashMap<>(config);
            resolved.put(CLASS_NAMES, data.classNames());
        }
        Provenance.Builder b = Provenance.builder().experimentFile(e.text()).resolvedConfig(json(resolved))
                .dataFingerprint(data.fingerprint()).nd4j(Backend.backendName(), Backend.nativeClassifier())
                .threads("nd4j.native", Backend.nativeThreads()).numerics(Numerics.current().level());
        seeds.forEach(b::seed);
        return b.build();
    }

    /**
     * The directory where a run's file-writing callbacks (a relative {@code ModelCheckpoint} filepath) write:
     * {@code <runs>/<study>/run-<id>} under {@link #runsRoot()}, so that trials never share or overwrite each
     * other's files. The study name becomes one folder name ({@link #folderName}), so a name such as {@code ../../x}
     * taken from a shared database cannot move the run directory elsewhere.
     */
    public static Path runDir(String study, long runId) {
        return runsRoot().resolve(folderName(study)).resolve("run-" + runId);
    }

    /**
     * A study name as a single safe folder name: letters, digits, {@code . _ -} kept, anything else (path
     * separators, blanks, control characters) replaced by {@code _}, and a name of dots only ({@code ..}) made
     * {@code _}s.
     *
     * @param study the study name
     * @return the folder name
     */
    static String folderName(String study) {
        String safe = study.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.matches("\\.*") ? "_".repeat(Math.max(1, safe.length())) : safe;
    }

    /** The runs directory of this process: see {@link #runsRoot(String, String)} with its system property and environment. */
    public static Path runsRoot() {
        return runsRoot(System.getProperty("hf.runs"), System.getenv("HF_RUNS"));
    }

    /**
     * The runs directory: {@code DIR/runs} when the system property {@code hf.runs} is {@code DIR} (what the tests
     * set), else the directory the environment variable {@code HF_RUNS} names, else {@code runs} in the current
     * directory.
     *
     * @param property the {@code hf.runs} system property, or null
     * @param env the {@code HF_RUNS} environment variable, or null
     * @return the runs directory
     */
    public static Path runsRoot(String property, String env) {
        if (property != null && !property.isBlank()) {
            return Path.of(property).resolve("runs");
        }
        return env != null && !env.isBlank() ? Path.of(env) : Path.of("runs");
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("configuration cannot be written as JSON: " + ex.getMessage(), ex);
        }
    }

    /** The experiment's inputs' names in model order. */
    static List<String> outputs(Experiment e) {
        return ModelFactory.graph(e, e.defaultParams(), 0L).outputNames();
    }
}
