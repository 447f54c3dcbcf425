package dev.hyperforge.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.kernels.SmallKernels;
import org.nd4j.linalg.indexing.NDArrayIndex;

import dev.hyperforge.engine.kernels.HostArrays;


/**
 * Turns the forms users pass to fit/evaluate/predict (one array, a list in input order, or a map by
 * name) into arrays in the model's order, checks them, and slices batches.
 */
final class DataAdapter {
    private DataAdapter() {
    }

    /**
     * Orders data by name.
     *
     * @param data an INDArray, a List of INDArray or a Map from name to INDArray
     * @param names the model's input or output names, in order
     * @param kind "input" or "output", for messages
     */
    @SuppressWarnings("unchecked")
    static List<INDArray> order(Object data, List<String> names, String kind) {
        List<INDArray> out = new ArrayList<>();
        for (INDArray a : orderAsGiven(data, names, kind)) {
            out.add(a == null ? null : standalone(a));
        }
        return out;
    }

    /**
     * {@code a} itself when it owns its buffer in C order from offset 0, else a C-order copy (once per call,
     * not per batch): batches are then row views of it ({@link #range}), and ND4J 1.0.0-M2.1 mis-builds a
     * row view of a view at the end of its rows (its buffer comes out null).
     */
    static INDArray standalone(INDArray a) {
        return a.isEmpty() ? a : HostArrays.contiguous(a);
    }

