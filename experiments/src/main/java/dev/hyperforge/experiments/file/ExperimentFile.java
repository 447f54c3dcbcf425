package dev.hyperforge.experiments.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads experiment files (YAML; JSON is YAML too) into validated {@link Experiment}s. The format is
 * documented in docs/experiment-file.md.
 *
 * <pre>{@code
 * Experiment e = ExperimentFile.load(Path.of("experiments/fashion-cnn.yaml"));
 * Experiment s = ExperimentFile.parse(yamlText, "inline.yaml");
 * Experiment quick = ExperimentFile.parse(yamlText, "inline.yaml", false);   // structure only
 * }</pre>
 */
public final class ExperimentFile {
    private ExperimentFile() {
    }

    /**
     * Loads and fully validates a file; errors name the path as given.
     *
     * @throws ExperimentFileException for unreadable or invalid files
     */
    public static Experiment load(Path path) {
        return load(path, true);
    }

    /** Loads a file; {@code engineChecks} false skips the checks that need the engine (see {@link #parse(String, String, boolean)}). */
    public static Experiment load(Path path, boolean engineChecks) {
        String text;
        try {
            if (Files.exists(path) && !Files.isRegularFile(path)) {
                throw new ExperimentFileException(path.toString(), 0, "", "not a regular file (a folder, device or pipe); name an experiment file");
            }
            long size = Files.exists(path) ? Files.size(path) : 0;
            if (size > YamlTree.MAX_SIZE) {
                throw new ExperimentFileException(path.toString(), 0, "", "the file is " + size + " bytes; an experiment file may be at most "
                        + YamlTree.MAX_SIZE + " bytes (1 MB)");
            }
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ExperimentFileException(path.toString(), 0, "", "cannot read the file: " + e.getMessage(), e);
        }
        return parse(text, path.toString(), engineChecks);
    }

    /**
     * The study's checkpoint retention the file asks for ({@code artifacts: {keep_checkpoints: 3}}: a count,
     * {@code all} or {@code none}), or empty when it names none.
     *
     * @param e a parsed experiment
     * @return the policy text
     */
    public static java.util.Optional<String> keepCheckpoints(Experiment e) {
        return java.util.Optional.ofNullable(new ExperimentParser(e.source().file()).keepCheckpoints(e.text()));
    }

    /** Parses and fully validates text; {@code fileName} is used in messages. */
    public static Experiment parse(String text, String fileName) {
        return parse(text, fileName, true);
    }

    /**
     * Parses text.
     *
     * @param engineChecks true to also check layer and callback types against the engine and build and
     *     compile the model with default parameters; false checks only the file's structure, types,
     *     references, loader and objective
     */
    public static Experiment parse(String text, String fileName, boolean engineChecks) {
        Experiment e = new ExperimentParser(fileName).parse(text);
        ExperimentValidator.validate(e, engineChecks);
        return e;
    }
}
