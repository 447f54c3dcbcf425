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
import dev.hyperforge.experiments.model.ModelFactory;

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
