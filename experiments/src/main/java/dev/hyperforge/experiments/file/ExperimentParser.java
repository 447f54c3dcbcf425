package dev.hyperforge.experiments.file;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.hyperforge.engine.DType;
import dev.hyperforge.experiments.file.YamlTree.ListNode;
import dev.hyperforge.experiments.file.YamlTree.MapNode;
import dev.hyperforge.experiments.file.YamlTree.Node;
import dev.hyperforge.experiments.file.YamlTree.Scalar;

/** Reads the YAML tree section by section into the spec records, locating every error. */
final class ExperimentParser {
    private static final Set<String> TOP = Set.of("name", "description", "seed", "data", "model", "compile", "fit", "search", "command",
            "artifacts");
    private final Fields f;
    private final String file;
    private final SearchSectionParser searchSection;

    ExperimentParser(String file) {
        this.file = file;
        this.f = new Fields(file);
        this.searchSection = new SearchSectionParser(f);
    }

    Experiment parse(String text) {
        Map<String, Integer> lines = new HashMap<>();
        MapNode root = f.map(YamlTree.parse(text, file, lines));
        f.allowKeys(root, TOP, "the experiment (top level)");
        String name = f.name(f.required(root, "name", "name: fashion-cnn"));
        String description = root.get("description") == null ? "" : f.string(root.get("description"));
        long seed = root.get("seed") == null ? 0L : f.longValue(root.get("seed"));
        keepCheckpoints(root);
        if (root.get("command") != null) {
            return commandExperiment(root, name, description, seed, new Source(file, lines), text);
        }
        if (searchOnly(root)) {
            return new Experiment(name, description, seed, null, null, null, null, searchSection.search(f.map(root.get("search"))),
                    new Source(file, lines), text);
        }
        DataSpec data = data(f.map(f.required(root, "data", "data: {loader: boston}")));
        ModelSpec model = model(f.map(f.required(root, "model", "model: {inputs: [...], layers: [...]}")));
        CompileSpec compile = compile(f.map(f.required(root, "compile", "compile: {optimizer: rmsprop, loss: mse}")));
        FitSpec fit = root.get("fit") == null ? FitSpec.defaults() : fit(f.map(root.get("fit")));
        SearchSpec search = root.get("search") == null ? null : searchSection.search(f.map(root.get("search")));
        return new Experiment(name, description, seed, data, model, compile, fit, search, new Source(file, lines), text);
    }

    /** The {@code artifacts: {keep_checkpoints: 3}} policy of a file ("all", "none" or a count), or null. */
    String keepCheckpoints(String text) {
        return keepCheckpoints(f.map(YamlTree.parse(text, file, new HashMap<>())));
    }

    private String keepCheckpoints(MapNode root) {
        if (root.get("artifacts") == null) {
            return null;
        }
        MapNode m = f.map(root.get("artifacts"));
        f.allowKeys(m, Set.of("keep_checkpoints"), "artifacts");
        Node n = m.get("keep_checkpoints");
        if (n == null) {
            return null;
        }
        Object v = n instanceof YamlTree.Scalar sc ? sc.value() : null;
        boolean ok = v instanceof Number num && num.doubleValue() >= 0 && num.doubleValue() == Math.rint(num.doubleValue())
                && num.doubleValue() < Integer.MAX_VALUE || "all".equals(v) || "none".equals(v);
        if (!ok) {
            throw f.error(n, "keep_checkpoints must be a count >= 0, 'all' or 'none', received " + v
                    + "; e.g. artifacts: {keep_checkpoints: 3}");
        }
        return v instanceof Number num ? Integer.toString(num.intValue()) : (String) v;
    }

    /** A file with a search section and no data, model, compile or fit: trials come from outside (hf ask/tell). */
    private static boolean searchOnly(MapNode root) {
        return root.get("search") != null && root.get("data") == null && root.get("model") == null
                && root.get("compile") == null && root.get("fit") == null;
    }

    // ---------------------------------------------------------------- command

    /** An experiment whose trials run a program: {@code command} instead of model, compile and fit; data optional. */
    private Experiment commandExperiment(MapNode root, String name, String description, long seed, Source source, String text) {
        for (String k : List.of("model", "compile", "fit")) {
            if (root.get(k) != null) {
                throw f.error(root.get(k), "'" + k + "' and 'command' exclude each other: a command experiment runs a program "
                        + "instead of a model; remove '" + k + "' or 'command'");
            }
        }
        DataSpec data = root.get("data") == null ? null : data(f.map(root.get("data")));
        SearchSpec search = root.get("search") == null ? null : searchSection.search(f.map(root.get("search")));
        Set<String> names = new HashSet<>();
        if (search != null) {
            search.space().forEach(p -> names.add(p.name()));
        }
        CommandSpec command = new CommandSection(f).parse(f.map(root.get("command")), names);
        return new Experiment(name, description, seed, data, null, null, null, search, source, text, command);
    }

