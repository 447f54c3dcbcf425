package dev.hyperforge.experiments.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Seeded bAbI-style stories (task 1, "single supporting fact"): people move between places, the
 * question asks where one of them is, the answer is the place of that person's last move.
 *
 * <pre>{@code
 * BabiGenerator g = new BabiGenerator(4, 6, 6);
 * BabiGenerator.Story s = g.story(new SplittableRandom(1));
 * // s.text():     [mary, moved, to, the, kitchen, ., john, went, to, the, garden, ., ...]
 * // s.question(): [where, is, mary, ?]     s.answer(): kitchen
 * }</pre>
 */
public final class BabiGenerator {
    /** Padding id. */
    public static final int PAD = 0;
    private static final List<String> PEOPLE = List.of("mary", "john", "sandra", "daniel", "fred", "bill", "julie", "emily");
    private static final List<String> PLACES = List.of("kitchen", "garden", "hallway", "bathroom", "office", "bedroom", "cinema", "park");
    private static final List<List<String>> VERBS = List.of(List.of("moved", "to"), List.of("went", "to"), List.of("journeyed", "to"),
            List.of("travelled", "to"), List.of("went", "back", "to"));

    /**
     * One story.
     *
     * @param text the story's tokens
     * @param question the question's tokens
     * @param answer the one-word answer
     */
    public record Story(List<String> text, List<String> question, String answer) {
    }

    private final List<String> people;
    private final List<String> places;
    private final int sentences;
    private final Map<String, Integer> vocabulary;

    /**
     * @param people how many people (2..8)
     * @param places how many places (2..8)
     * @param sentences sentences per story (≥ 1)
     */
    public BabiGenerator(int people, int places, int sentences) {
        if (people < 2 || people > PEOPLE.size() || places < 2 || places > PLACES.size() || sentences < 1) {
            throw new IllegalArgumentException("babi needs 2..8 people, 2..8 places and at least 1 sentence, received " + people + ", " + places
                    + ", " + sentences);
        }
        this.people = PEOPLE.subList(0, people);
        this.places = PLACES.subList(0, places);
        this.sentences = sentences;
        TreeSet<String> words = new TreeSet<>();
        words.addAll(this.people);
        words.addAll(this.places);
        VERBS.forEach(words::addAll);
        words.addAll(List.of("the", ".", "where", "is", "?"));
        Map<String, Integer> v = new LinkedHashMap<>();
        for (String w : words) {
            v.put(w, v.size() + 1);
        }
        this.vocabulary = Collections.unmodifiableMap(v);
    }

    /** Word ids, starting at 1 (0 is padding). */
    public Map<String, Integer> vocabulary() {
        return vocabulary;
    }

    /** Vocabulary size including the padding id. */
    public int vocabularySize() {
        return vocabulary.size() + 1;
    }

    /** The longest story in tokens. */
    public int maxStoryLength() {
        int longest = 0;
        for (List<String> v : VERBS) {
            longest = Math.max(longest, v.size());
        }
        return sentences * (longest + 4);
    }

    /** Question length in tokens. */
    public int questionLength() {
        return 4;
    }

    /** One story drawn from {@code r}. */
    public Story story(SplittableRandom r) {
        List<String> text = new ArrayList<>();
        Map<String, String> where = new HashMap<>();
        List<String> moved = new ArrayList<>();
        for (int s = 0; s < sentences; s++) {
            String who = people.get(r.nextInt(people.size()));
            String place = places.get(r.nextInt(places.size()));
            text.add(who);
            text.addAll(VERBS.get(r.nextInt(VERBS.size())));
            text.add("the");
            text.add(place);
            text.add(".");
            where.put(who, place);
            if (!moved.contains(who)) {
                moved.add(who);
            }
        }
        String asked = moved.get(r.nextInt(moved.size()));
        return new Story(List.copyOf(text), List.of("where", "is", asked, "?"), where.get(asked));
    }

    /** Ids of tokens, left-padded with {@link #PAD} (Keras {@code pad_sequences} default) to {@code length}. */
    public int[] encode(List<String> tokens, int length) {
        if (tokens.size() > length) {
            throw new IllegalArgumentException("sequence of " + tokens.size() + " tokens does not fit length " + length);
        }
        int[] ids = new int[length];
        int off = length - tokens.size();
        for (int i = 0; i < tokens.size(); i++) {
            ids[off + i] = vocabulary.get(tokens.get(i));
        }
        return ids;
    }
}
