package dev.hyperforge.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class GeneratorsTest {
    @Test
    void babiIsDeterministicForASeed() {
        Map<String, Object> o = Map.of("samples", 50, "test_samples", 10);
        DataSet a = DataLoaders.get("babi").load(o, 42L);
        DataSet b = DataLoaders.get("babi").load(o, 42L);
        DataSet c = DataLoaders.get("babi").load(o, 43L);
        assertEquals(a.fingerprint(), b.fingerprint());
        assertEquals(a.x().get("text"), b.x().get("text"));
        assertNotEquals(a.fingerprint(), c.fingerprint());
    }

    @Test
    void everyBabiQuestionIsAnsweredByThePersonsLastMove() {
        BabiGenerator g = new BabiGenerator(4, 6, 5);
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            BabiGenerator.Story s = g.story(r);
            String who = s.question().get(2);
            String last = null;
            List<String> t = s.text();
            for (int k = 0; k < t.size(); k++) {
                if (t.get(k).equals(who)) {
                    int dot = t.subList(k, t.size()).indexOf(".") + k;
                    last = t.get(dot - 1);
                }
            }
            assertEquals(last, s.answer(), String.join(" ", t) + " / " + s.question());
            assertTrue(s.text().size() <= g.maxStoryLength());
        }
    }

    @Test
    void babiEncodesPaddedIdsAndOneHotAnswers() {
        DataSet d = DataLoaders.get("babi").load(Map.of("samples", 20, "test_samples", 5, "answer_size", 500), 1L);
        INDArray text = d.x().get("text");
        assertEquals(20, text.size(0));
        assertArrayEquals(new long[] {20, 4}, d.x().get("question").shape());
        assertArrayEquals(new long[] {20, 500}, d.y().get("answer").shape());
        assertEquals(20.0, d.y().get("answer").sumNumber().doubleValue(), 1e-9);
        assertTrue(text.maxNumber().intValue() < new BabiGenerator(4, 6, 4).vocabularySize());
    }

    @Test
    void randomDataHasTheRequestedShapesAndIsSeeded() {
        Map<String, Object> o = Map.of("samples", 40, "test_samples", 8,
                "inputs", Map.of("posts", Map.of("shape", List.of(30), "kind", "int", "high", 100)),
                "outputs", Map.of("age", Map.of("shape", List.of(1)), "income", Map.of("shape", List.of(10), "kind", "onehot"),
                        "gender", Map.of("shape", List.of(1), "kind", "binary")));
        DataSet a = DataLoaders.get("random").load(o, 3L);
        assertArrayEquals(new long[] {40, 30}, a.x().get("posts").shape());
        assertArrayEquals(new long[] {40, 10}, a.y().get("income").shape());
        assertEquals(40.0, a.y().get("income").sumNumber().doubleValue(), 1e-9);
        assertTrue(a.x().get("posts").minNumber().doubleValue() >= 1 && a.x().get("posts").maxNumber().doubleValue() < 100);
        assertEquals(8, a.testX().get("posts").size(0));
        assertEquals(a.fingerprint(), DataLoaders.get("random").load(o, 3L).fingerprint());
    }

    @Test
    void tokenizerBuildsItsVocabularyFromTrainingTextsOnly() {
        Tokenizer t = Tokenizer.fit(List.of("Free money now", "free offer", "Meeting at noon"), 3);
        assertEquals(Map.of("free", 0, "at", 1, "meeting", 2), t.vocabulary());
        INDArray x = t.multiHot(List.of("FREE money at last", "unseen words only"));
        assertArrayEquals(new long[] {2, 3}, x.shape());
        assertEquals(1f, x.getFloat(0, 0));
        assertEquals(1f, x.getFloat(0, 1));
        assertEquals(0.0, x.getRow(1).sumNumber().doubleValue());
        assertEquals(List.of("free", "money", "at", "last"), Tokenizer.words("FREE money, at last!"));
    }

    @Test
    void spamLoaderSplitsAndVectorises() {
        DataSet d = DataLoaders.get("spam").load(Map.of("samples", 200, "vocabulary", 500, "test_fraction", 0.25), 9L);
        assertEquals(150, d.samples());
        assertArrayEquals(new long[] {150, 500}, d.x().get("text").shape());
        assertArrayEquals(new long[] {50, 1}, d.testY().get("spam").shape());
        double spamShare = d.y().get("spam").meanNumber().doubleValue();
        assertTrue(spamShare > 0.3 && spamShare < 0.7, "the bundled sample is balanced: " + spamShare);
    }
}
