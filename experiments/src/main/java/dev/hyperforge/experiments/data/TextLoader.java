package dev.hyperforge.experiments.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code text}: labelled texts from a folder per class ({@code .txt} files, as Keras'
 * {@code text_dataset_from_directory}) or a CSV file (a text column and a label column), vectorised as Keras'
 * {@code TextVectorization} does (see {@link TextVectorizer}) with the vocabulary learned from the training
 * rows only. Class names (sorted folder names or labels) are recorded with each run.
 *
 * <p>Options: {@code path} (required: a folder, or a {@code .csv}/{@code .tsv} file; relative to the
 * experiment file), {@code text_column} (default {@code text}) and {@code label_column} (default
 * {@code label}) for CSV, {@code delimiter} (default {@code ,}; a tab for {@code .tsv}), {@code max_tokens}
 * (default 10000), {@code output_mode: int | multi_hot} (default int), {@code output_sequence_length}
 * (required for int), {@code label_mode: int | categorical | binary} (default int), {@code validation} (a
 * fraction held out with the seed as the test part; use {@code split: {test: true}} so the vocabulary never
 * sees validation rows). Inputs {@code text}: (n, output_sequence_length) ids or (n, max_tokens) multi-hot;
 * targets {@code label}.
 *
 * <pre>{@code
 * DataSet d = DataLoaders.get("text").load(Map.of("path", "mail", "output_mode", "multi_hot", "max_tokens", 2000,
 *         "validation", 0.2, "label_mode", "binary"), 7L, Path.of("experiments"));
 * }</pre>
 */
public final class TextLoader implements DataLoader {
    private static final List<String> MODES = List.of("int", "multi_hot");

    /** The options after checking. */
    private record Settings(String path, String textColumn, String labelColumn, Character delimiter, int maxTokens, String outputMode,
            int length, String labelMode, double validation) {
    }

    @Override
    public String name() {
        return "text";
    }

    @Override
    public Set<String> options() {
        return Set.of("path", "text_column", "label_column", "delimiter", "max_tokens", "output_mode", "output_sequence_length", "label_mode",
                "validation");
    }

    @Override
    public boolean hasTestSet() {
        return true;
    }

    @Override
    public boolean hasTestSet(Map<String, Object> options) {
        return Holdout.requested(options);
    }

    @Override
    public void checkOptions(Map<String, Object> options) {
        settings(options);
    }

    private Settings settings(Map<String, Object> options) {
        Options o = new Options(name(), options);
        String path = o.string("path", null);
        if (path == null) {
            throw new IllegalArgumentException("text: option 'path' is missing: a folder with one sub-folder per class, or a CSV file");
        }
        String mode = o.choice("output_mode", "int", MODES);
        int length = o.integer("output_sequence_length", 0, 1);
        if (mode.equals("int") && length == 0) {
            throw new IllegalArgumentException("text: output_mode int needs option 'output_sequence_length' (the model input's length)");
        }
        if (mode.equals("multi_hot") && length != 0) {
            throw new IllegalArgumentException("text: option 'output_sequence_length' applies to output_mode int only; the multi_hot width is max_tokens");
        }
        String delimiter = o.string("delimiter", null);
        if (delimiter != null && delimiter.length() != 1) {
            throw new IllegalArgumentException("text: option 'delimiter' must be one character, received '" + delimiter + "'");
        }
        return new Settings(path, o.string("text_column", "text"), o.string("label_column", "label"), delimiter == null ? null : delimiter.charAt(0),
                o.integer("max_tokens", 10000, mode.equals("int") ? 3 : 2), mode, length, o.choice("label_mode", "int", Labels.MODES),
                o.number("validation", 0, 0, 0.99));
    }

    @Override
    public DataSet load(Map<String, Object> options, long seed) {
        return load(options, seed, Path.of("."));
    }

    @Override
    public DataSet load(Map<String, Object> options, long seed, Path baseDir) {
        Settings s = settings(options);
        Fingerprint fp = new Fingerprint();
        TextCorpus c = read(s, baseDir, fp);
        Labels.check(name(), s.labelMode(), c.classNames(), s.path());
        Holdout h = Holdout.of(name(), c.texts().size(), s.validation(), seed);
        List<String> train = pick(c.texts(), h.train());
        TextVectorizer v = TextVectorizer.fit(train, s.maxTokens(), s.outputMode());
        fp.update("max_tokens=" + s.maxTokens() + ",output_mode=" + s.outputMode() + ",length=" + s.length() + ",label_mode=" + s.labelMode()
                + ",validation=" + s.validation() + ",seed=" + (h.validates() ? seed : 0));
        int k = c.classNames().size();
        Map<String, INDArray> x = Map.of("text", vectorize(v, train, s));
        Map<String, INDArray> y = Map.of("label", Labels.encode(c.labels(), h.train(), k, s.labelMode()));
        Map<String, INDArray> tx = h.validates() ? Map.of("text", vectorize(v, pick(c.texts(), h.validation()), s)) : null;
        Map<String, INDArray> ty = h.validates() ? Map.of("label", Labels.encode(c.labels(), h.validation(), k, s.labelMode())) : null;
        return new DataSet(x, y, tx, ty, fp.hex(), describe(s, c, v, h), Set.of(), Map.of(), Map.of("label", c.classNames()));
    }

    /** A CSV file when the path names a file, else a folder of class folders. */
    private static TextCorpus read(Settings s, Path baseDir, Fingerprint fp) {
        Path given = Path.of(s.path());
        Path resolved = baseDir.resolve(s.path());
        return Files.isRegularFile(resolved) ? TextCorpus.csv(given, resolved, s.textColumn(), s.labelColumn(), delimiter(s), fp)
                : TextCorpus.folder(given, resolved, fp);
    }

    private static String describe(Settings s, TextCorpus c, TextVectorizer v, Holdout h) {
        return "text (" + s.path() + ") " + c.classNames().size() + " classes " + c.classNames() + ", " + c.texts().size() + " texts, "
                + (v.vocabulary().size() - (s.outputMode().equals("int") ? 2 : 1)) + " words learned from " + h.train().length + " training texts"
                + (h.validates() ? " + " + h.validation().length + " validation" : "");
    }

    private static char delimiter(Settings s) {
        return s.delimiter() != null ? s.delimiter() : s.path().toLowerCase(java.util.Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
    }

    private static List<String> pick(List<String> texts, int[] rows) {
        return java.util.Arrays.stream(rows).mapToObj(texts::get).toList();
    }

    private static INDArray vectorize(TextVectorizer v, List<String> texts, Settings s) {
        return s.outputMode().equals("int") ? v.ints(texts, s.length()) : v.multiHot(texts);
    }
}