    private static List<INDArray> orderAsGiven(Object data, List<String> names, String kind) {
        if (data == null) {
            throw new IllegalArgumentException("no " + kind + " data given; the model's " + kind + "s are " + names);
        }
        if (data instanceof INDArray a) {
            if (names.size() != 1) {
                throw new IllegalArgumentException("one array given but the model has " + names.size() + " " + kind + "s " + names
                        + "; pass a list in that order or a map by name");
            }
            return List.of(a);
        }
        if (data instanceof List<?> list) {
            if (list.size() != names.size()) {
                throw new IllegalArgumentException(list.size() + " " + kind + " arrays given but the model has " + names.size()
                        + " " + kind + "s " + names);
            }
            List<INDArray> out = new ArrayList<>();
            for (Object o : list) {
                out.add(requireArray(o, kind));
            }
            return out;
        }
        if (data instanceof Map<?, ?> map) {
            Set<String> unknown = new LinkedHashSet<>((Set<String>) map.keySet());
            names.forEach(unknown::remove);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("data given for " + unknown + " which " + (unknown.size() == 1 ? "is not a model " : "are not model ")
                        + kind + (unknown.size() == 1 ? "" : "s") + "; the model's " + kind + "s are " + names);
            }
            List<INDArray> out = new ArrayList<>();
            for (String n : names) {
                Object o = map.get(n);
                if (o == null) {
                    throw new IllegalArgumentException("no data given for " + kind + " '" + n + "'; the model's " + kind + "s are " + names);
                }
                out.add(requireArray(o, kind + " '" + n + "'"));
            }
            return out;
        }
        throw new IllegalArgumentException(kind + " data must be an INDArray, a List or a Map by name, received " + data.getClass().getSimpleName());
    }

    private static INDArray requireArray(Object o, String what) {
        if (o instanceof INDArray a) {
            return a;
        }
        throw new IllegalArgumentException(what + " data must be an INDArray, received " + (o == null ? "null" : o.getClass().getSimpleName()));
    }

    /** Checks each input array against the model's input shape. */
    static void checkInputs(List<INDArray> xs, Graph g) {
        for (int i = 0; i < xs.size(); i++) {
            Shape expected = g.inputs().get(i).shape();
            long[] got = xs.get(i).shape();
            if (!expected.accepts(got)) {
                throw new IllegalArgumentException("input '" + g.inputNames().get(i) + "' expects arrays of shape " + expected
                        + ", received " + Shape.format(got) + inputHint(expected, got));
            }
        }
    }

    private static String inputHint(Shape expected, long[] got) {
        if (got.length == expected.rank() - 1 && got.length >= 1) {
            return got.length == 1 && expected.rank() == 2
                    ? "; each sample must be a sequence/vector: give an array of shape (n, length), e.g. pad the sequences to one length"
                    : "; the arrays lack an axis: add the missing one (e.g. a channels axis of size 1)";
        }
        return "";
    }

    /** The common number of samples, or an error naming the array that differs. */
    static long samples(List<INDArray> xs, List<String> xNames, List<INDArray> ys, List<String> yNames) {
        long n = xs.get(0).size(0);
        for (int i = 0; i < xs.size(); i++) {
            if (xs.get(i).size(0) != n) {
                throw new IllegalArgumentException("input '" + xNames.get(i) + "' has " + xs.get(i).size(0) + " samples but input '"
                        + xNames.get(0) + "' has " + n + "; all arrays need the same number of samples");
            }
        }
        if (ys != null) {
            for (int i = 0; i < ys.size(); i++) {
                if (ys.get(i).size(0) != n) {
                    throw new IllegalArgumentException("targets for output '" + yNames.get(i) + "' have " + ys.get(i).size(0)
                            + " samples but the inputs have " + n);
                }
            }
        }
        return n;
    }

    /**
     * Rows {@code idx} of every array (any rank), contiguous, into the arrays of {@code into} where one has the batch's type and row shape
     * and at least its rows (it is overwritten; a smaller batch gets a view of its first rows), else into
     * new arrays, which replace the old ones in {@code into}. The training
     * loop keeps one such list, so its full-size batches copy into the same arrays every time.
     */
    static List<INDArray> rowsInto(List<INDArray> arrays, int[] idx, List<INDArray> into) {
        List<INDArray> out = new ArrayList<>(arrays.size());
        for (int k = 0; k < arrays.size(); k++) {
            INDArray a = arrays.get(k);
            long[] shape = a.shape().clone();
            shape[0] = idx.length;
            INDArray kept = k < into.size() ? into.get(k) : null;
            INDArray dst;
            if (kept != null && kept.dataType() == a.dataType() && kept.size(0) >= idx.length
                    && java.util.Arrays.equals(java.util.Arrays.copyOfRange(kept.shape(), 1, shape.length), java.util.Arrays.copyOfRange(shape, 1, shape.length))) {
                dst = kept.size(0) == idx.length ? kept : kept.get(NDArrayIndex.interval(0, idx.length));   // a smaller last batch: the first rows
            } else {
                dst = Nd4j.createUninitialized(a.dataType(), shape);
                if (k < into.size()) {
                    into.set(k, dst);
                } else {
                    into.add(dst);
                }
            }
            long rest = a.length() / a.size(0);
            if (!SmallKernels.gatherRows(a, idx, rest, dst)) {
                Nd4j.pullRows(a.reshape('c', a.size(0), rest), dst.reshape('c', idx.length, rest), 1, idx);
            }
            out.add(dst);
        }
        return out;
    }

    /**
     * Rows [from, to) of every array: a view where the rows are one contiguous block (a C-order array;
     * evaluation and prediction then copy nothing per batch), else a contiguous copy. Layers never write
     * into their inputs.
     */
    static List<INDArray> range(List<INDArray> arrays, long from, long to) {
        List<INDArray> out = new ArrayList<>(arrays.size());
        for (INDArray a : arrays) {
            INDArray v = from == 0 && to == a.size(0) ? a : a.get(NDArrayIndex.interval(from, to));
            out.add(a.ordering() == 'c' && v.ordering() == 'c' && isRowBlock(a, v) ? v : v.dup('c'));
        }
        return out;
    }

    /** Whether the row view {@code v} of {@code a} has {@code a}'s C-order strides (one contiguous block). */
    private static boolean isRowBlock(INDArray a, INDArray v) {
        return java.util.Arrays.equals(Nd4j.getStrides(a.shape(), 'c'), a.stride()) && java.util.Arrays.equals(a.stride(), v.stride());
    }
}
