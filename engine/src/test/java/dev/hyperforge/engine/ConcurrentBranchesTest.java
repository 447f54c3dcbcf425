package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Dropout;
import dev.hyperforge.engine.layers.core.Embedding;
import dev.hyperforge.engine.layers.merging.Concatenate;
import dev.hyperforge.engine.layers.recurrent.LSTM;
import dev.hyperforge.engine.optimizers.RMSprop;

/**
 * Running independent branches at once ({@link Branches}) computes exactly what a sequential pass computes: a
 * model with two recurrent branches (large enough for the recurrent kernels to split their rows over threads
 * inside each branch), dropout in several branches, a shared layer in two branches, a tensor read by three layers
 * and two outputs trains to bit-identical weights, losses and predictions with the switch on and off; a failing
 * layer in one branch fails the pass with its own message.
 */
class ConcurrentBranchesTest {
    private static final int ROWS = 96;
    private static final Branches.Mode START = Branches.mode();

    @AfterEach
    void restoreMode() {
        Branches.setMode(START);
    }

    private static Model build() {
        Tensor text = Input.ints("text", Shape.UNKNOWN);
        Tensor question = Input.ints("question", Shape.UNKNOWN);
        Tensor feat = Input.of("feat", 6);
        Tensor t = new Dropout(0.3).call(new LSTM(16).call(new Embedding(50, 12).call(text)));
        Tensor q = new LSTM(8).call(new Embedding(50, 8).call(question));
        Dense shared = new Dense(8, "relu");
        Tensor f1 = shared.call(feat);
        Tensor f2 = shared.call(new Dense(6, "tanh").call(feat));
        Tensor e = new Dense(6, "relu").call(feat);
        Tensor a = new Dense(4).call(e);
        Tensor b = new Dense(4, "sigmoid").call(e);
        Tensor c = new Dropout(0.5).call(e);
        Tensor answer = new Dense(5, "softmax").named("answer").call(new Concatenate().call(t, q, f1, f2, a, b, c));
        Tensor aux = new Dense(1).named("aux").call(q);
        Model m = new Model("branches", List.of(text, question, feat), List.of(answer, aux), 7L);
        m.compile(new RMSprop(1e-2), List.of("categorical_crossentropy", "mse"), null, List.of("accuracy"));
        return m;
    }

