package dev.hyperforge.engine;

import java.util.ArrayList;
import java.util.List;

import dev.hyperforge.engine.layers.core.InputLayer;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.Param;


/** Renders the Keras-style summary table of a model. */
final class Summary {
    private static final int[] WIDTHS = {34, 24, 12};

    private Summary() {
    }

    static String of(Model m) {
        StringBuilder sb = new StringBuilder();
        String rule = "_".repeat(100) + "\n";
        sb.append("Model: \"").append(m.name()).append("\"\n").append(rule);
        row(sb, "Layer (type)", "Output Shape", "Param #", "Connected to");
        sb.append("=".repeat(100)).append('\n');
        List<Row> rows = rows(m);
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            row(sb, r.label, r.shape, r.params, r.connected);
            sb.append(i == rows.size() - 1 ? "=".repeat(100) : "_".repeat(100)).append('\n');
        }
        long total = 0;
        long trainable = 0;
        for (Layer l : m.layers()) {
            for (Param p : l.params()) {
                total += p.value().length();
                trainable += p.trainable() ? p.value().length() : 0;
            }
        }
        sb.append(String.format("Total params: %,d%n", total));
        sb.append(String.format("Trainable params: %,d%n", trainable));
        sb.append(String.format("Non-trainable params: %,d%n", total - trainable));
        sb.append(rule);
        return sb.toString();
    }

    private record Row(String label, String shape, String params, String connected) {
    }

    private static List<Row> rows(Model m) {
        List<Row> rows = new ArrayList<>();
        for (Tensor in : m.inputs()) {
            rows.add(new Row(label(Graph.layerOf(in)), in.shape().toString(), "0", "[]"));
        }
        List<Layer> printed = new ArrayList<>();
        for (Node n : m.nodes()) {
            Layer l = Graph.layerOf(n);
            boolean first = !printed.contains(l);
            printed.add(l);
            List<String> from = new ArrayList<>();
            for (Tensor t : n.inputs()) {
                from.add("'" + Graph.layerOf(t).name() + "[" + callIndex(m, t.node()) + "][" + t.index() + "]'");
            }
            rows.add(new Row(label(l), n.output().shape().toString(), first ? Long.toString(l.paramCount()) : "0",
                    "[" + String.join(", ", from) + "]"));
        }
        return rows;
    }

    private static int callIndex(Model m, Node node) {
        if (Graph.layerOf(node) instanceof InputLayer) {
            return 0;
        }
        int k = 0;
        for (Node n : m.nodes()) {
            if (n == node) {
                return k;
            }
            if (Graph.layerOf(n) == Graph.layerOf(node)) {
                k++;
            }
        }
        return 0;
    }

    private static String label(Layer l) {
        return l.name() + " (" + l.type() + ")";
    }

    private static void row(StringBuilder sb, String a, String b, String c, String d) {
        sb.append(' ').append(pad(a, WIDTHS[0])).append(pad(b, WIDTHS[1])).append(pad(c, WIDTHS[2])).append(d).append('\n');
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s + " " : s + " ".repeat(w - s.length());
    }
}
