package dev.hyperforge.experiments.data;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a {@link CsvTable} into arrays: the {@code features} input (numeric columns as they are, categorical
 * ones one-hot with an out-of-vocabulary slot first), an input of ids per {@code int}-encoded categorical column,
 * and the targets by kind. Category and class orders are sorted (numerically when every value is a number), so
 * the encoding does not depend on row order.
 *
 * <pre>{@code
 * CsvEncoder.features(table, spec, x, transforms);
 * Map<String, INDArray> y = CsvEncoder.targets(table, spec);
 * }</pre>
 */
final class CsvEncoder {
    private CsvEncoder() {
    }

    /** Adds the inputs to {@code x} and the per-split transforms they need to {@code transforms}. */
    static void features(CsvTable t, CsvSpec spec, Map<String, INDArray> x, Map<String, RowTransform> transforms) {
        List<CsvTransform.Block> blocks = new ArrayList<>();
        int width = 0;
        for (int i = 0; i < t.names.size(); i++) {
            if (t.role[i] == CsvTable.SKIP || t.isTarget(i)) {
                continue;
            }
            CsvSpec.Encoding enc = spec.categorical.get(t.names.get(i));
            if (enc == CsvSpec.Encoding.INT) {
                x.put(t.names.get(i), ids(t, i));
                transforms.put(t.names.get(i), CsvTransform.oovIds());
            } else {
                int w = enc == null ? 1 : t.vocab.get(i).size() + 1;
                blocks.add(new CsvTransform.Block(i, width, w, enc != null));
                width += w;
            }
        }
        if (width > 0) {
            x.put("features", matrix(t, blocks, width));
            boolean numeric = blocks.stream().anyMatch(b -> !b.categorical());
            if (blocks.stream().anyMatch(CsvTransform.Block::categorical) || (numeric && (spec.normalize || spec.missing == CsvSpec.Missing.MEAN))) {
                transforms.put("features", new CsvTransform(blocks, spec.normalize));
            }
        }
        if (x.isEmpty()) {
            throw new IllegalArgumentException(spec.path + ": no feature columns are left once the targets are taken out (columns: " + t.names + ")");
        }
    }

