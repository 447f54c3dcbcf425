package dev.hyperforge.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Keras TextVectorization behaviour on hand-worked examples. */
class TextVectorizerTest {
    @Test
    void standardizeLowerCasesAsciiAndStripsKerasPunctuation() {
        assertEquals("hello world its obriens café email 35 tab\there", TextVectorizer.standardize("Hello, World! It's O'Brien's \"café\" e-mail 3.5 [tab]\there"));
        assertEquals("cafÉ", TextVectorizer.standardize("CAFÉ"), "tf.strings.lower only lower-cases ASCII");
        assertEquals("", TextVectorizer.standardize("!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~'"));
        assertEquals(List.of("a", "b", "c"), TextVectorizer.tokens("  A,\tb\n\nC. "));
    }

    @Test
    void vocabularyIsByCountThenTokenDescendingWithPadAndOovFirst() {
        TextVectorizer v = TextVectorizer.fit(List.of("b a a", "c b a", "d"), 10, "int");
        assertEquals(List.of("", "[UNK]", "a", "b", "d", "c"), v.vocabulary());
        TextVectorizer cut = TextVectorizer.fit(List.of("b a a", "c b a", "d"), 4, "int");
        assertEquals(List.of("", "[UNK]", "a", "b"), cut.vocabulary(), "max_tokens counts the two special ids");
    }

    @Test
    void intModePadsAndTruncatesAtTheEndWithOovOne() {
        TextVectorizer v = TextVectorizer.fit(List.of("b a a", "c b a", "d"), 4, "int");
        assertArrayEquals(new float[] {2, 1, 3, 2, 3, 0, 0, 0}, v.ints(List.of("a z b a a c", "B"), 4).data().asFloat());
        assertArrayEquals(new long[] {2, 4}, v.ints(List.of("a", ""), 4).shape());
    }

    @Test
    void multiHotHasOovInColumnZeroAndWidthMaxTokens() {
        TextVectorizer v = TextVectorizer.fit(List.of("b a a", "c b a", "d"), 4, "multi_hot");
        assertEquals(List.of("[UNK]", "a", "b", "d"), v.vocabulary());
        assertArrayEquals(new float[] {1, 1, 0, 0, 0, 0, 1, 1}, v.multiHot(List.of("a c a", "b d")).data().asFloat());
        TextVectorizer wide = TextVectorizer.fit(List.of("x"), 6, "multi_hot");
        assertArrayEquals(new long[] {1, 6}, wide.multiHot(List.of("x")).shape(), "padded to max_tokens");
    }

    @Test
    void tooSmallMaxTokensIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TextVectorizer.fit(List.of("a"), 2, "int"));
        assertThrows(IllegalArgumentException.class, () -> TextVectorizer.fit(List.of("a"), 5, "count"));
    }
}
