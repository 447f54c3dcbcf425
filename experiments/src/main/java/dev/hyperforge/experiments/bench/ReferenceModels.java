package dev.hyperforge.experiments.bench;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.engine.optimizers.RMSprop;

/**
 * The reference models of SCENARIOS.md with the shapes of {@code shared/bench/torch_peer.py}, on seeded
 * random data, for the engine benchmark.
 *
 * <pre>{@code
 * ReferenceModels.Case c = ReferenceModels.build("s6");
 * c.model().trainOnBatch(c.x(), c.y());
 * }</pre>
 */
public final class ReferenceModels {
    private ReferenceModels() {
    }

    /** A compiled model with one batch of inputs and targets. */
    public record Case(String name, int batch, Model model, Map<String, INDArray> x, Map<String, INDArray> y) {
    }

    /** The model names: s1, s2, s5, s6, s7, s8, s9. */
    public static List<String> names() {
        return List.of("s1", "s2", "s5", "s6", "s7", "s8", "s9");
    }

    /** Builds one reference model and its batch. */
    public static Case build(String name) {
        return switch (name) {
            case "s1" -> s1();
            case "s2" -> s2(500);
            case "s5" -> s5();
            case "s6" -> s6();
            case "s7" -> s7();
            case "s8" -> s8();
            case "s9" -> s9();
            default -> throw new IllegalArgumentException("unknown reference model '" + name + "'; expected one of " + names());
        };
    }

    private static Tensor apply(String type, Map<String, Object> args, Tensor... in) {
        return LayerRegistry.create(type, args).call(in);
    }

    private static Tensor apply(String name, String type, Map<String, Object> args, Tensor... in) {
        Layer l = LayerRegistry.create(type, args);
        return l.<Layer>named(name).call(in);
    }

    static Case s1() {
        int batch = 128;
        Tensor text = Input.ints("text", Shape.UNKNOWN);
        Tensor question = Input.ints("question", Shape.UNKNOWN);
        Tensor t = apply("LSTM", Map.of("units", 32), apply("Embedding", Map.of("input_dim", 10000, "output_dim", 64), text));
        Tensor q = apply("LSTM", Map.of("units", 16), apply("Embedding", Map.of("input_dim", 10000, "output_dim", 32), question));
        Tensor answer = apply("answer", "Dense", Map.of("units", 500, "activation", "softmax"), apply("Concatenate", Map.of(), t, q));
        Model m = new Model("s1", List.of(text, question), List.of(answer), 0L);
        m.compile(new RMSprop(1e-3), "sparse_categorical_crossentropy", "accuracy");
        return new Case("s1", batch, m, Map.of("text", ids(1, 10000, batch, 100), "question", ids(2, 10000, batch, 100)),
                Map.of("answer", ids(3, 500, batch, 1)));
    }

    static Case s2(int length) {
        int batch = 64;
        Tensor posts = Input.ints("posts", length);
        Tensor x = apply("Embedding", Map.of("input_dim", 50000, "output_dim", 256), posts);
        x = apply("Conv1D", Map.of("filters", 128, "kernel_size", 5, "activation", "relu"), x);
        x = apply("MaxPooling1D", Map.of("pool_size", 5), x);
        x = apply("Conv1D", Map.of("filters", 256, "kernel_size", 5, "activation", "relu"), x);
        x = apply("Conv1D", Map.of("filters", 256, "kernel_size", 5, "activation", "relu"), x);
        x = apply("MaxPooling1D", Map.of("pool_size", 5), x);
        x = apply("Conv1D", Map.of("filters", 256, "kernel_size", 5, "activation", "relu"), x);
        x = apply("Conv1D", Map.of("filters", 256, "kernel_size", 5, "activation", "relu"), x);
        x = apply("GlobalMaxPooling1D", Map.of(), x);
        x = apply("Dense", Map.of("units", 128, "activation", "relu"), x);
        Tensor age = apply("age", "Dense", Map.of("units", 1), x);
        Tensor income = apply("income", "Dense", Map.of("units", 10, "activation", "softmax"), x);
        Tensor gender = apply("gender", "Dense", Map.of("units", 1, "activation", "sigmoid"), x);
        Model m = new Model("s2", List.of(posts), List.of(age, income, gender), 0L);
        m.compile(new RMSprop(1e-3), Map.of("age", "mse", "income", "sparse_categorical_crossentropy", "gender", "binary_crossentropy"),
                Map.of("age", 0.25, "income", 1.0, "gender", 10.0), null);
        INDArray ageY = uniform(5, batch, 1).muli(60);
        return new Case("s2", batch, m, Map.of("posts", ids(4, 50000, batch, length)),
                Map.of("age", ageY, "income", ids(6, 10, batch, 1), "gender", ids(7, 2, batch, 1)));
    }

    static Case s5() {
        int batch = 512;
        Tensor in = Input.of("x", 10000);
        Tensor h = apply("Dense", Map.of("units", 16, "activation", "relu"), in);
        h = apply("Dense", Map.of("units", 16, "activation", "relu"), h);
        Tensor out = apply("y", "Dense", Map.of("units", 1, "activation", "sigmoid"), h);
        Model m = new Model("s5", List.of(in), List.of(out), 0L);
        m.compile(new RMSprop(1e-3), "binary_crossentropy", "accuracy");
        INDArray x = uniform(8, batch, 10000).lt(0.01).castTo(DataType.FLOAT);
        return new Case("s5", batch, m, Map.of("x", x), Map.of("y", ids(9, 2, batch, 1)));
    }

