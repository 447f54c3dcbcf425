package dev.hyperforge.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Known answers written by a script kept in the repository ({@code engine/src/test/python/*.py}, run with
 * Debian's python3-torch); the tests read the committed JSON and never run Python. A fixture file maps
 * case names to cases; arrays are written as {@code {"shape": [...], "data": [...]}} in row-major order.
 */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Object> cases;

    private Fixtures(Map<String, Object> cases) {
        this.cases = cases;
    }

    /** Loads a fixture file from the test resources of this package. */
    public static Fixtures load(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new Fixtures(JSON.readValue(in, new TypeReference<Map<String, Object>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One case. */
    @SuppressWarnings("unchecked")
    public Case get(String name) {
        Object c = cases.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no fixture case '" + name + "'");
        }
        return new Case((Map<String, Object>) c);
    }

    /** One case: scalars and arrays by key; arrays also in the sections inputs, weights and grads. */
    public record Case(Map<String, Object> map) {
        /** A number or boolean at the top of the case. */
        @SuppressWarnings("unchecked")
        public <T> T value(String key) {
            return (T) map.get(key);
        }

        /** Whether the case has a top-level key. */
        public boolean has(String key) {
            return map.containsKey(key);
        }

        /** A top-level array as doubles. */
        @SuppressWarnings("unchecked")
        public INDArray array(String key) {
            return toArray((Map<String, Object>) map.get(key));
        }

        /** An array of a section (inputs, weights, grads). */
        @SuppressWarnings("unchecked")
        public INDArray array(String section, String key) {
            Map<String, Object> s = (Map<String, Object>) map.get(section);
            Object a = s == null ? null : s.get(key);
            if (a == null) {
                throw new IllegalArgumentException("fixture has no " + section + "." + key);
            }
            return toArray((Map<String, Object>) a);
        }

        /** Whether a section has an array. */
        @SuppressWarnings("unchecked")
        public boolean has(String section, String key) {
            Map<String, Object> s = (Map<String, Object>) map.get(section);
            return s != null && s.containsKey(key);
        }

        @SuppressWarnings("unchecked")
        private static INDArray toArray(Map<String, Object> a) {
            List<Number> shape = (List<Number>) a.get("shape");
            List<Number> data = (List<Number>) a.get("data");
            long[] s = shape.stream().mapToLong(Number::longValue).toArray();
            double[] d = data.stream().mapToDouble(Number::doubleValue).toArray();
            return Nd4j.create(d, s, DataType.DOUBLE);
        }
    }

    /** Element-wise closeness with a message naming what is compared. */
    public static void assertClose(String what, INDArray expected, INDArray actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        INDArray a = actual.castTo(DataType.DOUBLE);
        for (long i = 0; i < expected.length(); i++) {
            assertEquals(expected.getDouble(i), a.getDouble(i), tol, what + " element " + i);
        }
    }
}
