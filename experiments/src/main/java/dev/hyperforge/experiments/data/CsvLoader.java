package dev.hyperforge.experiments.data;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@code csv} loader: a CSV (or TSV, or any one-character delimiter) file with a header line. The columns
 * named in {@code targets} become targets (one array per column, named after it, or one combined array named
 * {@code target_name}); the others (or those in {@code features}) form the input {@code features} of shape
 * (n, k). Categorical columns are one-hot encoded inside {@code features} (an out-of-vocabulary slot first,
 * then one slot per category in sorted order), or given as an input of ids of their own for an Embedding
 * ({@code categorical: {city: int}}: 0 = out of vocabulary, 1.. = categories). Missing-value imputation,
 * normalisation and the vocabulary are learned from each split's training rows only: a category that occurs
 * only in validation rows lands in the out-of-vocabulary slot, as in Keras' {@code StringLookup}.
 *
 * <pre>{@code
 * data:
 *   loader: csv
 *   options: {path: houses.csv, targets: [price], categorical: [town], missing: mean}
 * }</pre>
 */
public final class CsvLoader implements DataLoader {
    @Override
    public String name() {
        return CsvSpec.NAME;
    }

    @Override
    public Set<String> options() {
        return CsvSpec.KEYS;
    }

    @Override
    public boolean hasTestSet() {
        return false;
    }

    @Override
    public void checkOptions(Map<String, Object> options) {
        CsvSpec.parse(options);
    }

    @Override
    public DataSet load(Map<String, Object> options, long seed) {
        return load(options, seed, Path.of(""));
    }

    @Override
    public DataSet load(Map<String, Object> options, long seed, Path baseDir) {
        long t0 = System.nanoTime();
        CsvSpec spec = CsvSpec.parse(options);
        MessageDigest md = sha256();
        CsvTable t = CsvTable.read(baseDir.resolve(spec.path), spec.path, spec, md);
        Map<String, INDArray> x = new LinkedHashMap<>();
        Map<String, RowTransform> transforms = new LinkedHashMap<>();
        CsvEncoder.features(t, spec, x, transforms);
        Map<String, INDArray> y = CsvEncoder.targets(t, spec);
        String desc = summary(t, spec, x, y, (System.nanoTime() - t0) / 1e9);
        return new DataSet(x, y, null, null, HexFormat.of().formatHex(md.digest()), desc, Set.of(), transforms, Map.of());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one-line load summary: rows, columns, shapes, classes, time. */
    static String summary(CsvTable t, CsvSpec spec, Map<String, INDArray> x, Map<String, INDArray> y, double seconds) {
        List<String> parts = new ArrayList<>();
        x.forEach((k, v) -> parts.add(k + " " + shape(v)));
        List<String> targets = new ArrayList<>();
        y.forEach((k, v) -> targets.add(k + " " + shape(v)));
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < t.names.size(); i++) {
            if (t.role[i] == CsvTable.STR && t.isTarget(i)) {
                classes.add(t.names.get(i) + ": " + t.vocab.get(i).size());
            }
        }
        return String.format(java.util.Locale.ROOT, "csv %s: %d rows%s, %d columns; inputs %s; targets %s%s; read in %.2f s", spec.path,
                t.rows(), t.dropped > 0 ? " (" + t.dropped + " with missing cells dropped)" : "", t.names.size(), String.join(", ", parts),
                String.join(", ", targets), classes.isEmpty() ? "" : "; classes " + String.join(", ", classes), seconds);
    }

    private static String shape(INDArray a) {
        return java.util.Arrays.toString(a.shape()).replace('[', '(').replace(']', ')');
    }
}
