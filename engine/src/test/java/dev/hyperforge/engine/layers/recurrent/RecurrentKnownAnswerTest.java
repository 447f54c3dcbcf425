package dev.hyperforge.engine.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * Outputs and gradients of LSTM, GRU, SimpleRNN and Bidirectional against PyTorch, with and without a mask,
 * forwards and backwards: fixed weights and inputs, values written by {@code engine/src/test/python/recurrent_fixtures.py}.
 */
class RecurrentKnownAnswerTest {
    private static final double TOL = 1e-9;

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cases() throws IOException {
        try (InputStream in = RecurrentKnownAnswerTest.class.getResourceAsStream("recurrent-fixtures.json")) {
            assertNotNull(in, "fixture recurrent-fixtures.json on the test class path");
            Map<String, Object> all = new ObjectMapper().readValue(in, new TypeReference<Map<String, Object>>() { });
            return (List<Map<String, Object>>) all.get("cases");
        }
    }

    @Test
    void everyCaseMatchesTorch() throws IOException {
        List<Map<String, Object>> cases = cases();
        assertEquals(34, cases.size());
        for (Map<String, Object> c : cases) {
            check(c);
        }
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> c) {
        String name = (String) c.get("name");
        INDArray x = array(c.get("x"));
        Layer layer = layerOf(c);
        layer.build(List.of(Shape.of(Shape.UNKNOWN, (int) x.size(1), (int) x.size(2))), new ParamInit(new SplittableRandom(0), DataType.DOUBLE));
        Map<String, Object> weights = (Map<String, Object>) c.get("weights");
        for (Param p : layer.params()) {
            p.value().assign(array(weights.get(p.name())).reshape(p.value().shape()));
            p.clearGrad();
        }
        LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
        if (c.get("mask") != null) {
            ctx.setInputMasks(List.of(array(c.get("mask"))));
        }
        List<INDArray> outs = layer.forwardAll(List.of(x), ctx);
        Map<String, Object> expected = (Map<String, Object>) c.get("outputs");
        Map<String, Object> r = (Map<String, Object>) c.get("loss_weights");
        List<String> names = layer instanceof Bidirectional ? List.of("out") : layer instanceof LSTM ? List.of("out", "h", "c") : List.of("out", "h");
        List<INDArray> grads = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            assertClose(array(expected.get(names.get(k))), outs.get(k), name + " output " + names.get(k));
            grads.add(array(r.get("r_" + names.get(k))));
        }
        INDArray dx = layer.backwardAll(grads, ctx).get(0);
        Map<String, Object> g = (Map<String, Object>) c.get("grads");
        assertClose(array(g.get("x")), dx, name + " input gradient");
        for (Param p : layer.params()) {
            assertClose(array(g.get(p.name())).reshape(p.value().shape()), p.grad(), name + " gradient of " + p.name());
        }
    }

    private static Layer layerOf(Map<String, Object> c) {
        int units = (Integer) c.get("units");
        boolean seq = (Boolean) c.get("return_sequences");
        if ("Bidirectional".equals(c.get("layer"))) {
            return new Bidirectional(recurrent((String) c.get("inner"), units, seq, false, false), (String) c.get("merge_mode"));
        }
        return recurrent((String) c.get("layer"), units, seq, true, (Boolean) c.get("go_backwards"));
    }

    static RecurrentLayer recurrent(String kind, int units, boolean seq, boolean state, boolean back) {
        return switch (kind) {
            case "LSTM" -> new LSTM(units, seq, state, back);
            case "GRU" -> new GRU(units, seq, state, back);
            default -> new SimpleRNN(units, seq, state, back);
        };
    }

    /** A nested JSON list of numbers as a double array. */
    @SuppressWarnings("unchecked")
    static INDArray array(Object nested) {
        List<Long> shape = new ArrayList<>();
        Object o = nested;
        while (o instanceof List<?> l) {
            shape.add((long) l.size());
            o = l.get(0);
        }
        List<Double> flat = new ArrayList<>();
        flatten(nested, flat);
        double[] v = flat.stream().mapToDouble(Double::doubleValue).toArray();
        return Nd4j.create(v, shape.stream().mapToLong(Long::longValue).toArray(), DataType.DOUBLE);
    }

    private static void flatten(Object o, List<Double> out) {
        if (o instanceof List<?> l) {
            l.forEach(e -> flatten(e, out));
        } else {
            out.add(((Number) o).doubleValue());
        }
    }

    static void assertClose(INDArray expected, INDArray actual, String what) {
        assertNotNull(actual, what);
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what + " shape");
        double worst = Transforms.maxAbsDiff(expected, actual);
        assertTrue(worst < TOL, what + ": max difference " + worst + "\nexpected " + expected + "\nactual " + actual);
    }

    /** Small array helpers. */
    static final class Transforms {
        static double maxAbsDiff(INDArray a, INDArray b) {
            return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        }
    }
}
