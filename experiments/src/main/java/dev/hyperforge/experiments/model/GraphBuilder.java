package dev.hyperforge.experiments.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.InputSpec;
import dev.hyperforge.experiments.file.LayerSpec;
import dev.hyperforge.experiments.file.ModelSpec;
import dev.hyperforge.experiments.file.ParamSpec;
import dev.hyperforge.experiments.file.Params;
import dev.hyperforge.experiments.file.Source;

/** Builds the engine graph of an experiment's model section, turning engine errors into located file errors. */
final class GraphBuilder {
    private static final Pattern ARG = Pattern.compile("argument '([A-Za-z0-9_]+)'");

    private GraphBuilder() {
    }

    /**
     * The symbolic graph of one parameter point: every tensor's shape is known, no weight is allocated (so it is
     * safe for sizes that would not fit).
     *
     * @param inputs the model's inputs
     * @param layers the file's layers, in file order
     * @param outputs the model's outputs
     */
    record Symbolic(List<Tensor> inputs, List<Layer> layers, List<Tensor> outputs) {
    }

    static Model build(Experiment e, Map<String, Object> params, long seed) {
        Symbolic g = symbolic(e, params);
        try {
            return new Model(e.name(), g.inputs(), g.outputs(), seed);
        } catch (IllegalArgumentException | IllegalStateException ex) {
            throw e.source().error("model.outputs", ex.getMessage(), ex);
        }
    }

    static Symbolic symbolic(Experiment e, Map<String, Object> params) {
        ModelSpec ms = e.model();
        Source src = e.source();
        List<ParamSpec> space = e.space();
        Map<String, Tensor> tensors = new HashMap<>();
        Map<String, List<Tensor>> all = new HashMap<>();   // every output of each layer, for name:k references
        List<Tensor> inputs = new ArrayList<>();
        for (int i = 0; i < ms.inputs().size(); i++) {
            Tensor t = input(ms.inputs().get(i), params, space, src, "model.inputs[" + i + "]");
            inputs.add(t);
            tensors.put(ms.inputs().get(i).name(), t);
        }
        Tensor previous = inputs.get(0);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < ms.layers().size(); i++) {
            LayerSpec ls = ms.layers().get(i);
            String path = "model.layers[" + i + "]";
            Layer layer = create(ls, params, space, src, path);
            List<Tensor> in = new ArrayList<>();
            if (ls.inputs().isEmpty()) {
                in.add(previous);
            } else {
                for (int j = 0; j < ls.inputs().size(); j++) {
                    in.add(output(ls.inputs().get(j), tensors, all, src, path + ".inputs[" + j + "]"));
                }
            }
            List<Tensor> outs;
            try {
                outs = layer.callAll(in.toArray(new Tensor[0]));
            } catch (IllegalArgumentException | IllegalStateException | ArithmeticException ex) {
                throw src.error(ls.inputs().isEmpty() ? path : path + ".inputs", "layer '" + ls.name() + "': " + ex.getMessage(), ex);
            }
            previous = outs.get(0);
            layers.add(layer);
            tensors.put(ls.name(), previous);
            all.put(ls.name(), outs);
        }
        List<Tensor> outputs = new ArrayList<>();
        ms.outputs().forEach(o -> outputs.add(tensors.get(o)));
        return new Symbolic(inputs, layers, outputs);
    }

    /** The tensor an input reference names: {@code name} (output 0) or {@code name:k} (output k of layer name). */
    private static Tensor output(String ref, Map<String, Tensor> tensors, Map<String, List<Tensor>> all, Source src, String path) {
        String name = LayerSpec.source(ref);
        int k = LayerSpec.outputIndex(ref);
        List<Tensor> outs = all.get(name);
        if (k == 0 || outs == null) {
            return tensors.get(name);
        }
        if (k >= outs.size()) {
            throw src.error(path, "layer '" + name + "' has " + outs.size() + (outs.size() == 1 ? " output" : " outputs")
                    + " (0 to " + (outs.size() - 1) + "), so '" + ref + "' names none"
                    + (outs.size() == 1 ? "; a recurrent layer returns its states with return_state: true" : ""));
        }
        return outs.get(k);
    }

    private static Tensor input(InputSpec in, Map<String, Object> params, List<ParamSpec> space, Source src, String path) {
        int[] dims = new int[in.shape().size()];
        for (int j = 0; j < dims.length; j++) {
            Object d = Params.resolve(in.shape().get(j), params, space);
            if (d == null) {
                dims[j] = Shape.UNKNOWN;
                continue;
            }
            try {
                dims[j] = Params.convert(d, Integer.class, "dimension");
            } catch (IllegalArgumentException ex) {
                throw src.error(path + ".shape[" + j + "]", "expected an int dimension, the parameter " + in.shape().get(j) + " gave " + d, ex);
            }
            if (dims[j] <= 0) {
                throw src.error(path + ".shape[" + j + "]", "dimensions must be positive, got " + dims[j]);
            }
        }
        long values = ModelSize.values(dims);
        if (values > Integer.MAX_VALUE) {
            throw src.error(path + ".shape", "input '" + in.name() + "' of shape " + Shape.format(dims) + " holds " + values
                    + " values per sample; at most " + Integer.MAX_VALUE + " fit in one array");
        }
        try {
            return Input.create(in.name(), in.dtype(), dims);
        } catch (IllegalArgumentException ex) {
            throw src.error(path, ex.getMessage(), ex);
        }
    }

    @SuppressWarnings("unchecked")
    private static Layer create(LayerSpec ls, Map<String, Object> params, List<ParamSpec> space, Source src, String path) {
        if (!LayerRegistry.exists(ls.type())) {
            throw src.error(path + ".type", LayerRegistry.unknownMessage(ls.type()));
        }
        Map<String, Object> args;
        try {
            args = (Map<String, Object>) Params.resolve(ls.args(), params, space);
        } catch (IllegalArgumentException ex) {
            throw src.error(path + ".args", ex.getMessage(), ex);
        }
        try {
            return LayerRegistry.create(ls.type(), args).named(ls.name());
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException ex) {
            String field = argField(ex.getMessage(), ls.args().keySet());
            String where = field == null ? path + ".args" : path + ".args." + field;
            Object raw = field == null ? null : ls.args().get(field);
            String via = raw != null && Params.references(raw).size() > 0 ? " (from " + raw + " = " + args.get(field) + ")" : "";
            throw src.error(where, "layer '" + ls.name() + "': " + ex.getMessage() + via, ex);
        }
    }

    /** The argument an engine message is about: {@code argument 'units'}, else the first argument named in it. */
    static String argField(String message, Iterable<String> keys) {
        if (message == null) {
            return null;
        }
        Matcher m = ARG.matcher(message);
        if (m.find()) {
            return m.group(1);
        }
        for (String k : keys) {
            if (Pattern.compile("\\b" + Pattern.quote(k) + "\\b").matcher(message).find()) {
                return k;
            }
        }
        return null;
    }
}
