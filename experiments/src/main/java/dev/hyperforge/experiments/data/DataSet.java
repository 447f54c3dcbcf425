package dev.hyperforge.experiments.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loaded data: inputs and targets by name (first dimension = samples), an optional test part, the
 * SHA-256 fingerprint of the bytes actually read (or generated), a description, and the inputs that
 * must be standardised with training statistics once the data is split.
 *
 * <pre>{@code
 * DataSet d = DataLoaders.get("boston").load(Map.of(), 7L);
 * List<Split> folds = Splits.kfold(d, 4, 7L);       // standardised per fold from its training part
 * DataSet aligned = d.alignTo(model.inputNames(), model.outputNames());
 * }</pre>
 *
 * @param x inputs by name
 * @param y targets by name
 * @param testX test inputs by name, or null
 * @param testY test targets by name, or null
 * @param fingerprint SHA-256 (hex) of the data read or generated
 * @param description human-readable origin, e.g. {@code fashion-mnist (bundled subset) 3000 train + 1000 test}
 * @param standardize names of inputs to standardise with training statistics
 * @param transforms per input name, a transformation fitted on each split's training rows (see {@link RowTransform})
 * @param classNames for class-label targets, the class name of each id by target name (e.g. the folder names
 *     of an image folder), recorded with each run so predictions map back to labels; empty when none
 */