    // ---------------------------------------------------------------- data

    private DataSpec data(MapNode m) {
        f.allowKeys(m, Set.of("loader", "options", "split"), "data");
        String loader = f.string(f.required(m, "loader", "loader: fashion-mnist"));
        Map<String, Object> options = new LinkedHashMap<>();
        if (m.get("options") != null) {
            MapNode o = f.map(m.get("options"));
            o.entries().forEach((k, v) -> options.put(k, f.plain(v)));
        }
        SplitSpec split = m.get("split") == null ? SplitSpec.none() : split(m.get("split"));
        return new DataSpec(loader, options, split);
    }

    private SplitSpec split(Node n) {
        MapNode m = f.map(n);
        f.allowKeys(m, Set.of("validation", "test", "folds"), "data.split");
        if (m.entries().size() != 1) {
            throw f.error(n, "give exactly one of validation (a fraction), test (true) or folds (k ≥ 2), got " + m.entries().keySet());
        }
        if (m.get("validation") != null) {
            double v = f.number(m.get("validation"));
            if (!(v > 0 && v < 1)) {
                throw f.error(m.get("validation"), "validation must be a fraction strictly between 0 and 1, got " + v);
            }
            return SplitSpec.holdout(v);
        }
        if (m.get("test") != null) {
            if (!f.bool(m.get("test"))) {
                throw f.error(m.get("test"), "test: false is not a split; leave split out instead");
            }
            return SplitSpec.testSet();
        }
        int k = f.integer(m.get("folds"));
        if (k < 2) {
            throw f.error(m.get("folds"), "folds must be at least 2, got " + k);
        }
        return SplitSpec.kfold(k);
    }

    // ---------------------------------------------------------------- model

