package dev.hyperforge.experiments.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hyperforge.engine.FitOptions;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.callbacks.Callback;
import dev.hyperforge.engine.optimizers.Optimizer;
import dev.hyperforge.experiments.file.CallbackSpec;
import dev.hyperforge.experiments.file.CompileSpec;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFileException;
import dev.hyperforge.experiments.file.FitSpec;
import dev.hyperforge.experiments.file.ParamSpec;
import dev.hyperforge.experiments.file.Params;
import dev.hyperforge.experiments.file.Source;

/**
 * Turns an {@link Experiment} and one trial's parameters into a compiled engine {@link Model} and its
 * {@link FitOptions}. Parameters not given take their defaults; errors are
 * {@link ExperimentFileException}s naming the field of the experiment file.
 *
 * <pre>{@code
 * Experiment e = ExperimentFile.load(Path.of("experiments/fashion-cnn.yaml"));
 * Map<String, Object> params = Map.of("filters", 48, "lr", 0.002);
 * Model model = ModelFactory.build(e, params, 17L);
 * FitOptions fit = ModelFactory.fitOptions(e, params, 17L, Path.of("runs/42"), List.of(tracking));
 * History h = model.fit(data.x(), data.y(), fit);
 * }</pre>
 */
public final class ModelFactory {
    private ModelFactory() {
    }

    /** The complete parameter map: given values converted, defaults for the rest; unknown names rejected. */
    public static Map<String, Object> params(Experiment e, Map<String, ?> given) {
        try {
            return Params.complete(e.space(), given);
        } catch (IllegalArgumentException ex) {
            throw e.source().error("search.space", ex.getMessage(), ex);
        }
    }

    /** The uncompiled model graph with weights from {@code seed}. */
    public static Model graph(Experiment e, Map<String, ?> params, long seed) {
        return GraphBuilder.build(e, params(e, params), seed);
    }

    /** The compiled model with weights from {@code seed}. */
    public static Model build(Experiment e, Map<String, ?> params, long seed) {
        Map<String, Object> p = params(e, params);
        Model m = GraphBuilder.build(e, p, seed);
        compile(m, e, p);
        return m;
    }

    /** Compiles a model built from {@code e} with the resolved compile section. */
    public static void compile(Model model, Experiment e, Map<String, ?> params) {
        Map<String, Object> p = params(e, params);
        CompileSpec c = e.compile();
        List<ParamSpec> space = e.space();
        Source src = e.source();
        Optimizer opt = optimizer(e, p);
        Object loss = resolve(c.loss(), p, space, src, "compile.loss");
        Object weights = resolve(c.lossWeights(), p, space, src, "compile.loss_weights");
        Object metrics = resolve(c.metrics(), p, space, src, "compile.metrics");
        try {
            model.compile(opt, loss, weights, metrics);
        } catch (IllegalArgumentException ex) {
            String msg = ex.getMessage() == null ? "" : ex.getMessage();
            String field = msg.contains("loss weight") ? "compile.loss_weights" : msg.contains("metric") ? "compile.metrics" : "compile.loss";
            throw src.error(field, msg, ex);
        }
    }

    /**
     * The compile section's optimizer: its type, learning rate (a number, or a schedule {@code {type: CosineDecay, …}})
     * and other Keras arguments, through {@link Optimizer#fromConfig}; errors name the field.
     */
    @SuppressWarnings("unchecked")
    static Optimizer optimizer(Experiment e, Map<String, Object> p) {
        CompileSpec c = e.compile();
        Map<String, Object> args = new LinkedHashMap<>((Map<String, Object>) resolve(c.optimizerArgs(), p, e.space(), e.source(), "compile.optimizer"));
        Object schedule = args.get("learning_rate");
        try {
            if (schedule == null) {
                args.put("learning_rate", c.learningRate().resolve(p, e.space()));
            }
            return Optimizer.fromConfig(Map.of("class_name", c.optimizer().resolve(p, e.space()), "config", args));
        } catch (IllegalArgumentException | IllegalStateException ex) {
            String msg = ex.getMessage() == null ? "" : ex.getMessage();
            throw e.source().error(optimizerField(msg, args.keySet(), schedule != null), msg, ex);
        }
    }

    /** The field of {@code compile.optimizer} an engine message is about. */
    private static String optimizerField(String msg, java.util.Set<String> keys, boolean scheduled) {
        if (msg.startsWith("unknown optimizer")) {
            return "compile.optimizer.type";
        }
        if (scheduled && msg.matches("^(ExponentialDecay|CosineDecay|PiecewiseConstantDecay|a learning rate schedule|unknown learning rate).*")) {
            return "compile.optimizer.learning_rate";
        }
        if (msg.contains("learning rate")) {
            return "compile.optimizer.learning_rate";
        }
        String arg = GraphBuilder.argField(msg, keys);
        return arg == null ? "compile.optimizer" : "compile.optimizer." + arg;
    }

    private static Object resolve(Object template, Map<String, Object> p, List<ParamSpec> space, Source src, String field) {
        try {
            return Params.resolve(template, p, space);
        } catch (IllegalArgumentException ex) {
            throw src.error(field, ex.getMessage(), ex);
        }
    }

