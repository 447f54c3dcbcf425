package dev.hyperforge.experiments.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras' {@code TextVectorization} with its defaults ({@code standardize="lower_and_strip_punctuation"},
 * {@code split="whitespace"}): ASCII letters are lower-cased (as {@code tf.strings.lower}), the characters
 * of Keras' strip pattern {@code [!"#$%&()*+,-./:;<=>?@[\]^_`{|}~']} are removed, and the text is split on
 * ASCII whitespace. {@link #fit} counts every token occurrence in the training texts and keeps the most
 * frequent, ties broken by the token in descending byte order (Keras' {@code np.lexsort(...)[::-1]}).
 *
 * <ul>
 * <li>{@code int}: id 0 pads, id 1 is out of vocabulary ({@code [UNK]}), learned tokens start at 2, at most
 * {@code max_tokens - 2} of them; each text becomes {@code output_sequence_length} ids, truncated or padded
 * with 0 at the end;</li>
 * <li>{@code multi_hot}: column 0 is set when the text holds an unknown token, learned tokens start at 1, at
 * most {@code max_tokens - 1}; the width is always {@code max_tokens} (Keras' {@code pad_to_max_tokens=True}),
 * so the model's input shape does not depend on the data.</li>
 * </ul>
 *
 * <pre>{@code
 * TextVectorizer v = TextVectorizer.fit(List.of("The cat.", "the dog"), 10, "int");
 * v.vocabulary();                       // ["", "[UNK]", "the", "dog", "cat"]
 * v.ints(List.of("a cat"), 3);          // [[1, 4, 0]]
 * }</pre>
 */
public final class TextVectorizer {
    /** Keras' {@code DEFAULT_STRIP_REGEX}. */
    private static final Pattern STRIP = Pattern.compile("[!\"#$%&()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~']");
    private static final Pattern WHITESPACE = Pattern.compile("[ \\t\\n\\u000B\\f\\r]+");
    /** The out-of-vocabulary token. */
    public static final String OOV = "[UNK]";

    private final List<String> vocabulary;
    private final Map<String, Integer> index;
    private final boolean intMode;
    private final int maxTokens;

    private TextVectorizer(List<String> vocabulary, boolean intMode, int maxTokens) {
        this.vocabulary = Collections.unmodifiableList(vocabulary);
        this.intMode = intMode;
        this.maxTokens = maxTokens;
        Map<String, Integer> m = new HashMap<>();
        for (int i = intMode ? 2 : 1; i < vocabulary.size(); i++) {
            m.put(vocabulary.get(i), i);
        }
        this.index = m;
    }

    /** Lower-cases ASCII letters and strips Keras' punctuation. */
    public static String standardize(String text) {
        char[] c = text.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= 'A' && c[i] <= 'Z') {
                c[i] = (char) (c[i] + 32);
            }
        }
        return STRIP.matcher(new String(c)).replaceAll("");
    }

    /** The tokens of a text: standardised, split on whitespace. */
    public static List<String> tokens(String text) {
        return Arrays.stream(WHITESPACE.split(standardize(text))).filter(t -> !t.isEmpty()).toList();
    }

    /**
     * Learns the vocabulary from training texts only.
     *
     * @param trainTexts the training texts
     * @param maxTokens the vocabulary size including the special ids
     * @param mode {@code int} or {@code multi_hot}
     */
    public static TextVectorizer fit(List<String> trainTexts, int maxTokens, String mode) {
        boolean intMode = mode.equals("int");
        if (!intMode && !mode.equals("multi_hot")) {
            throw new IllegalArgumentException("output_mode must be int or multi_hot, received '" + mode + "'");
        }
        int special = intMode ? 2 : 1;
        if (maxTokens <= special) {
            throw new IllegalArgumentException("max_tokens must exceed " + special + " (the special ids of output_mode " + mode + "), received " + maxTokens);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String t : trainTexts) {
            for (String w : tokens(t)) {
                counts.merge(w, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> e = new ArrayList<>(counts.entrySet());
        e.sort((a, b) -> a.getValue().equals(b.getValue()) ? compareBytes(b.getKey(), a.getKey()) : b.getValue() - a.getValue());
        List<String> vocab = new ArrayList<>(intMode ? List.of("", OOV) : List.of(OOV));
        e.stream().limit(maxTokens - special).forEach(x -> vocab.add(x.getKey()));
        return new TextVectorizer(vocab, intMode, maxTokens);
    }

    private static int compareBytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** The vocabulary by id, special tokens first ({@code ""} and {@code [UNK]} in int mode, {@code [UNK]} in multi_hot). */
    public List<String> vocabulary() {
        return vocabulary;
    }

    /** The id of a token (1 in int mode, 0 in multi_hot when unknown). */
    public int id(String token) {
        return index.getOrDefault(token, intMode ? 1 : 0);
    }

    /** Texts as (n, length) token ids, truncated or padded with 0 at the end. */
    public INDArray ints(List<String> texts, int length) {
        float[] f = new float[texts.size() * length];
        for (int r = 0; r < texts.size(); r++) {
            List<String> t = tokens(texts.get(r));
            for (int i = 0; i < Math.min(length, t.size()); i++) {
                f[r * length + i] = id(t.get(i));
            }
        }
        return Nd4j.create(f, new long[] {texts.size(), length}, 'c');
    }

    /** Texts as (n, max_tokens) multi-hot rows. */
    public INDArray multiHot(List<String> texts) {
        float[] f = new float[texts.size() * maxTokens];
        for (int r = 0; r < texts.size(); r++) {
            for (String w : tokens(texts.get(r))) {
                f[r * maxTokens + id(w)] = 1f;
            }
        }
        return Nd4j.create(f, new long[] {texts.size(), maxTokens}, 'c');
    }
}