    /**
     * The (n, width) features: the numeric columns as parsed when there is no one-hot block, else assembled in row
     * blocks with the one-hot slots and copied in bulk into a new array's native memory.
     */
    private static INDArray matrix(CsvTable t, List<CsvTransform.Block> blocks, int width) {
        if (blocks.stream().noneMatch(CsvTransform.Block::categorical)) {
            return t.numeric();
        }
        int n = t.rows();
        float[] numeric = t.numeric().data().asFloat();
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, n, width);
        FloatBuffer fb = a.data().asNioFloat();
        int step = Math.max(1, 65536 / width);
        float[] tmp = new float[step * width];
        List<int[]> orders = new ArrayList<>();
        blocks.forEach(b -> orders.add(b.categorical() ? sortedOrder(t.vocab.get(b.column())) : null));
        for (int r0 = 0; r0 < n; r0 += step) {
            int m = Math.min(step, n - r0);
            java.util.Arrays.fill(tmp, 0, m * width, 0f);
            for (int k = 0; k < blocks.size(); k++) {
                CsvTransform.Block b = blocks.get(k);
                if (!b.categorical()) {
                    int s = t.slot[b.column()];
                    for (int r = 0; r < m; r++) {
                        tmp[r * width + b.start()] = numeric[(r0 + r) * t.numericWidth + s];
                    }
                } else {
                    Columns.Ints c = t.str[b.column()];
                    for (int r = 0; r < m; r++) {
                        int id = c.get(r0 + r);
                        tmp[r * width + b.start() + (id < 0 ? 0 : 1 + orders.get(k)[id])] = 1f;
                    }
                }
            }
            fb.put(tmp, 0, m * width);
        }
        return a;
    }

    /** An (n, 1) input of category ids: 1.. in sorted category order, 0 for a missing cell. */
    private static INDArray ids(CsvTable t, int column) {
        int[] order = sortedOrder(t.vocab.get(column));
        float[] v = new float[t.rows()];
        for (int r = 0; r < v.length; r++) {
            int id = t.str[column].get(r);
            v[r] = id < 0 ? 0 : 1 + order[id];
        }
        return Nd4j.create(v, new long[] {v.length, 1}, 'c');
    }

    /** The targets: one array per target column named after it, or all concatenated as {@code target_name}. */
    static Map<String, INDArray> targets(CsvTable t, CsvSpec spec) {
        Map<String, INDArray> y = new LinkedHashMap<>();
        for (int i = 0; i < t.names.size(); i++) {
            if (t.role[i] != CsvTable.SKIP && t.isTarget(i)) {
                y.put(t.names.get(i), target(t, spec, i));
            }
        }
        if (y.isEmpty()) {
            throw new IllegalArgumentException(spec.path + ": no target columns are left once the features are taken out (columns: " + t.names + ")");
        }
        if (spec.targetName != null && y.size() > 0) {
            return Map.of(spec.targetName, Nd4j.hstack(y.values().toArray(new INDArray[0])));
        }
        return y;
    }

    private static INDArray target(CsvTable t, CsvSpec spec, int i) {
        int n = t.rows();
        CsvSpec.Kind kind = spec.targets.getOrDefault(t.names.get(i), CsvSpec.Kind.REGRESSION);
        if (kind == CsvSpec.Kind.REGRESSION) {
            float[] v = new float[n];
            for (int r = 0; r < n; r++) {
                v[r] = t.num[i].get(r);
            }
            return Nd4j.create(v, new long[] {n, 1}, 'c');
        }
        List<String> classes = t.vocab.get(i);
        if (kind == CsvSpec.Kind.BINARY && classes.size() != 2) {
            throw new IllegalArgumentException(spec.path + ":" + firstLine(t, i, Math.min(2, classes.size() - 1)) + " column '" + t.names.get(i)
                    + "': a binary target needs exactly 2 distinct values, found " + classes.size() + " " + sorted(classes)
                    + " (use kind onehot or int for more classes)");
        }
        int[] order = sortedOrder(classes);
        int width = kind == CsvSpec.Kind.ONEHOT ? classes.size() : 1;
        float[] v = new float[n * width];
        for (int r = 0; r < n; r++) {
            int c = order[t.str[i].get(r)];
            if (kind == CsvSpec.Kind.ONEHOT) {
                v[r * width + c] = 1f;
            } else {
                v[r] = c;
            }
        }
        return Nd4j.create(v, new long[] {n, width}, 'c');
    }

    /** The line of the first row whose value of column {@code i} has first-appearance id {@code id}. */
    private static int firstLine(CsvTable t, int i, int id) {
        for (int r = 0; r < t.rows(); r++) {
            if (t.str[i].get(r) == id) {
                return t.lines.get(r);
            }
        }
        return 0;
    }

    /** The categories in encoding order: numerically when all are numbers, else by text. */
    static List<String> sorted(List<String> values) {
        boolean numeric = values.stream().allMatch(CsvEncoder::isNumber);
        Comparator<String> c = numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
        return values.stream().sorted(c).toList();
    }

    /** For each first-appearance id, its position in {@link #sorted} order. */
    static int[] sortedOrder(List<String> values) {
        List<String> s = sorted(values);
        Map<String, Integer> pos = new java.util.HashMap<>();
        for (int k = 0; k < s.size(); k++) {
            pos.put(s.get(k), k);
        }
        int[] order = new int[values.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = pos.get(values.get(k));
        }
        return order;
    }

    private static boolean isNumber(String s) {
        char[] c = s.toCharArray();
        double v = Decimals.parse(c, 0, c.length);
        return !Decimals.isBad(v) && !Decimals.isMissing(v);
    }
}
