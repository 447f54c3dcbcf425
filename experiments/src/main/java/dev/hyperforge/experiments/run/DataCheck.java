package dev.hyperforge.experiments.run;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hyperforge.engine.Model;
import dev.hyperforge.experiments.data.DataSet;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFileException;
import dev.hyperforge.experiments.file.ModelSpec;
import dev.hyperforge.experiments.file.SplitSpec;
import dev.hyperforge.experiments.model.ModelFactory;
import dev.hyperforge.experiments.model.PointCheck;

/**
 * The checks that need the experiment's data, run before a command touches the database: the data can be
 * loaded, and the model built with the default parameters accepts its inputs and targets. Failures become
 * {@link ExperimentFileException}s at the field at fault ({@code data.options.path}, {@code model.outputs[0]},
 * …), so that {@code hf} reports them as {@code file:line field: message} and exits with 2.
 *
 * <pre>{@code
 * DataSet d = DataCheck.loadAndCheck(ExperimentFile.load(Path.of("experiments/fashion-cnn.yaml")));
 * }</pre>
 */
public final class DataCheck {
    private static final Pattern NAMED = Pattern.compile("^(input|output) '([^']+)'");

    private DataCheck() {
    }

    /** The experiment's data (as {@link Workspace#data}) after checking it against the model. */
    public static DataSet loadAndCheck(Experiment e) {
        if (e.data() != null) {
            checkPaths(e, e.data().options(), "data.options");
        }
        DataSet d;
        try {
            d = Workspace.data(e);
        } catch (IllegalArgumentException | UncheckedIOException ex) {
            if (ex instanceof ExperimentFileException) {
                throw ex;
            }
            throw e.source().error(dataField(e, ex.getMessage()), ex.getMessage(), ex);
        }
        if (e.command().isPresent()) {
            return d; // a command's program reads its data itself
        }
        Model m = ModelFactory.build(e, e.defaultParams(), 0L);
        DataSet few = d.head(2, 1); // (a test count of 0 would ask ND4J for an empty row selection)
        try {
            m.evaluate(few.x(), few.y());
        } catch (IllegalArgumentException ex) {
            String data = ex.getMessage() != null && ex.getMessage().startsWith("input '") ? "; the data: " + d.description() : "";
            throw e.source().error(modelField(e, ex.getMessage()),
                    "with the default parameters (checked on the first 2 samples), " + ex.getMessage() + data, ex);
        }
        return d;
    }

    /**
     * Checks that the file's split and {@code fit.validation_split} leave training and validation samples in
     * {@code d} (after the {@code --limit-samples} cap) for the parameter point {@code params}.
     *
     * @throws ExperimentFileException at {@code data.split.folds}, {@code data.split.validation} or {@code fit.validation_split}
     */
    public static void checkSplits(Experiment e, DataSet d, Limits limits, Map<String, ?> params) {
        long n = limits.samples() == null ? d.samples() : Math.min(d.samples(), limits.samples());
        SplitSpec s = e.data().split();
        long train = n;
        if (s.kind() == SplitSpec.Kind.KFOLD) {
            if (s.folds() < 2 || s.folds() > n) {
                throw e.source().error("data.split.folds", "k-fold needs 2 ≤ folds ≤ the number of samples (" + n + "), received " + s.folds());
            }
            train = n - (n + s.folds() - 1) / s.folds();
        } else if (s.kind() == SplitSpec.Kind.HOLDOUT) {
            long val = Math.max(1, Math.round(n * s.fraction()));
            if (val >= n) {
                throw e.source().error("data.split.validation", "a validation fraction of " + s.fraction() + " leaves no training sample out of "
                        + n + " samples");
            }
            train = n - val;
        }
        if (s.validates()) {
            return; // the split validates; fit.validation_split is then not used
        }
        double v = e.fit().validationSplit().resolve(ModelFactory.params(e, params), e.space());
        long val = (long) Math.floor(train * v);
        if (v > 0 && (val < 1 || val >= train)) {
            throw e.source().error("fit.validation_split", "a validation split of " + v + " of " + train + " training samples leaves "
                    + (val < 1 ? "no validation sample" : "no training sample") + "; use a fraction from " + (1.0 / train) + " to "
                    + ((train - 1.0) / train));
        }
    }

    /**
     * A data option naming something that exists but is neither a regular file nor a folder ({@code /dev/zero}, a
     * pipe) is refused before a loader reads it: reading it would never end, or fill the memory.
     */
    static void checkPaths(Experiment e, Object option, String field) {
        if (option instanceof Map<?, ?> m) {
            m.forEach((k, v) -> checkPaths(e, v, field + "." + k));
        } else if (option instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                checkPaths(e, l.get(i), field + "[" + i + "]");
            }
        } else if (option instanceof String s && !s.isBlank()) {
            java.nio.file.Path p;
            try {
                p = e.source().baseDir().resolve(s);
            } catch (java.nio.file.InvalidPathException ex) {
                return; // not a path
            }
            if (java.nio.file.Files.exists(p) && !java.nio.file.Files.isRegularFile(p) && !java.nio.file.Files.isDirectory(p)) {
                throw e.source().error(field, s + " is not a regular file (a device, pipe or socket); name a data file");
            }
        }
    }

    /** {@link #checkSplits} for the default point and every edge of the search space ({@link PointCheck#edges}). */
    public static void checkSplitsOverSpace(Experiment e, DataSet d, Limits limits) {
        checkSplits(e, d, limits, e.defaultParams());
        PointCheck.forEdges(e, p -> checkSplits(e, d, limits, p));
    }

    /** The option whose value the loader's message quotes (a path, a source), else {@code data}. */
    static String dataField(Experiment e, String message) {
        String msg = message == null ? "" : message;
        for (Map.Entry<String, Object> o : e.data().options().entrySet()) {
            String v = String.valueOf(o.getValue());
            if (v.length() >= 3 && msg.contains(v)) {
                return "data.options." + o.getKey();
            }
        }
        return "data";
    }

    /** {@code model.inputs[i]} or {@code model.outputs[i]} (the output layer when outputs are implicit), else {@code model}. */
    static String modelField(Experiment e, String message) {
        Matcher mt = NAMED.matcher(message == null ? "" : message);
        if (!mt.find()) {
            return "model";
        }
        ModelSpec spec = e.model();
        String name = mt.group(2);
        if (mt.group(1).equals("input")) {
            for (int i = 0; i < spec.inputs().size(); i++) {
                if (spec.inputs().get(i).name().equals(name)) {
                    return "model.inputs[" + i + "].shape";
                }
            }
            return spec.inputs().size() == 1 ? "model.inputs[0].shape" : "model.inputs";
        }
        int out = spec.outputs().indexOf(name);
        if (out >= 0) {
            return "model.outputs[" + out + "]";
        }
        List<String> layers = spec.layers().stream().map(l -> l.name()).toList();
        int layer = layers.lastIndexOf(name);
        return layer >= 0 ? "model.layers[" + layer + "]" : "model";
    }
}