    static Case s6() {
        int batch = 128;
        Tensor in = Input.of("image", 28, 28, 1);
        Tensor x = apply("Conv2D", Map.of("filters", 32, "kernel_size", 3, "padding", "same", "activation", "relu"), in);
        x = apply("MaxPooling2D", Map.of("pool_size", 2), x);
        x = apply("Conv2D", Map.of("filters", 64, "kernel_size", 3, "padding", "same", "activation", "relu"), x);
        x = apply("MaxPooling2D", Map.of("pool_size", 2), x);
        x = apply("Flatten", Map.of(), x);
        x = apply("Dense", Map.of("units", 100, "activation", "relu"), x);
        x = apply("Dropout", Map.of("rate", 0.4), x);
        Tensor out = apply("label", "Dense", Map.of("units", 10, "activation", "softmax"), x);
        Model m = new Model("s6", List.of(in), List.of(out), 0L);
        m.compile(new RMSprop(1e-3), "sparse_categorical_crossentropy", "accuracy");
        return new Case("s6", batch, m, Map.of("image", uniform(10, batch, 28, 28, 1)), Map.of("label", ids(11, 10, batch, 1)));
    }

    /**
     * S8: ids of length 200 → Embedding(20000, 128) → Bidirectional(LSTM(64, return_sequences)) →
     * Bidirectional(GRU(64)) → Dense(1, sigmoid); batch 32, RMSprop. 2 733 441 parameters as in Keras (the
     * PyTorch twin has 512 more: its LSTMs carry two bias vectors).
     */
    static Case s8() {
        int batch = 32;
        Tensor ids = Input.ints("ids", 200);
        Tensor x = apply("Embedding", Map.of("input_dim", 20000, "output_dim", 128), ids);
        x = apply("Bidirectional", Map.of("layer", Map.of("class_name", "LSTM", "config", Map.of("units", 64, "return_sequences", true))), x);
        x = apply("Bidirectional", Map.of("layer", Map.of("class_name", "GRU", "config", Map.of("units", 64))), x);
        Tensor out = apply("label", "Dense", Map.of("units", 1, "activation", "sigmoid"), x);
        Model m = new Model("s8", List.of(ids), List.of(out), 0L);
        m.compile(new RMSprop(1e-3), "binary_crossentropy", "accuracy");
        return new Case("s8", batch, m, Map.of("ids", ids(12, 20000, batch, 200)), Map.of("label", ids(13, 2, batch, 1)));
    }

    /** S5's Boston regression MLP at batch 16: the fixed cost of one small step. */
    static Case s9() {
        int batch = 16;
        Tensor in = Input.of("x", 13);
        Tensor h = apply("Dense", Map.of("units", 64, "activation", "relu"), in);
        h = apply("Dense", Map.of("units", 64, "activation", "relu"), h);
        Tensor out = apply("y", "Dense", Map.of("units", 1), h);
        Model m = new Model("s9", List.of(in), List.of(out), 0L);
        m.compile(new RMSprop(1e-3), "mse");
        return new Case("s9", batch, m, Map.of("x", uniform(12, batch, 13)), Map.of("y", uniform(13, batch, 1)));
    }

    static INDArray ids(long seed, int vocab, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(vocab);
        }
        return Nd4j.create(v, shape, 'c');
    }

    static INDArray uniform(long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble();
        }
        return Nd4j.create(v, shape, 'c');
    }

    /**
     * S7, Keras' "text classification with Transformer" example: ids of length 200 from a vocabulary of 20 000,
     * token and position embedding of width 32, one encoder block (two heads of width 32, feed-forward 32),
     * the average over the steps and a small softmax head; 657 758 parameters, batch 32.
     */
    static Case s7() {
        int batch = 32;
        Tensor text = Input.ints("text", 200);
        Tensor x = apply("TokenAndPositionEmbedding", Map.of("vocabulary_size", 20000, "sequence_length", 200, "embedding_dim", 32), text);
        Tensor att = apply("MultiHeadAttention", Map.of("num_heads", 2, "key_dim", 32), x, x);
        Tensor h = apply("LayerNormalization", Map.of("epsilon", 1e-6), apply("Add", Map.of(), x, apply("Dropout", Map.of("rate", 0.1), att)));
        Tensor ff = apply("Dense", Map.of("units", 32), apply("Dense", Map.of("units", 32, "activation", "relu"), h));
        h = apply("LayerNormalization", Map.of("epsilon", 1e-6), apply("Add", Map.of(), h, apply("Dropout", Map.of("rate", 0.1), ff)));
        Tensor p = apply("Dropout", Map.of("rate", 0.1), apply("GlobalAveragePooling1D", Map.of(), h));
        p = apply("Dropout", Map.of("rate", 0.1), apply("Dense", Map.of("units", 20, "activation", "relu"), p));
        Tensor label = apply("label", "Dense", Map.of("units", 2, "activation", "softmax"), p);
        Model m = new Model("s7", List.of(text), List.of(label), 0L);
        m.compile(new RMSprop(1e-3), "sparse_categorical_crossentropy", "accuracy");
        return new Case("s7", batch, m, Map.of("text", ids(14, 20000, batch, 200)), Map.of("label", ids(15, 2, batch, 1)));
    }
}