    private ModelSpec model(MapNode m) {
        f.allowKeys(m, Set.of("sequential", "inputs", "layers", "outputs"), "model");
        boolean sequential = m.get("sequential") != null && f.bool(m.get("sequential"));
        ListNode insNode = f.list(f.required(m, "inputs", "inputs: [{name: x, shape: [13]}]"));
        if (insNode.items().isEmpty()) {
            throw f.error(insNode, "a model needs at least one input");
        }
        if (sequential && insNode.items().size() != 1) {
            throw f.error(insNode, "a sequential model has exactly one input, got " + insNode.items().size());
        }
        Map<String, Node> names = new HashMap<>();
        List<InputSpec> inputs = new ArrayList<>();
        for (Node in : insNode.items()) {
            inputs.add(input(f.map(in), sequential, names));
        }
        ListNode lsNode = f.list(f.required(m, "layers", "layers: [{type: Dense, args: {units: 1}}]"));
        if (lsNode.items().isEmpty()) {
            throw f.error(lsNode, "a model needs at least one layer");
        }
        Set<String> allNames = new HashSet<>();
        for (Node l : lsNode.items()) {
            if (l instanceof MapNode lm && lm.get("name") instanceof Scalar s && s.value() instanceof String str) {
                allNames.add(str);
            }
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (Node l : lsNode.items()) {
            layers.add(layer(f.map(l), layers, inputs, sequential, names, allNames));
        }
        List<String> outputs = outputs(m, layers, sequential);
        try {
            return new ModelSpec(sequential, inputs, layers, outputs);
        } catch (IllegalArgumentException e) {
            throw f.error(m, e.getMessage());
        }
    }

    private InputSpec input(MapNode m, boolean sequential, Map<String, Node> names) {
        f.allowKeys(m, Set.of("name", "shape", "dtype"), "a model input");
        String name = m.get("name") == null && sequential ? "input" : f.name(f.required(m, "name", "name: text"));
        claim(name, m.get("name") == null ? m : m.get("name"), names);
        ListNode shape = f.list(f.required(m, "shape", "shape: [28, 28, 1] (null for an unknown length)"));
        if (shape.items().isEmpty()) {
            throw f.error(shape, "an input shape needs at least one dimension (the batch is implicit), e.g. [13]");
        }
        List<Object> dims = new ArrayList<>();
        for (Node d : shape.items()) {
            Object t = f.template(d);
            if (!(t == null || t instanceof ParamRef || t instanceof Integer i && i > 0)) {
                throw f.error(d, "expected a positive int, null (unknown length) or a ${param} reference, got " + d.describe());
            }
            dims.add(t);
        }
        DType dtype = DType.FLOAT32;
        if (m.get("dtype") != null) {
            try {
                dtype = DType.parse(f.string(m.get("dtype")));
            } catch (IllegalArgumentException e) {
                throw f.error(m.get("dtype"), e.getMessage());
            }
        }
        return new InputSpec(name, dims, dtype);
    }

    private void claim(String name, Node where, Map<String, Node> names) {
        Node prev = names.putIfAbsent(name, where);
        if (prev != null) {
            throw f.error(where, "duplicate name '" + name + "' (already used on line " + prev.line()
                    + "); inputs and layers need unique names");
        }
    }

    private LayerSpec layer(MapNode m, List<LayerSpec> earlier, List<InputSpec> inputs, boolean sequential, Map<String, Node> names,
            Set<String> allNames) {
        f.allowKeys(m, Set.of("name", "type", "args", "inputs"), "a layer");
        String type = f.string(f.required(m, "type", "type: Dense"));
        if (!type.matches("[A-Z][A-Za-z0-9]*")) {
            throw f.error(m.get("type"), "a layer type is a Keras class name such as Dense or Conv2D, got '" + type + "'");
        }
        String name = m.get("name") == null ? defaultName(type, earlier.size()) : f.name(m.get("name"));
        claim(name, m.get("name") == null ? m : m.get("name"), names);
        Map<String, Object> args = new LinkedHashMap<>();
        if (m.get("args") != null) {
            f.map(m.get("args")).entries().forEach((k, v) -> args.put(k, f.template(v)));
        }
        List<String> ins = List.of();
        if (m.get("inputs") != null) {
            if (sequential) {
                throw f.error(m.get("inputs"), "a sequential model's layers take no 'inputs' (each uses the previous layer)");
            }
            ins = f.inputRefs(m.get("inputs"));
            if (ins.isEmpty()) {
                throw f.error(m.get("inputs"), "inputs, when given, must name at least one input or earlier layer");
            }
            Set<String> known = new HashSet<>();
            inputs.forEach(i -> known.add(i.name()));
            earlier.forEach(l -> known.add(l.name()));
            for (int i = 0; i < ins.size(); i++) {
                Node at = m.get("inputs") instanceof ListNode l ? l.items().get(i) : m.get("inputs");
                String in = outputRef(ins.get(i), at, inputs);
                if (!known.contains(in)) {
                    if (allNames.contains(in)) {
                        throw f.error(at, "'" + in + "' is a later layer; a layer may only use inputs and layers listed before it");
                    }
                    String hint = Fields.closest(in, known);
                    throw f.error(at, "'" + in + "' is neither an input nor an earlier layer" + (hint == null ? "" : "; did you mean '" + hint + "'?"));
                }
            }
        } else if (earlier.isEmpty() && inputs.size() > 1) {
            throw f.error(m, "the first layer of a model with several inputs must name its inputs, e.g. inputs: [" + inputs.get(0).name() + "]");
        }
        return new LayerSpec(name, type, args, ins);
    }

    /** The name an input reference uses ({@code encoder} for {@code encoder:1}); a model input has one output. */
    private String outputRef(String ref, Node at, List<InputSpec> inputs) {
        String source = LayerSpec.source(ref);
        try {
            if (LayerSpec.outputIndex(ref) > 0 && inputs.stream().anyMatch(i -> i.name().equals(source))) {
                throw new IllegalArgumentException("'" + ref + "': '" + source + "' is a model input, which has one output; use '" + source + "'");
            }
        } catch (IllegalArgumentException e) {
            throw f.error(at, e.getMessage());
        }
        return source;
    }

    private static String defaultName(String type, int index) {
        String snake = type.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return snake + "_" + (index + 1);
    }

    private List<String> outputs(MapNode m, List<LayerSpec> layers, boolean sequential) {
        if (m.get("outputs") == null) {
            return List.of(layers.get(layers.size() - 1).name());
        }
        Node on = m.get("outputs");
        List<String> outs = f.strings(on);
        if (outs.isEmpty()) {
            throw f.error(on, "outputs, when given, must name at least one layer");
        }
        Set<String> layerNames = new HashSet<>();
        layers.forEach(l -> layerNames.add(l.name()));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < outs.size(); i++) {
            Node at = on instanceof ListNode l ? l.items().get(i) : on;
            String o = outs.get(i);
            if (!layerNames.contains(o)) {
                String hint = Fields.closest(o, layerNames);
                throw f.error(at, "output '" + o + "' is not a layer of the model" + (hint == null ? "" : "; did you mean '" + hint + "'?"));
            }
            if (!seen.add(o)) {
                throw f.error(at, "output '" + o + "' is listed twice");
            }
        }
        if (sequential && (outs.size() != 1 || !outs.get(0).equals(layers.get(layers.size() - 1).name()))) {
            throw f.error(on, "a sequential model's only output is its last layer '" + layers.get(layers.size() - 1).name() + "'");
        }
        return outs;
    }

