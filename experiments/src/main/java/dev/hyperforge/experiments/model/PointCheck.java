package dev.hyperforge.experiments.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hyperforge.engine.FitOptions;
import dev.hyperforge.experiments.data.MemoryBudget;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFileException;
import dev.hyperforge.experiments.file.ParamSpec;

/**
 * Checks parameter points before anything is trained or written, without allocating a weight: the graph's
 * shapes, the optimizer, the fit settings, the callbacks and an estimate of the memory training needs (see
 * {@link ModelSize}) against the memory of the process. {@link #checkSpace} checks every point a search space
 * can produce at its edges: each parameter's low and high (or each choice) with the others at their defaults,
 * and the largest point (every parameter at its largest value). A failure is an {@link ExperimentFileException}
 * at the parameter ({@code search.space.units: high 1000000000 does not fit model.layers[0].args: ...}).
 *
 * <pre>{@code
 * PointCheck.check(e, Map.of("lr", -5.0));   // compile.optimizer.learning_rate: ... must be positive
 * PointCheck.checkSpace(e);
 * }</pre>
 */
public final class PointCheck {
    private PointCheck() {
    }

    /** One point of a space to check: the field it comes from, how it is described, and its values. */
    public record Point(String field, String what, Map<String, Object> params) {
    }

    /**
     * Checks one point (missing parameters take their defaults).
     *
     * @throws ExperimentFileException at the field that does not accept the point's value
     */
    public static void check(Experiment e, Map<String, ?> given) {
        Map<String, Object> p = ModelFactory.params(e, given);
        GraphBuilder.Symbolic g = GraphBuilder.symbolic(e, p);
        FitOptions fit = ModelFactory.fitOptions(e, p, 0L, Path.of("checkpoints"), List.of());
        ModelFactory.optimizer(e, p);
        checkMemory(e, ModelSize.of(g), fit.batchSize(), p);
    }

    /** Checks every point of {@link #edges}; the first that fails is reported at its parameter. */
    public static void checkSpace(Experiment e) {
        forEdges(e, p -> check(e, p));
    }

    /**
     * Runs {@code check} on every point of {@link #edges}; an {@link ExperimentFileException} it raises is reported
     * at the point's parameter, with the field that refused the value.
     */
    public static void forEdges(Experiment e, java.util.function.Consumer<Map<String, Object>> check) {
        for (Point pt : edges(e)) {
            try {
                check.accept(pt.params());
            } catch (ExperimentFileException ex) {
                throw e.source().error(pt.field(), pt.what() + " does not fit " + (ex.field().isEmpty() ? "" : ex.field() + ": ")
                        + ex.detail(), ex.getCause());
            }
        }
    }

    /**
     * Checks that every {@code filepath} a callback writes (resolved against {@code runDir} when relative, as
     * training does) can be created: its nearest existing folder is a writable folder.
     *
     * @param runDir a run directory of the study (it need not exist)
     * @throws ExperimentFileException at {@code fit.callbacks[i].args.filepath}
     */
    public static void checkOutputPaths(Experiment e, Path runDir) {
        Map<String, Object> p = e.defaultParams();
        List<dev.hyperforge.experiments.file.CallbackSpec> specs = e.fit().callbacks();
        for (int i = 0; i < specs.size(); i++) {
            Object raw = specs.get(i).args().get("filepath");
            Object fp = raw == null ? null : dev.hyperforge.experiments.file.Params.resolve(raw, p, e.space());
            if (fp instanceof String s && !s.isBlank()) {
                Path target = runDir.resolve(s).toAbsolutePath().normalize();
                Path dir = target.getParent();
                while (dir != null && !Files.exists(dir)) {
                    dir = dir.getParent();
                }
                String why = dir == null ? "no folder of it exists" : !Files.isDirectory(dir) ? dir + " is not a folder" : canWrite(dir);
                if (why != null) {
                    throw e.source().error("fit.callbacks[" + i + "].args.filepath", "cannot write " + target + ": " + why);
                }
            }
        }
    }

    /** Null when a file can be created in {@code dir} (tried: permissions alone do not tell, e.g. for root or in /proc), else why not. */
    private static String canWrite(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, ".hf-write-check", ".tmp"));
            return null;
        } catch (java.io.IOException | SecurityException ex) {
            return dir + " is not writable (" + ex.getClass().getSimpleName() + ")";
        }
    }

    /** The edges of the space: each parameter's bounds (or choices) with the others at their defaults, then the largest point. */
    public static List<Point> edges(Experiment e) {
        List<Point> out = new ArrayList<>();
        Map<String, Object> largest = new LinkedHashMap<>();
        for (ParamSpec s : e.space()) {
            String field = "search.space." + s.name();
            List<Object> values = values(s);
            for (int i = 0; i < values.size(); i++) {
                String what = s.kind() == ParamSpec.Kind.CATEGORICAL ? "choice " + values.get(i) : (i == 0 ? "low " : "high ") + values.get(i);
                out.add(new Point(field, what, Map.of(s.name(), values.get(i))));
            }
            if (!values.isEmpty()) {
                largest.put(s.name(), largestOf(values));
            }
        }
        if (largest.size() > 1) {
            out.add(new Point("search.space", "the largest point " + largest, largest));
        }
        return out;
    }

    /** Low and the largest value on the grid, or every choice; nothing for a simplex. */
    private static List<Object> values(ParamSpec s) {
        return switch (s.kind()) {
            case FLOAT -> List.of(s.low(), s.high());
            case INT -> List.of(Math.round(s.low()), Math.round(s.step() == null ? s.high()
                    : s.low() + Math.floor((s.high() - s.low()) / s.step()) * s.step()));
            case CATEGORICAL -> s.choices();
            case SIMPLEX -> List.of();
        };
    }

    private static Object largestOf(List<Object> values) {
        Object best = values.get(0);
        for (Object v : values) {
            if (v instanceof Number n && (!(best instanceof Number b) || n.doubleValue() > b.doubleValue())) {
                best = v;
            }
        }
        return best;
    }

    /** A weight array must fit one Java array, and training must fit the process. */
    private static void checkMemory(Experiment e, ModelSize size, int batch, Map<String, Object> params) {
        String at = params.isEmpty() ? "" : " with the parameters " + params;
        if (size.largestParam() > Integer.MAX_VALUE) {
            throw e.source().error("model.layers[" + size.largestLayer() + "].args", "the layer would hold a weight array of "
                    + size.largestParam() + " values" + at + "; at most " + Integer.MAX_VALUE + " fit in one array");
        }
        long need = size.trainingBytes(batch);
        if (need > MemoryBudget.available()) {
            long weights = MemoryBudget.multiply(size.params(), 4 * ModelSize.FLOAT);
            int layer = weights >= need / 2 ? size.largestLayer() : size.widestLayer();
            String field = layer >= 0 ? "model.layers[" + layer + "].args" : "fit.batch_size";
            throw e.source().error(field, "training needs about " + MemoryBudget.format(need) + at + " (" + size.params() + " parameters with their "
                    + "gradients and optimizer state, " + size.activations() + " activation values per sample × batch " + batch + "); "
                    + MemoryBudget.describe());
        }
    }
}
