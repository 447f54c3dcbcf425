package dev.hyperforge.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Known answers for the pooling, shape and merge layers and every activation, computed independently by
 * {@code engine/src/test/python/shape_activation_fixtures.py} (NumPy: forward formulas from Keras 3's
 * definitions, gradients by central differences) and committed as JSON. Each case builds the layer from
 * its Keras class name and config through the registry, as an experiment file does.
 */
class ShapeActivationFixturesTest {
    private static final String RESOURCE = "shape_activation_fixtures.json";

    @SuppressWarnings("unchecked")
    static Stream<Map<String, Object>> cases() throws IOException {
        try (InputStream in = ShapeActivationFixturesTest.class.getResourceAsStream(RESOURCE)) {
            Map<String, Object> all = new ObjectMapper().readValue(in, new TypeReference<Map<String, Object>>() { });
            List<Map<String, Object>> cases = (List<Map<String, Object>>) all.get("cases");
            assertTrue(cases.size() >= 40, "the fixture file lists every layer and activation");
            return cases.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void outputAndInputGradientsMatchTheIndependentValues(Map<String, Object> c) {
        Layer layer = LayerRegistry.create((String) c.get("class_name"), (Map<String, Object>) c.get("config"));
        List<INDArray> inputs = new ArrayList<>();
        for (Object x : (List<Object>) c.get("inputs")) {
            inputs.add(array(x));
        }
        LayerChecks.buildDouble(layer, inputs, 1);
        LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
        INDArray out = layer.forward(inputs, ctx);
        INDArray expected = array(c.get("output"));
        assertArrayEquals(expected.shape(), out.shape(), c.get("name") + ": output shape");
        assertClose(c.get("name") + " output", expected, out, 1e-12);
        List<INDArray> grads = layer.backward(array(c.get("r")), ctx);
        List<Object> want = (List<Object>) c.get("grads");
        assertEquals(want.size(), grads.size());
        for (int i = 0; i < want.size(); i++) {
            assertClose(c.get("name") + " gradient of input " + i, array(want.get(i)), grads.get(i), 1e-7);
        }
    }

    private static void assertClose(String what, INDArray expected, INDArray actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        for (long i = 0; i < expected.length(); i++) {
            double e = expected.getDouble(i);
            double a = actual.getDouble(i);
            if (Math.abs(e - a) > tol * Math.max(1, Math.abs(e))) {
                throw new AssertionError(what + " element " + i + ": expected " + e + ", got " + a);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static INDArray array(Object encoded) {
        Map<String, Object> m = (Map<String, Object>) encoded;
        List<Number> shape = (List<Number>) m.get("shape");
        List<Number> data = (List<Number>) m.get("data");
        double[] v = new double[data.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = data.get(i).doubleValue();
        }
        return Nd4j.create(v, shape.stream().mapToLong(Number::longValue).toArray(), DataType.DOUBLE);
    }
}