    // ---------------------------------------------------------------- compile and fit

    /** Keys of {@code compile.optimizer}: the type and every Keras argument of the engine's optimizers. */
    private static final Set<String> OPTIMIZER_KEYS = Set.of("type", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm",
            "clipvalue", "momentum", "rho", "epsilon", "beta_1", "beta_2", "initial_accumulator_value");

    private CompileSpec compile(MapNode m) {
        f.allowKeys(m, Set.of("optimizer", "loss", "loss_weights", "metrics"), "compile");
        Setting<String> opt;
        Setting<Double> lr = Setting.of(1e-3);
        Node on = f.required(m, "optimizer", "optimizer: {type: rmsprop, learning_rate: 0.001}");
        Map<String, Object> optArgs = new LinkedHashMap<>();
        if (on instanceof MapNode om) {
            f.allowKeys(om, OPTIMIZER_KEYS, "compile.optimizer");
            opt = f.setting(f.required(om, "type", "type: adam"), String.class);
            om.entries().forEach((k, v) -> {
                if (!k.equals("type") && !(k.equals("learning_rate") && !(v instanceof MapNode))) {
                    optArgs.put(k, f.template(v));
                }
            });
            if (om.get("learning_rate") != null && !(om.get("learning_rate") instanceof MapNode)) {
                lr = f.setting(om.get("learning_rate"), Double.class);
                if (!lr.isRef() && !(lr.value() > 0)) {
                    throw f.error(om.get("learning_rate"), "learning_rate must be positive, got " + lr.value());
                }
            }
        } else {
            opt = f.setting(on, String.class);
        }
        Node loss = f.required(m, "loss", "loss: categorical_crossentropy");
        Object lw = m.get("loss_weights") == null ? null : f.template(m.get("loss_weights"));
        Object metrics = m.get("metrics") == null ? null : f.template(m.get("metrics"));
        return new CompileSpec(opt, lr, f.template(loss), lw, metrics, optArgs);
    }

    private FitSpec fit(MapNode m) {
        f.allowKeys(m, Set.of("epochs", "batch_size", "validation_split", "shuffle", "callbacks", "class_weight"), "fit");
        Setting<Integer> epochs = m.get("epochs") == null ? null : positive(m.get("epochs"));
        Setting<Integer> batch = m.get("batch_size") == null ? null : positive(m.get("batch_size"));
        Setting<Double> vs = null;
        if (m.get("validation_split") != null) {
            vs = f.setting(m.get("validation_split"), Double.class);
            if (!vs.isRef() && !(vs.value() >= 0 && vs.value() < 1)) {
                throw f.error(m.get("validation_split"), "validation_split must be in [0, 1), got " + vs.value());
            }
        }
        Setting<Boolean> shuffle = m.get("shuffle") == null ? null : f.setting(m.get("shuffle"), Boolean.class);
        List<CallbackSpec> cbs = new ArrayList<>();
        if (m.get("callbacks") != null) {
            for (Node c : f.list(m.get("callbacks")).items()) {
                cbs.add(callback(f.map(c)));
            }
        }
        Map<String, Object> cw = null;
        if (m.get("class_weight") != null) {
            cw = new LinkedHashMap<>();
            for (Map.Entry<String, Node> e : f.map(m.get("class_weight")).entries().entrySet()) {
                if (!e.getKey().matches("-?\\d+")) {
                    throw f.error(m.get("class_weight"), "class_weight maps class ids (whole numbers) to weights, got key '" + e.getKey() + "'");
                }
                cw.put(e.getKey(), f.template(e.getValue()));
            }
        }
        return new FitSpec(epochs, batch, vs, shuffle, cbs, cw);
    }

    private Setting<Integer> positive(Node n) {
        Setting<Integer> s = f.setting(n, Integer.class);
        if (!s.isRef() && s.value() < 1) {
            throw f.error(n, "must be at least 1, got " + s.value());
        }
        return s;
    }

    private CallbackSpec callback(MapNode m) {
        f.allowKeys(m, Set.of("type", "args"), "a callback");
        String type = f.string(f.required(m, "type", "type: EarlyStopping"));
        if (!type.matches("[A-Z][A-Za-z0-9]*")) {
            throw f.error(m.get("type"), "a callback type is a class name such as EarlyStopping, got '" + type + "'");
        }
        Map<String, Object> args = new LinkedHashMap<>();
        if (m.get("args") != null) {
            f.map(m.get("args")).entries().forEach((k, v) -> args.put(k, f.template(v)));
        }
        return new CallbackSpec(type, args);
    }
}
