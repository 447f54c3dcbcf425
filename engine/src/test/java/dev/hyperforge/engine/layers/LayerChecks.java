package dev.hyperforge.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.FitOptions;
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.optimizers.SGD;

/**
 * The layer contract, shared by every layer's test: output shape, config round trip, a numerical
 * gradient check (central differences in double precision) of every input and parameter, and one
 * training step lowering the loss.
 */
public final class LayerChecks {
    private LayerChecks() {
    }

    /** Random doubles in [-1, 1) of the given shape. */
    public static INDArray randomDouble(long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return Nd4j.create(v, shape, DataType.DOUBLE);
    }

    /** Random integer ids in [0, vocab) as a double array of the given shape. */
    public static INDArray randomIds(long seed, int vocab, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        INDArray a = Nd4j.zeros(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, r.nextInt(vocab));
        }
        return a;
    }

    /** Builds {@code layer} in double precision for the shapes of {@code inputs}. */
    public static void buildDouble(Layer layer, List<INDArray> inputs, long seed) {
        List<Shape> shapes = new ArrayList<>();
        for (INDArray x : inputs) {
            shapes.add(Shape.ofArray(x.shape()).with(0, Shape.UNKNOWN));
        }
        layer.outputShape(shapes);
        layer.build(shapes, new ParamInit(new SplittableRandom(seed), DataType.DOUBLE));
    }

    /** Checks that the concrete output shape equals the inferred one (batch excepted). */
    public static void assertOutputShape(Layer layer, List<INDArray> inputs) {
        List<Shape> shapes = new ArrayList<>();
        for (INDArray x : inputs) {
            shapes.add(Shape.ofArray(x.shape()).with(0, Shape.UNKNOWN));
        }
        Shape inferred = layer.outputShape(shapes);
        INDArray out = layer.forward(inputs, new LayerContext(false, new SplittableRandom(1)));
        assertEquals(inferred.rank(), out.rank(), "rank of " + layer.describe());
        for (int i = 1; i < inferred.rank(); i++) {
            if (inferred.dim(i) != Shape.UNKNOWN) {
                assertEquals(inferred.dim(i), out.size(i), "dimension " + i + " of " + layer.describe() + " output " + inferred);
            }
        }
        assertEquals(inputs.get(0).size(0), out.size(0), "batch dimension");
    }

    /**
     * Checks that the config round-trips through {@link LayerRegistry#fromConfig}, directly and as JSON text (what
     * {@code Model.toJson} writes): the layer rebuilt from the parsed JSON has the same config and the same JSON.
     */
    public static void assertConfigRoundTrip(Layer layer) {
        Map<String, Object> cfg = layer.config();
        Layer again = LayerRegistry.fromConfig(cfg);
        assertEquals(cfg, again.config(), "config round trip of " + layer.describe());
        try {
            String json = JSON.writeValueAsString(cfg);
            Map<String, Object> parsed = JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
            Layer fromJson = LayerRegistry.fromConfig(parsed);
            assertEquals(json, JSON.writeValueAsString(fromJson.config()), "JSON round trip of " + layer.describe());
            assertEquals(layer.type(), fromJson.type());
        } catch (JsonProcessingException e) {
            throw new AssertionError("config of " + layer.describe() + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Central-difference gradient check of L = Σ out ⊙ R with respect to every input listed in
     * {@code differentiableInputs} and every trainable parameter. The layer is told that only those
     * inputs need a gradient ({@link LayerContext#setInputGradients}), as the executor tells it for model
     * inputs, so paths that skip an input gradient are checked too.
     *
     * @param layer a layer built in double precision
     * @param inputs double inputs
     * @param differentiableInputs which inputs to check (ids are not differentiable)
     * @param training training-mode forward (same seeded randomness for every evaluation)
     */
    public static void assertGradients(Layer layer, List<INDArray> inputs, boolean[] differentiableInputs, boolean training) {
        long seed = 99;
        INDArray out = layer.forward(inputs, new LayerContext(training, new SplittableRandom(seed)));
        INDArray r = randomDouble(7, out.shape());
        for (Param p : layer.params()) {
            p.clearGrad();
        }
        LayerContext ctx = new LayerContext(training, new SplittableRandom(seed));
        ctx.setInputGradients(differentiableInputs);
        layer.forward(inputs, ctx);
        List<INDArray> inGrads = layer.backward(r.dup(), ctx);
        Supplier<Double> loss = () -> layer.forward(inputs, new LayerContext(training, new SplittableRandom(seed))).mul(r).sumNumber().doubleValue();
        for (int i = 0; i < inputs.size(); i++) {
            if (differentiableInputs[i]) {
                compare(layer.describe() + " input " + i, inputs.get(i), inGrads.get(i), loss);
            }
        }
        for (Param p : layer.params()) {
            if (p.trainable()) {
                INDArray g = p.grad() == null ? Nd4j.zeros(p.value().shape()) : p.grad().dup();
                compare(layer.describe() + " parameter " + p.name(), p.value(), g, loss);
            }
        }
    }

    private static void compare(String what, INDArray x, INDArray analytic, Supplier<Double> loss) {
        assertArrayEquals(x.shape(), analytic.shape(), what + ": gradient shape");
        double eps = 1e-6;
        long n = x.length();
        long stride = Math.max(1, n / 60);
        for (long i = 0; i < n; i += stride) {
            double orig = x.getDouble(i);
            x.putScalar(i, orig + eps);
            double up = loss.get();
            x.putScalar(i, orig - eps);
            double down = loss.get();
            x.putScalar(i, orig);
            double numeric = (up - down) / (2 * eps);
            double a = analytic.getDouble(i);
            double err = Math.abs(a - numeric) / Math.max(1e-6, Math.abs(a) + Math.abs(numeric));
            if (err > 1e-5 && Math.abs(a - numeric) > 1e-7) {
                fail(what + " element " + i + ": analytic " + a + " vs numeric " + numeric);
            }
        }
    }

    /**
     * Builds {@code Input(shape) → body → Flatten-free Dense(1)} (the body must end in a rank-2 tensor
     * or be followed by {@code head}), fits one SGD step on a tiny regression problem and checks that
     * the loss went down.
     */
    public static void assertOneStepLowersLoss(Function<Tensor, Tensor> body, DType dtype, int vocab, int... featureDims) {
        Tensor in = Input.create("x", dtype, featureDims);
        Tensor out = new Dense(1).named("y").call(body.apply(in));
        Model m = new Model("check", List.of(in), List.of(out), 3L);
        m.compile(new SGD(0.01), "mse");
        long[] shape = new long[featureDims.length + 1];
        shape[0] = 16;
        for (int i = 0; i < featureDims.length; i++) {
            shape[i + 1] = featureDims[i];
        }
        INDArray x = dtype == DType.INT32 ? randomIds(5, vocab, shape).castTo(DataType.FLOAT) : randomDouble(5, shape).castTo(DataType.FLOAT);
        INDArray y = randomDouble(6, 16, 1).castTo(DataType.FLOAT);
        double before = m.evaluate(x, y).get("loss");
        m.fit(x, y, FitOptions.builder().epochs(1).batchSize(16).shuffle(false).build());
        double after = m.evaluate(x, y).get("loss");
        assertTrue(after < before, "one SGD step should lower the loss: before " + before + ", after " + after);
    }
}
