package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Embedding;
import dev.hyperforge.engine.layers.merging.Concatenate;
import dev.hyperforge.engine.layers.recurrent.LSTM;
import dev.hyperforge.engine.optimizers.RMSprop;

/**
 * Scenario S1 at reduced size: a two-input question-answering model (text and question, each an
 * Embedding and an LSTM, concatenated into a softmax) learns a generated bAbI-like task, with data
 * given as a list in input order and as a map by input name.
 */
class QaModelTest {
    private static final int VOCAB = 200;
    private static final int PERSON = 10;   // 4 persons: 10..13
    private static final int PLACE = 20;    // 4 places: 20..23 (answer classes 0..3)
    private static final int OBJECT = 30;   // 4 objects: 30..33 (answer classes 4..7)
    private static final int WENT = 3;
    private static final int TOOK = 4;
    private static final int DOT = 5;
    private static final int WHERE = 6;
    private static final int WHAT = 7;
    private static final int IS = 8;
    private static final int HAS = 9;
    private static final int QMARK = 14;
    private static final int ANSWERS = 8;
    private static final int TRAIN = 512;
    private static final int TEST = 200;
    private static final int EPOCHS = 5;

    /** Stories, questions and one-hot answers. */
    private record Data(INDArray text, INDArray question, INDArray answer) {
    }

    /**
     * "P1 went L . P2 took O ." (sentences in random order), then "where is P1 ?" (answer L) or
     * "what has P2 ?" (answer O). The answer needs both inputs: the story names one place and one
     * object, the question says which of the two is asked for. Chance is 1/8; the text alone gives 1/2.
     */
    private static Data generate(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] text = new int[n][];
        int[][] question = new int[n][];
        INDArray answer = Nd4j.zeros(DataType.FLOAT, n, ANSWERS);
        for (int i = 0; i < n; i++) {
            int p1 = PERSON + r.nextInt(4);
            int p2 = PERSON + r.nextInt(4);
            int place = r.nextInt(4);
            int object = r.nextInt(4);
            int[] went = {p1, WENT, PLACE + place, DOT};
            int[] took = {p2, TOOK, OBJECT + object, DOT};
            text[i] = r.nextBoolean() ? concat(went, took) : concat(took, went);
            boolean where = r.nextBoolean();
            question[i] = where ? new int[] {WHERE, IS, p1, QMARK} : new int[] {WHAT, HAS, p2, QMARK};
            answer.putScalar(i, where ? place : 4 + object, 1.0);
        }
        return new Data(Nd4j.createFromArray(text), Nd4j.createFromArray(question), answer);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = new int[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static Model buildModel() {
        Tensor text = Input.ints("text", Shape.UNKNOWN);
        Tensor question = Input.ints("question", Shape.UNKNOWN);
        Tensor t = new LSTM(16).call(new Embedding(VOCAB, 16).call(text));
        Tensor q = new LSTM(8).call(new Embedding(VOCAB, 8).call(question));
        Tensor answer = new Dense(ANSWERS, "softmax").named("answer").call(new Concatenate().call(t, q));
        Model m = new Model("qa", List.of(text, question), List.of(answer), 42L);
        m.compile(new RMSprop(0.01), "categorical_crossentropy", "accuracy");
        return m;
    }

    @Test
    void learnsTheTaskFromListOrMapData() {
        Data train = generate(TRAIN, 1);
        Data test = generate(TEST, 2);
        FitOptions opts = FitOptions.builder().epochs(EPOCHS).batchSize(32).seed(7).build();

        Model byList = buildModel();
        assertEquals("(None, None)", byList.inputs().get(0).shape().toString());
        History h1 = byList.fit(List.of(train.text(), train.question()), train.answer(), opts);

        // the same model fed by name (keys in another order) sees the same batches: same first epoch
        Model byMap = buildModel();
        History h2 = byMap.fit(Map.of("question", train.question(), "text", train.text()), train.answer(),
                FitOptions.builder().epochs(1).batchSize(32).seed(7).build());
        assertEquals(h1.get("loss").get(0), h2.get("loss").get(0), 1e-12, "a map by name must feed the same data as a list in input order");
        assertTrue(h1.last("loss") < h1.get("loss").get(0), "loss should fall: " + h1.get("loss"));

        // held-out data by name, text ids as floats; the same data as a list gives the same result
        Map<String, Double> byName = byList.evaluate(Map.of("text", test.text().castTo(DataType.FLOAT), "question", test.question()), test.answer());
        Map<String, Double> inOrder = byList.evaluate(List.of(test.text(), test.question()), test.answer());
        assertEquals(inOrder.get("accuracy"), byName.get("accuracy"), 1e-9);
        double acc = byName.get("accuracy");
        // chance is 0.125 and the text alone cannot beat 0.5
        assertTrue(acc > 0.8, "held-out accuracy " + acc + " after training accuracies " + h1.get("accuracy"));

        INDArray p = byList.predict(Map.of("text", test.text(), "question", test.question())).get("answer");
        assertEquals(TEST, p.size(0));
        assertEquals(ANSWERS, p.size(1));

        // the architecture and weights survive a JSON round trip (Embedding, LSTM, Concatenate by reflection)
        Model again = Model.fromJson(byList.toJson(), 0L);
        again.setWeights(byList.getWeights());
        INDArray p2 = again.predict(List.of(test.text(), test.question())).get("answer");
        assertTrue(p.equalsWithEps(p2, 1e-6), "predictions after a JSON round trip");
    }
}