    private static Map<String, INDArray> inputs(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] text = new int[ROWS][20];
        int[][] question = new int[ROWS][5];
        float[][] feat = new float[ROWS][6];
        for (int i = 0; i < ROWS; i++) {
            for (int k = 0; k < 20; k++) {
                text[i][k] = r.nextInt(50);
            }
            for (int k = 0; k < 5; k++) {
                question[i][k] = r.nextInt(50);
            }
            for (int k = 0; k < 6; k++) {
                feat[i][k] = (float) r.nextGaussian();
            }
        }
        return Map.of("text", Nd4j.createFromArray(text), "question", Nd4j.createFromArray(question), "feat", Nd4j.createFromArray(feat));
    }

    private static Map<String, INDArray> targets(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        INDArray answer = Nd4j.zeros(DataType.FLOAT, ROWS, 5);
        float[][] aux = new float[ROWS][1];
        for (int i = 0; i < ROWS; i++) {
            answer.putScalar(i, r.nextInt(5), 1.0);
            aux[i][0] = (float) r.nextGaussian();
        }
        return Map.of("answer", answer, "aux", Nd4j.createFromArray(aux));
    }

    /** Weights, per-batch losses, predictions and evaluation of a model trained under {@code mode}. */
    private record Run(List<int[]> weights, List<Double> losses, List<int[]> predictions, Map<String, Double> evaluation) {
    }

    private static Run train(Branches.Mode mode) {
        Branches.setMode(mode);
        Model m = build();
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < 6; step++) {
            losses.add(m.trainOnBatch(inputs(step), targets(100 + step)).get("loss"));
        }
        List<int[]> weights = new ArrayList<>();
        for (INDArray w : m.getWeights()) {
            weights.add(bits(w));
        }
        List<int[]> predictions = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            Map<String, INDArray> p = m.predict(inputs(50 + k), 32);
            predictions.add(bits(p.get("answer")));
            predictions.add(bits(p.get("aux")));
        }
        return new Run(weights, losses, predictions, m.evaluate(inputs(60), targets(61), 32));
    }

    private static int[] bits(INDArray a) {
        float[] f = a.castTo(DataType.FLOAT).dup().data().asFloat();
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }

    @Test
    void theLevelsOfTheModelHoldItsIndependentCallsAndKeepSharedLayersApart() {
        Model m = build();
        Schedule s = new Schedule(new Graph(m.inputs(), m.outputs()));
        assertTrue(s.branched());
        List<Node> nodes = m.nodes();
        int sharedFirst = -1;
        int sharedSecond = -1;
        for (int i = 0; i < nodes.size(); i++) {
            if (((Layer) nodes.get(i).operation()).nodes().size() == 2) {
                if (sharedFirst < 0) {
                    sharedFirst = i;
                } else {
                    sharedSecond = i;
                }
            }
        }
        assertTrue(sharedFirst >= 0 && sharedSecond > sharedFirst);
        assertTrue(levelOf(s.forward(), sharedFirst) < levelOf(s.forward(), sharedSecond), "the shared layer's calls keep their order forward");
        assertTrue(levelOf(s.backward(), sharedSecond) < levelOf(s.backward(), sharedFirst), "and backward");
        int total = 0;
        for (int[] level : s.forward()) {
            total += level.length;
        }
        assertEquals(nodes.size(), total);
    }

    private static int levelOf(List<int[]> levels, int node) {
        for (int l = 0; l < levels.size(); l++) {
            for (int i : levels.get(l)) {
                if (i == node) {
                    return l;
                }
            }
        }
        throw new AssertionError("node " + node + " in no level");
    }

    @Test
    void trainingAndInferenceAreBitIdenticalWithBranchesAtOnceAndOneAfterTheOther() {
        Run sequential = train(Branches.Mode.OFF);
        Run concurrent = train(Branches.Mode.ALWAYS);
        assertEquals(sequential.losses(), concurrent.losses());
        assertEquals(sequential.weights().size(), concurrent.weights().size());
        for (int i = 0; i < sequential.weights().size(); i++) {
            assertArrayEquals(sequential.weights().get(i), concurrent.weights().get(i), "weight " + i);
        }
        for (int i = 0; i < sequential.predictions().size(); i++) {
            assertArrayEquals(sequential.predictions().get(i), concurrent.predictions().get(i), "prediction " + i);
        }
        assertEquals(sequential.evaluation(), concurrent.evaluation());
        assertNotEquals(sequential.losses().get(0), sequential.losses().get(5), "training changed the model");
    }

    @Test
    void theAutomaticPlanGivesTheSameBitsAsTheSequentialPass() {
        Run sequential = train(Branches.Mode.OFF);
        for (Branches.Mode m : List.of(Branches.Mode.TRAIN, Branches.Mode.AUTO)) {
            Run planned = train(m);
            assertEquals(sequential.losses(), planned.losses(), m.name());
            for (int i = 0; i < sequential.weights().size(); i++) {
                assertArrayEquals(sequential.weights().get(i), planned.weights().get(i), m + " weight " + i);
            }
            for (int i = 0; i < sequential.predictions().size(); i++) {
                assertArrayEquals(sequential.predictions().get(i), planned.predictions().get(i), m + " prediction " + i);
            }
        }
    }

    @Test
    void theSwitchReadsItsValues() {
        assertEquals(Branches.Mode.OFF, Branches.parse("false"));
        assertEquals(Branches.Mode.TRAIN, Branches.parse("train"));
        assertEquals(Branches.Mode.AUTO, Branches.parse("auto"));
        assertEquals(Branches.Mode.AUTO, Branches.parse("true"));
        assertEquals(Branches.Mode.ALWAYS, Branches.parse("always"));
        assertEquals(Branches.Mode.OFF, Branches.parse(""));
    }

    @Test
    void concurrentPredictionsFromSeveralThreadsWithNestedKernelThreadsFinish() throws Exception {
        Branches.setMode(Branches.Mode.ALWAYS);
        Model m = build();
        int[] expected = bits(m.predict(inputs(1), 32).get("answer"));
        List<CompletableFuture<int[]>> runs = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            runs.add(CompletableFuture.supplyAsync(() -> bits(m.predict(inputs(1), 32).get("answer"))));
        }
        for (CompletableFuture<int[]> r : runs) {
            assertArrayEquals(expected, r.get(120, TimeUnit.SECONDS));
        }
    }

    /** A layer that fails in forward with its own error, as a layer rejecting its input does. */
    private static final class Failing extends Layer {
        @Override
        public String type() {
            return "Failing";
        }

        @Override
        public Shape outputShape(List<Shape> in) {
            return in.get(0);
        }

        @Override
        public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
            throw error("refuses its input of shape " + java.util.Arrays.toString(inputs.get(0).shape()));
        }

        @Override
        public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
            return List.of(gradOutput);
        }

        @Override
        public Map<String, Object> arguments() {
            return Map.of();
        }
    }

    @Test
    void aFailingLayerInOneBranchFailsThePassWithItsNameAsASequentialPassDoes() {
        Tensor text = Input.ints("text", Shape.UNKNOWN);
        Tensor feat = Input.of("feat", 6);
        Tensor t = new LSTM(16).call(new Embedding(50, 12).call(text));
        Tensor f = new Failing().named("broken").call(new Dense(6).call(feat));
        Model m = new Model("failing", List.of(text, feat), List.of(new Dense(2).named("out").call(new Concatenate().call(t, f))), 1L);
        Map<String, INDArray> x = Map.of("text", inputs(1).get("text"), "feat", inputs(1).get("feat"));
        Branches.setMode(Branches.Mode.OFF);
        IllegalArgumentException sequential = assertThrows(IllegalArgumentException.class, () -> m.predict(x, 32));
        Branches.setMode(Branches.Mode.ALWAYS);
        IllegalArgumentException concurrent = assertThrows(IllegalArgumentException.class, () -> m.predict(x, 32));
        assertEquals("Failing 'broken' refuses its input of shape [32, 6]", sequential.getMessage());
        assertEquals(sequential.getMessage(), concurrent.getMessage());
        assertEquals(1, concurrent.getSuppressed().length);
        assertTrue(concurrent.getSuppressed()[0].getMessage().contains("Failing 'broken'"), concurrent.getSuppressed()[0].getMessage());
    }
}