    /**
     * The callbacks of the fit section, created by {@link CallbackFactory}; every argument naming a file to write
     * (ModelCheckpoint's {@code filepath}, see {@link OutputPaths}) is resolved inside {@code workDir} and refused
     * when it would leave it.
     */
    @SuppressWarnings("unchecked")
    public static List<Callback> callbacks(Experiment e, Map<String, ?> params, Path workDir) {
        Map<String, Object> p = params(e, params);
        List<Callback> out = new ArrayList<>();
        List<CallbackSpec> specs = e.fit().callbacks();
        for (int i = 0; i < specs.size(); i++) {
            CallbackSpec cs = specs.get(i);
            String path = "fit.callbacks[" + i + "]";
            Map<String, Object> args = new LinkedHashMap<>((Map<String, Object>) resolve(cs.args(), p, e.space(), e.source(), path + ".args"));
            confineOutputs(e, args, workDir, path);
            if (!CallbackFactory.exists(cs.type())) {
                throw e.source().error(path + ".type", "unknown callback type '" + cs.type() + "'");
            }
            try {
                out.add(CallbackFactory.create(cs.type(), args));
            } catch (IllegalArgumentException | IllegalStateException ex) {
                String field = GraphBuilder.argField(ex.getMessage(), cs.args().keySet());
                throw e.source().error(field == null ? path : path + ".args." + field, cs.type() + ": " + ex.getMessage(), ex);
            }
        }
        return out;
    }

    /**
     * Resolves every argument that names a file or folder to write ({@link OutputPaths}) inside {@code workDir},
     * refusing one that would leave it (absolute, {@code ..}), so experiment text from a shared database cannot write
     * elsewhere on a worker; the run directory is then created, so that any callback (a plug-in's too) can write
     * the relative path it was given.
     */
    private static void confineOutputs(Experiment e, Map<String, Object> args, Path workDir, String path) {
        for (Map.Entry<String, Object> a : args.entrySet()) {
            if (a.getValue() instanceof String s && OutputPaths.isOutputArgument(a.getKey())) {
                try {
                    a.setValue(OutputPaths.confine(workDir == null ? Path.of("") : workDir, s).toString());
                } catch (IllegalArgumentException ex) {
                    throw e.source().error(path + ".args." + a.getKey(), ex.getMessage(), ex);
                }
                createRunDirectory(workDir);
            }
        }
    }

    private static void createRunDirectory(Path workDir) {
        if (workDir == null) {
            return;
        }
        try {
            java.nio.file.Files.createDirectories(workDir);
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException("cannot create the run directory " + workDir + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * The fit options: epochs, batch size, validation split and shuffle from the fit section, the file's
     * callbacks followed by {@code extra} (tracking, pruning), and {@code seed} for shuffling and dropout.
     */
    @SuppressWarnings("unchecked")
    public static FitOptions fitOptions(Experiment e, Map<String, ?> params, long seed, Path workDir, List<? extends Callback> extra) {
        Map<String, Object> p = params(e, params);
        FitSpec f = e.fit();
        List<ParamSpec> space = e.space();
        FitOptions.Builder b = FitOptions.builder().seed(seed);
        setting(e, "fit.epochs", () -> b.epochs(f.epochs().resolve(p, space)));
        setting(e, "fit.batch_size", () -> b.batchSize(f.batchSize().resolve(p, space)));
        setting(e, "fit.validation_split", () -> b.validationSplit(f.validationSplit().resolve(p, space)));
        setting(e, "fit.shuffle", () -> b.shuffle(f.shuffle().resolve(p, space)));
        if (f.classWeight() != null) {
            Map<Integer, Double> cw = new java.util.TreeMap<>();
            Map<String, Object> resolved = (Map<String, Object>) resolve(f.classWeight(), p, space, e.source(), "fit.class_weight");
            for (Map.Entry<String, Object> w : resolved.entrySet()) {
                if (!(w.getValue() instanceof Number n)) {
                    throw e.source().error("fit.class_weight", "the weight of class " + w.getKey() + " must be a number, received '" + w.getValue() + "'");
                }
                cw.put(Integer.valueOf(w.getKey()), n.doubleValue());
            }
            setting(e, "fit.class_weight", () -> b.classWeight(cw));
        }
        b.callbacks(callbacks(e, p, workDir));
        if (extra != null) {
            b.callbacks(extra);
        }
        return b.build();
    }

    private static void setting(Experiment e, String field, Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException ex) {
            throw e.source().error(field, ex.getMessage(), ex);
        }
    }

    /**
     * Validates everything that needs the engine, with default parameters: the graph builds, the model
     * compiles, the callbacks can be created and the fit settings are legal; then, without allocating, every
     * bound of the search space and its largest point (see {@link PointCheck}).
     *
     * @throws ExperimentFileException at the offending field
     */
    public static void check(Experiment e) {
        Map<String, Object> p = e.defaultParams();
        PointCheck.check(e, p); // sizes first: a default that cannot fit must not be allocated
        Model m = GraphBuilder.build(e, p, 0L);
        compile(m, e, p);
        fitOptions(e, p, 0L, Path.of("checkpoints"), List.of());
        checkRateSetters(e, m);
        PointCheck.checkSpace(e);
    }

    /** Callbacks that set the learning rate need a fixed one: refused at their field when the optimizer has a schedule. */
    private static void checkRateSetters(Experiment e, Model m) {
        if (m.optimizer().schedule() == null) {
            return;
        }
        List<CallbackSpec> specs = e.fit().callbacks();
        for (int i = 0; i < specs.size(); i++) {
            String t = specs.get(i).type();
            if (t.equals("ReduceLROnPlateau") || t.equals("LearningRateScheduler")) {
                throw e.source().error("fit.callbacks[" + i + "].type", t + " sets the learning rate, but compile.optimizer.learning_rate is a "
                        + m.optimizer().schedule().className() + " schedule, whose rate cannot be set (as in Keras); use one or the other");
            }
        }
    }
}
