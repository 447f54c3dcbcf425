package dev.hyperforge.experiments.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A word vocabulary built from training texts only, and multi-hot encoding over it (the IMDB
 * {@code vectorize_sequences} role): word {@code i} of the vocabulary sets column {@code i}.
 * Words are lower-cased runs of letters and digits (2 to 30 characters); the vocabulary holds the
 * {@code size} most frequent training words, ties broken alphabetically.
 *
 * <pre>{@code
 * Tokenizer t = Tokenizer.fit(trainTexts, 10000);
 * INDArray x = t.multiHot(texts);   // (n, 10000)
 * }</pre>
 */
public final class Tokenizer {
    private static final Pattern WORD = Pattern.compile("[a-z0-9]{2,30}");
    private final Map<String, Integer> index;
    private final int width;

    private Tokenizer(Map<String, Integer> index, int width) {
        this.index = Collections.unmodifiableMap(index);
        this.width = width;
    }

    /** The words of a text, in order. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /**
     * A vocabulary of the {@code size} most frequent words of the training texts; the encoding is
     * {@code size} wide even when fewer distinct words exist.
     */
    public static Tokenizer fit(List<String> trainTexts, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("vocabulary size must be positive, received " + size);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String t : trainTexts) {
            for (String w : new LinkedHashSet<>(words(t))) {
                counts.merge(w, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> e = new ArrayList<>(counts.entrySet());
        e.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey()) : b.getValue() - a.getValue());
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(size, e.size()); i++) {
            index.put(e.get(i).getKey(), i);
        }
        return new Tokenizer(index, size);
    }

    /** The word → column map. */
    public Map<String, Integer> vocabulary() {
        return index;
    }

    /** Encoding width. */
    public int width() {
        return width;
    }

    /** Columns set by a text (known words only). */
    public Set<Integer> columns(String text) {
        Set<Integer> s = new LinkedHashSet<>();
        for (String w : words(text)) {
            Integer i = index.get(w);
            if (i != null) {
                s.add(i);
            }
        }
        return s;
    }

    /** Multi-hot encoding of texts: (n, width) of 0/1. */
    public INDArray multiHot(List<String> texts) {
        float[] f = new float[texts.size() * width];
        for (int r = 0; r < texts.size(); r++) {
            for (int c : columns(texts.get(r))) {
                f[r * width + c] = 1f;
            }
        }
        return Nd4j.create(f, new long[] {texts.size(), width}, 'c');
    }
}
