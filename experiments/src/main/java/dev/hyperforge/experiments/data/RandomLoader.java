package dev.hyperforge.experiments.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded random data of given shapes, for the S2 profile model, the S1 random-data form and benchmarks.
 *
 * <p>Options: {@code samples} (default 256), {@code test_samples} (default 0: no test part),
 * {@code signal} (default true), {@code inputs} and {@code outputs}: maps from name to
 * {@code {shape: [...], kind: ..., high: n}} (shape without the batch dimension).
 * Input kinds: {@code int} (ids in [1, high), for embeddings), {@code uniform} ([0, 1)), {@code normal}.
 * Output kinds: {@code regression}, {@code binary} (0/1), {@code onehot} (last dimension = classes),
 * {@code int} (class ids in [0, high)).
 *
 * <p>With {@code signal}, targets are a function of the inputs so that training means something: a
 * per-sample score s in [0, 1] (the fraction of ids below high/2, or of values above the median) gives
 * the regression target 10·s + noise, the binary target s above its median, and the class from the
 * quantile of s; without it, targets are independent noise (the seed articles' form). With
 * {@code signal_per_output: true} each of the k outputs has its own score, from its own positions of the inputs
 * (position j belongs to output j mod k, each with its own per-sample bias), so the outputs compete for a
 * shared model's capacity: the data of multi-objective examples, where the loss weights trade one output's
 * quality for another's.
 *
 * <pre>{@code
 * DataSet d = DataLoaders.get("random").load(Map.of("samples", 512,
 *     "inputs", Map.of("posts", Map.of("shape", List.of(100), "kind", "int", "high", 2000)),
 *     "outputs", Map.of("age", Map.of("shape", List.of(1), "kind", "regression"),
 *                       "income", Map.of("shape", List.of(10), "kind", "onehot"),
 *                       "gender", Map.of("shape", List.of(1), "kind", "binary"))), 5L);
 * }</pre>
 */
public final class RandomLoader implements DataLoader {
    private static final List<String> INPUT_KINDS = List.of("int", "uniform", "normal");
    private static final List<String> OUTPUT_KINDS = List.of("regression", "binary", "onehot", "int");

    /** One array's description. */
    record ArraySpec(String name, int[] shape, String kind, int high) {
        int features() {
            return (int) values(shape);
        }
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public Set<String> options() {
        return Set.of("samples", "test_samples", "signal", "signal_per_output", "inputs", "outputs");
    }

    @Override
    public boolean hasTestSet() {
        return true;
    }

    @Override
    public void checkOptions(Map<String, Object> options) {
        Options o = new Options(name(), options);
        long samples = (long) o.integer("samples", 256, 1) + o.integer("test_samples", 0, 0);
        o.bool("signal", true);
        o.bool("signal_per_output", false);
        long perSample = 0;
        long widest = 0;
        List<ArraySpec> all = new ArrayList<>(specs(o.raw("inputs"), "inputs", INPUT_KINDS, true));
        all.addAll(specs(o.raw("outputs"), "outputs", OUTPUT_KINDS, false));
        for (ArraySpec a : all) {
            perSample = MemoryBudget.add(perSample, a.features());
            widest = Math.max(widest, a.features());
        }
        long values = MemoryBudget.multiply(samples, perSample);
        long bytes = MemoryBudget.multiply(values, 8); // a float[] on the heap, then its copy in a native array
        if (MemoryBudget.multiply(samples, widest) > Integer.MAX_VALUE || bytes > MemoryBudget.available()) {
            throw new IllegalArgumentException("random: option 'samples' " + samples + " × " + perSample + " values per sample = " + values
                    + " values, about " + MemoryBudget.format(bytes) + "; " + MemoryBudget.describe() + ", and one array holds at most "
                    + Integer.MAX_VALUE + " values");
        }
    }

    /** The product of a shape's dimensions, refused (with the shape) beyond one array's limit. */
    private static long values(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n = MemoryBudget.multiply(n, d);
        }
        return n;
    }

    private static List<ArraySpec> specs(Object raw, String key, List<String> kinds, boolean input) {
        if (!(raw instanceof Map<?, ?> m) || m.isEmpty()) {
            throw new IllegalArgumentException("random: option '" + key + "' must map names to {shape: [...], kind: ...}, e.g. "
                    + (input ? "{x: {shape: [20], kind: uniform}}" : "{y: {shape: [1], kind: regression}}"));
        }
        List<ArraySpec> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String name = String.valueOf(e.getKey());
            String where = "random: " + key + "." + name;
            if (!(e.getValue() instanceof Map<?, ?> spec)) {
                throw new IllegalArgumentException(where + " must be a map with shape and kind");
            }
            for (Object k : spec.keySet()) {
                if (!List.of("shape", "kind", "high").contains(String.valueOf(k))) {
                    throw new IllegalArgumentException(where + ": unknown key '" + k + "' (allowed: shape, kind, high)");
                }
            }
            if (!(spec.get("shape") instanceof List<?> dims) || dims.isEmpty()) {
                throw new IllegalArgumentException(where + ".shape must be a non-empty list of positive ints (batch excluded)");
            }
            int[] shape = new int[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                if (!(dims.get(i) instanceof Integer d) || d <= 0) {
                    throw new IllegalArgumentException(where + ".shape must hold positive ints, received " + dims);
                }
                shape[i] = (Integer) dims.get(i);
            }
            Object kind = spec.get("kind") == null ? (input ? "uniform" : "regression") : spec.get("kind");
            if (!kinds.contains(kind)) {
                throw new IllegalArgumentException(where + ".kind must be one of " + kinds + ", received " + kind);
            }
            int high = 0;
            if (kind.equals("int")) {
                if (!(spec.get("high") instanceof Integer h) || h < 2) {
                    throw new IllegalArgumentException(where + ": kind int needs high (an int ≥ 2, exclusive upper bound)");
                }
                high = (Integer) spec.get("high");
            }
            if (kind.equals("onehot") && shape[shape.length - 1] < 2) {
                throw new IllegalArgumentException(where + ": a one-hot target needs at least 2 classes in its last dimension");
            }
            if (values(shape) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(where + ".shape " + Arrays.toString(shape) + " holds " + values(shape)
                        + " values per sample; at most " + Integer.MAX_VALUE + " fit in one array");
            }
            out.add(new ArraySpec(name, shape, (String) kind, high));
        }
        return out;
    }

    @Override
    public DataSet load(Map<String, Object> options, long seed) {
        checkOptions(options);
        Options o = new Options(name(), options);
        List<ArraySpec> ins = specs(o.raw("inputs"), "inputs", INPUT_KINDS, true);
        List<ArraySpec> outs = specs(o.raw("outputs"), "outputs", OUTPUT_KINDS, false);
        boolean signal = o.bool("signal", true);
        int groups = signal && o.bool("signal_per_output", false) ? outs.size() : 1;
        SplittableRandom root = new SplittableRandom(seed);
        int n = o.integer("samples", 256, 1);
        int nTest = o.integer("test_samples", 0, 0);
        Part train = part(ins, outs, n, signal, groups, root.split());
        Part test = nTest == 0 ? null : part(ins, outs, nTest, signal, groups, root.split());
        Fingerprint fp = new Fingerprint().update(train.x).update(train.y);
        if (test != null) {
            fp.update(test.x).update(test.y);
        }
        return new DataSet(train.x, train.y, test == null ? null : test.x, test == null ? null : test.y, fp.hex(),
                "random data (seed " + seed + ", " + (signal ? "with signal" : "pure noise") + ") " + n + " train" + (nTest > 0 ? " + " + nTest + " test" : ""),
                Set.of());
    }

    private record Part(Map<String, INDArray> x, Map<String, INDArray> y) {
    }

    /** One part of the data; {@code groups} &gt; 1: output o's score comes from input positions j with j mod groups = o. */
    private static Part part(List<ArraySpec> ins, List<ArraySpec> outs, int n, boolean signal, int groups, SplittableRandom r) {
        Map<String, INDArray> x = new LinkedHashMap<>();
        double[][] scores = new double[groups][n];
        for (ArraySpec s : ins) {
            SplittableRandom rr = r.split();
            int f = s.features();
            float[] v = new float[n * f];
            for (int i = 0; i < n; i++) {
                int[] hitsOf = new int[groups];
                double[] biases = new double[groups];
                for (int g = 0; g < groups; g++) {
                    biases[g] = rr.nextDouble();
                }
                for (int j = 0; j < f; j++) {
                    double bias = biases[j % groups];
                    float val = switch (s.kind()) {
                        case "int" -> rr.nextDouble() < bias ? 1 + rr.nextInt(Math.max(1, s.high() / 2 - 1)) : s.high() / 2 + rr.nextInt(s.high() - s.high() / 2);
                        case "normal" -> (float) (rr.nextGaussian() + (rr.nextDouble() < bias ? 0.5 : -0.5));
                        default -> (float) (rr.nextDouble() < bias ? 0.5 + rr.nextDouble() / 2 : rr.nextDouble() / 2);
                    };
                    v[i * f + j] = val;
                    hitsOf[j % groups] += s.kind().equals("int") ? (val < s.high() / 2 ? 1 : 0) : (val > (s.kind().equals("normal") ? 0 : 0.5) ? 1 : 0);
                }
                for (int g = 0; g < groups; g++) {
                    scores[g][i] += (double) hitsOf[g] / Math.max(1, (f - g + groups - 1) / groups) / ins.size();
                }
            }
            x.put(s.name(), Nd4j.create(v, shape(n, s.shape()), 'c'));
        }
        Map<String, INDArray> y = new LinkedHashMap<>();
        for (int o = 0; o < outs.size(); o++) {
            double[] score = scores[o % groups];
            double[] sorted = score.clone();
            Arrays.sort(sorted);
            y.put(outs.get(o).name(), target(outs.get(o), n, signal ? score : null, sorted, r.split()));
        }
        return new Part(x, y);
    }

    private static INDArray target(ArraySpec s, int n, double[] score, double[] sorted, SplittableRandom r) {
        int f = s.features();
        float[] v = new float[n * f];
        int classes = s.kind().equals("onehot") ? s.shape()[s.shape().length - 1] : s.high();
        int groups = s.kind().equals("onehot") ? f / classes : f;
        for (int i = 0; i < n; i++) {
            double q = score == null ? r.nextDouble() : quantile(sorted, score[i]);
            for (int g = 0; g < groups; g++) {
                switch (s.kind()) {
                    case "regression" -> v[i * f + g] = (float) (score == null ? r.nextGaussian() : 10 * score[i] + 0.1 * r.nextGaussian());
                    case "binary" -> v[i * f + g] = q >= 0.5 ? 1f : 0f;
                    case "int" -> v[i * f + g] = Math.min(classes - 1, (int) (q * classes));
                    default -> v[i * f + g * classes + Math.min(classes - 1, (int) (q * classes))] = 1f;
                }
            }
        }
        return Nd4j.create(v, shape(n, s.shape()), 'c');
    }

    private static double quantile(double[] sorted, double v) {
        int idx = Arrays.binarySearch(sorted, v);
        if (idx < 0) {
            idx = -idx - 1;
        }
        return (double) idx / sorted.length;
    }

    private static long[] shape(int n, int[] dims) {
        long[] s = new long[dims.length + 1];
        s[0] = n;
        for (int i = 0; i < dims.length; i++) {
            s[i + 1] = dims[i];
        }
        return s;
    }
}
