package dev.hyperforge.experiments.data;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The S1 question-answering data: seeded {@link BabiGenerator} stories. Inputs {@code text} (n,
 * text_length) and {@code question} (n, 4) of word ids, left-padded with 0; targets {@code answer}: (n,
 * answer_size) one-hot over the vocabulary ids.
 *
 * <p>Options: {@code samples} (default 2000), {@code test_samples} (default 500), {@code people} (4),
 * {@code places} (6), {@code sentences} (4), {@code text_length} (default: the longest possible story),
 * {@code answer_size} (default: the vocabulary size; S1 uses 500).
 *
 * <pre>{@code
 * DataSet d = DataLoaders.get("babi").load(Map.of("samples", 1000, "answer_size", 500), 42L);
 * }</pre>
 */
public final class BabiLoader implements DataLoader {
    @Override
    public String name() {
        return "babi";
    }

    @Override
    public Set<String> options() {
        return Set.of("samples", "test_samples", "people", "places", "sentences", "text_length", "answer_size");
    }

    @Override
    public boolean hasTestSet() {
        return true;
    }

    @Override
    public void checkOptions(Map<String, Object> options) {
        Options o = new Options(name(), options);
        o.integer("samples", 2000, 1);
        o.integer("test_samples", 500, 1);
        BabiGenerator g = generator(o);
        int len = o.integer("text_length", g.maxStoryLength(), 1);
        if (len < g.maxStoryLength()) {
            throw new IllegalArgumentException("babi: text_length " + len + " is shorter than the longest story (" + g.maxStoryLength() + " tokens)");
        }
        int answers = o.integer("answer_size", g.vocabularySize(), 1);
        if (answers < g.vocabularySize()) {
            throw new IllegalArgumentException("babi: answer_size " + answers + " is smaller than the vocabulary (" + g.vocabularySize() + " ids)");
        }
    }

    private static BabiGenerator generator(Options o) {
        return new BabiGenerator(o.integer("people", 4, 2), o.integer("places", 6, 2), o.integer("sentences", 4, 1));
    }

    @Override
    public DataSet load(Map<String, Object> options, long seed) {
        checkOptions(options);
        Options o = new Options(name(), options);
        BabiGenerator g = generator(o);
        int textLen = o.integer("text_length", g.maxStoryLength(), 1);
        int answers = o.integer("answer_size", g.vocabularySize(), 1);
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom trainR = root.split();
        SplittableRandom testR = root.split();
        int n = o.integer("samples", 2000, 1);
        int nTest = o.integer("test_samples", 500, 1);
        Map<String, INDArray>[] train = encode(g, trainR, n, textLen, answers);
        Map<String, INDArray>[] test = encode(g, testR, nTest, textLen, answers);
        Fingerprint fp = new Fingerprint().update(train[0]).update(train[1]).update(test[0]).update(test[1]);
        return new DataSet(train[0], train[1], test[0], test[1], fp.hex(), "babi-style stories (seed " + seed + ") " + n + " train + " + nTest
                + " test, vocabulary " + g.vocabularySize(), Set.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, INDArray>[] encode(BabiGenerator g, SplittableRandom r, int n, int textLen, int answers) {
        float[] text = new float[n * textLen];
        float[] q = new float[n * g.questionLength()];
        float[] a = new float[n * answers];
        for (int i = 0; i < n; i++) {
            BabiGenerator.Story s = g.story(r);
            int[] t = g.encode(s.text(), textLen);
            int[] qq = g.encode(s.question(), g.questionLength());
            for (int j = 0; j < textLen; j++) {
                text[i * textLen + j] = t[j];
            }
            for (int j = 0; j < qq.length; j++) {
                q[i * qq.length + j] = qq[j];
            }
            a[i * answers + g.vocabulary().get(s.answer())] = 1f;
        }
        Map<String, INDArray> x = Map.of("text", Nd4j.create(text, new long[] {n, textLen}, 'c'),
                "question", Nd4j.create(q, new long[] {n, g.questionLength()}, 'c'));
        Map<String, INDArray> y = Map.of("answer", Nd4j.create(a, new long[] {n, answers}, 'c'));
        return (Map<String, INDArray>[]) List.of(x, y).toArray(new Map[0]);
    }
}