public record DataSet(Map<String, INDArray> x, Map<String, INDArray> y, Map<String, INDArray> testX, Map<String, INDArray> testY,
        String fingerprint, String description, Set<String> standardize, Map<String, RowTransform> transforms,
        Map<String, List<String>> classNames) {

    /** Validates sample counts and copies the maps. */
    public DataSet {
        x = copy(x, "x");
        y = copy(y, "y");
        if ((testX == null) != (testY == null)) {
            throw new IllegalArgumentException("a test set needs both inputs and targets");
        }
        testX = testX == null ? null : copy(testX, "test x");
        testY = testY == null ? null : copy(testY, "test y");
        standardize = Set.copyOf(standardize == null ? Set.of() : standardize);
        transforms = Map.copyOf(transforms == null ? Map.of() : transforms);
        classNames = classNames(classNames, y);
        long n = count(x, y);
        if (n == 0) {
            throw new IllegalArgumentException("a data set needs at least one sample");
        }
        if (testX != null) {
            count(testX, testY);
        }
        for (String s : standardize) {
            if (!x.containsKey(s)) {
                throw new IllegalArgumentException("cannot standardise unknown input '" + s + "'; inputs are " + x.keySet());
            }
        }
        for (String s : transforms.keySet()) {
            if (!x.containsKey(s)) {
                throw new IllegalArgumentException("cannot transform unknown input '" + s + "'; inputs are " + x.keySet());
            }
        }
        if (fingerprint == null || !fingerprint.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a data set needs a SHA-256 fingerprint (64 hex digits), received " + fingerprint);
        }
    }

    private static Map<String, List<String>> classNames(Map<String, List<String>> names, Map<String, INDArray> y) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        (names == null ? Map.<String, List<String>>of() : names).forEach((k, v) -> {
            if (!y.containsKey(k)) {
                throw new IllegalArgumentException("class names for unknown target '" + k + "'; targets are " + y.keySet());
            }
            out.put(k, List.copyOf(v));
        });
        return Collections.unmodifiableMap(out);
    }

    /** A data set without per-split transforms (as every loader made before {@link RowTransform} existed). */
    public DataSet(Map<String, INDArray> x, Map<String, INDArray> y, Map<String, INDArray> testX, Map<String, INDArray> testY,
            String fingerprint, String description, Set<String> standardize) {
        this(x, y, testX, testY, fingerprint, description, standardize, Map.of(), Map.of());
    }

    /** This data set with per-split transforms of some inputs. */
    public DataSet withTransforms(Map<String, RowTransform> t) {
        return new DataSet(x, y, testX, testY, fingerprint, description, standardize, t, classNames);
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> m, String what) {
        if (m == null || m.isEmpty()) {
            throw new IllegalArgumentException("a data set needs at least one " + what + " array");
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    private static long count(Map<String, INDArray> x, Map<String, INDArray> y) {
        long n = -1;
        for (Map<String, INDArray> m : List.of(x, y)) {
            for (Map.Entry<String, INDArray> e : m.entrySet()) {
                long k = e.getValue().size(0);
                if (n >= 0 && k != n) {
                    throw new IllegalArgumentException("all arrays need the same number of samples; '" + e.getKey() + "' has " + k + ", others " + n);
                }
                n = k;
            }
        }
        return n;
    }

    /** A data set without a test part. */
    public static DataSet of(Map<String, INDArray> x, Map<String, INDArray> y, String fingerprint, String description) {
        return new DataSet(x, y, null, null, fingerprint, description, Set.of());
    }

    /** Number of training samples. */
    public long samples() {
        return x.values().iterator().next().size(0);
    }

    /** Whether there is a test part. */
    public boolean hasTest() {
        return testX != null;
    }

    /**
     * The first {@code n} training samples and the first {@code testN} test samples (for quick runs); the
     * fingerprint names the cut.
     */
    public DataSet head(long n, long testN) {
        long[] r = new long[(int) Math.min(n, samples())];
        for (int i = 0; i < r.length; i++) {
            r[i] = i;
        }
        Map<String, INDArray> tx = testX;
        Map<String, INDArray> ty = testY;
        if (tx != null) {
            long tn = Math.min(testN, tx.values().iterator().next().size(0));
            long[] tr = new long[(int) tn];
            for (int i = 0; i < tr.length; i++) {
                tr[i] = i;
            }
            tx = rows(testX, tr);
            ty = rows(testY, tr);
        }
        return new DataSet(rows(x, r), rows(y, r), tx, ty, fingerprint, description + " (first " + r.length + ")", standardize,
                transforms, classNames);
    }

    /** The training samples at the given row indices (no test part). */
    public DataSet select(long[] rows) {
        return new DataSet(rows(x, rows), rows(y, rows), null, null, fingerprint, description, standardize, transforms, classNames);
    }

    static Map<String, INDArray> rows(Map<String, INDArray> m, long[] rows) {
        int[] r = new int[rows.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.toIntExact(rows[i]);
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            long n = v.size(0);
            INDArray flat = v.reshape('c', n, v.length() / n);
            out.put(k, gather(flat, r).reshape('c', shapeWith(v.shape(), r.length)));
        });
        return out;
    }

    /**
     * Rows {@code r} of the matrix {@code flat}, copied in C order. For the numeric types one {@code pullRows} op
     * (a single native gather: 0.4–0.8 ms for 303 of Boston's 404 rows, where {@code getRows}, one row copy at a
     * time, took 10 ms, and a k-fold tune splits every fold of every trial); the same elements either way.
     */
    private static INDArray gather(INDArray flat, int[] r) {
        DataType t = flat.dataType();
        boolean numeric = t == DataType.FLOAT || t == DataType.DOUBLE || t == DataType.INT32 || t == DataType.INT64;
        return numeric && r.length > 0 && flat.size(1) > 0 ? Nd4j.pullRows(flat, 1, r, 'c') : flat.getRows(r);
    }

    private static long[] shapeWith(long[] shape, long n) {
        long[] s = shape.clone();
        s[0] = n;
        return s;
    }

    /**
     * Renames the arrays to a model's input and output names: unchanged when the names match; a single
     * array is renamed to a single name; otherwise the missing names are reported.
     */
    public DataSet alignTo(List<String> inputNames, List<String> outputNames) {
        Map<String, INDArray> nx = align(x, inputNames, "input");
        Map<String, INDArray> ny = align(y, outputNames, "output");
        Map<String, INDArray> tx = testX == null ? null : align(testX, inputNames, "input");
        Map<String, INDArray> ty = testY == null ? null : align(testY, outputNames, "output");
        Set<String> std = standardize;
        Map<String, RowTransform> tr = transforms;
        if (x.size() == 1 && !x.containsKey(inputNames.get(0))) {
            std = std.isEmpty() ? std : Set.of(inputNames.get(0));
            tr = tr.isEmpty() ? tr : Map.of(inputNames.get(0), tr.values().iterator().next());
        }
        Map<String, List<String>> names = classNames;
        if (y.size() == 1 && !classNames.isEmpty()) {
            names = Map.of(ny.keySet().iterator().next(), classNames.values().iterator().next());
        }
        return new DataSet(nx, ny, tx, ty, fingerprint, description, std, tr, names);
    }

    private static Map<String, INDArray> align(Map<String, INDArray> m, List<String> names, String what) {
        if (m.keySet().containsAll(names) && m.size() == names.size()) {
            return m;
        }
        if (m.size() == 1 && names.size() == 1) {
            return Map.of(names.get(0), m.values().iterator().next());
        }
        throw new IllegalArgumentException("the data provides " + what + "s " + m.keySet() + " but the model's " + what + "s are " + names
                + "; name the model's " + what + "s after the data");
    }
}
