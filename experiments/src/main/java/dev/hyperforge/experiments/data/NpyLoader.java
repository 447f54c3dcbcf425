package dev.hyperforge.experiments.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@code npy} loader: NumPy arrays by input and target name, each from a {@code .npy} file or from an array
 * in a {@code .npz} archive (the key is the input's name, or given as {@code {path: d.npz, key: x_train}}), and an
 * optional {@code test} part with the same names and trailing shapes. Arrays of one dimension become (n, 1). Inputs
 * listed in {@code normalize} are standardised per feature with each split's training statistics. The fingerprint
 * covers every byte of every file read.
 *
 * <pre>{@code
 * data:
 *   loader: npy
 *   options:
 *     inputs: {image: x.npy}
 *     targets: {label: {path: arrays.npz, key: y}}
 *     test: {inputs: {image: x_test.npy}, targets: {label: y_test.npy}}
 *     normalize: [image]
 * }</pre>
 */
public final class NpyLoader implements DataLoader {
    @Override
    public String name() {
        return "npy";
    }

    @Override
    public Set<String> options() {
        return Set.of("inputs", "targets", "test", "normalize");
    }

    @Override
    public boolean hasTestSet() {
        return true;
    }

    @Override
    public void checkOptions(Map<String, Object> options) {
        Map<String, Object> o = options == null ? Map.of() : options;
        sources(o.get("inputs"), "inputs", true);
        sources(o.get("targets"), "targets", true);
        normalized(o);
        if (o.get("test") != null) {
            if (!(o.get("test") instanceof Map<?, ?> t) || !Set.of("inputs", "targets").containsAll(t.keySet().stream().map(String::valueOf).toList())) {
                throw new IllegalArgumentException("npy: option 'test' must be {inputs: {...}, targets: {...}}, received " + o.get("test"));
            }
            sources(t.get("inputs"), "test.inputs", true);
            sources(t.get("targets"), "test.targets", true);
        }
    }

    /** The inputs to standardise with training statistics ({@code normalize: [image]}), checked against the inputs. */
    private static Set<String> normalized(Map<String, Object> o) {
        Object v = o.get("normalize");
        if (v == null) {
            return Set.of();
        }
        Set<String> inputs = sources(o.get("inputs"), "inputs", true).keySet();
        if (!(v instanceof List<?> l) || !inputs.containsAll(l.stream().map(String::valueOf).toList())) {
            throw new IllegalArgumentException("npy: option 'normalize' must list input names among " + inputs + ", received " + v);
        }
        return l.stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Where an array comes from.
     *
     * @param path the file as written in the experiment file
     * @param key the array's name inside a {@code .npz}, else null
     */
    record Source(String path, String key) {
        String shown() {
            return key == null ? path : path + ":" + key;
        }
    }

    /** The {@code name: file} or {@code name: {path, key}} entries of an option. */
    static Map<String, Source> sources(Object v, String option, boolean required) {
        if (v == null && !required) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m) || m.isEmpty()) {
            throw new IllegalArgumentException("npy: option '" + option + "' must map names to .npy or .npz files, e.g. {image: x.npy}, received " + v);
        }
        Map<String, Source> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String name = String.valueOf(e.getKey());
            Object f = e.getValue();
            if (f instanceof String s && !s.isBlank()) {
                out.put(name, new Source(s, s.toLowerCase(java.util.Locale.ROOT).endsWith(".npz") ? name : null));
            } else if (f instanceof Map<?, ?> pm && pm.get("path") instanceof String p && Set.of("path", "key").containsAll(pm.keySet())) {
                out.put(name, new Source(p, pm.get("key") == null ? (p.endsWith(".npz") ? name : null) : String.valueOf(pm.get("key"))));
            } else {
                throw new IllegalArgumentException("npy: option '" + option + "." + name + "' must be a file name or {path: file.npz, key: name}, received " + f);
            }
        }
        return out;
    }

    @Override
    public DataSet load(Map<String, Object> options, long seed) {
        return load(options, seed, Path.of(""));
    }

    @Override
    public DataSet load(Map<String, Object> options, long seed, Path baseDir) {
        long t0 = System.nanoTime();
        checkOptions(options);
        Files f = new Files(baseDir);
        List<String> parts = new ArrayList<>();
        Map<String, INDArray> x = f.arrays(sources(options.get("inputs"), "inputs", true), parts);
        Map<String, INDArray> y = f.arrays(sources(options.get("targets"), "targets", true), parts);
        Map<String, INDArray> tx = null;
        Map<String, INDArray> ty = null;
        if (options.get("test") instanceof Map<?, ?> t) {
            tx = f.arrays(sources(t.get("inputs"), "test.inputs", true), parts);
            ty = f.arrays(sources(t.get("targets"), "test.targets", true), parts);
            sameShapes(x, tx, "inputs", options);
            sameShapes(y, ty, "targets", options);
        }
        samples(x, y, options, "inputs", "targets");
        if (tx != null) {
            samples(tx, ty, options, "test.inputs", "test.targets");
        }
        String desc = String.format(java.util.Locale.ROOT, "npy: %s; read in %.2f s", String.join(", ", parts), (System.nanoTime() - t0) / 1e9);
        return new DataSet(x, y, tx, ty, f.fingerprint.hex(), desc, normalized(options));
    }

    /** The test part must carry the same names with the same shape after the sample dimension. */
    private static void sameShapes(Map<String, INDArray> train, Map<String, INDArray> test, String what, Map<String, Object> options) {
        if (!train.keySet().equals(test.keySet())) {
            throw new IllegalArgumentException("npy: test." + what + " names " + test.keySet() + " differ from " + what + " " + train.keySet());
        }
        for (String k : train.keySet()) {
            long[] a = Arrays.copyOfRange(train.get(k).shape(), 1, train.get(k).rank());
            long[] b = Arrays.copyOfRange(test.get(k).shape(), 1, test.get(k).rank());
            if (!Arrays.equals(a, b)) {
                throw new IllegalArgumentException(file(options, what, k) + " has shape " + NpyReader.shapeText(train.get(k).shape()) + " but the test array "
                        + file(options, "test." + what, k) + " has " + NpyReader.shapeText(test.get(k).shape()) + "; only the first (sample) dimension may differ");
            }
        }
    }

    private static void samples(Map<String, INDArray> x, Map<String, INDArray> y, Map<String, Object> options, String xs, String ys) {
        Map<String, INDArray> all = new LinkedHashMap<>();
        Map<String, String> where = new HashMap<>();
        x.forEach((k, v) -> where.put(k, file(options, xs, k)));
        y.forEach((k, v) -> where.put(k, file(options, ys, k)));
        all.putAll(x);
        all.putAll(y);
        String first = all.keySet().iterator().next();
        for (Map.Entry<String, INDArray> e : all.entrySet()) {
            if (e.getValue().size(0) != all.get(first).size(0)) {
                throw new IllegalArgumentException(where.get(e.getKey()) + " holds " + e.getValue().size(0) + " samples (shape "
                        + NpyReader.shapeText(e.getValue().shape()) + ") but " + where.get(first) + " holds " + all.get(first).size(0)
                        + "; every array needs the same first dimension");
            }
        }
    }

    private static String file(Map<String, Object> options, String option, String name) {
        Object v = option.startsWith("test.") ? ((Map<?, ?>) options.get("test")).get(option.substring(5)) : options.get(option);
        return sources(v, option, true).get(name).shown();
    }

    /** Reads each file once (an .npz may serve several names) and fingerprints what it read. */
    private static final class Files {
        private final Path baseDir;
        private final Fingerprint fingerprint = new Fingerprint();
        private final Map<String, byte[]> read = new HashMap<>();

        Files(Path baseDir) {
            this.baseDir = baseDir;
        }

        Map<String, INDArray> arrays(Map<String, Source> sources, List<String> parts) {
            Map<String, INDArray> out = new LinkedHashMap<>();
            for (Map.Entry<String, Source> e : sources.entrySet()) {
                NpyReader.Loaded l = array(e.getValue());
                INDArray a = l.array().rank() == 1 ? l.array().reshape(l.array().length(), 1) : l.array();
                out.put(e.getKey(), a);
                parts.add(e.getKey() + " <- " + e.getValue().shown() + " " + NpyReader.shapeText(l.header().shape()) + " " + l.header().dtype());
            }
            return out;
        }

        private NpyReader.Loaded array(Source s) {
            try {
                byte[] bytes = bytes(s.path());
                if (s.key() == null) {
                    return NpyReader.read(bytes, s.path());
                }
                return entry(bytes, s);
            } catch (IOException e) {
                throw new IllegalArgumentException(s.shown() + ": cannot read: " + e.getMessage(), e);
            }
        }

        private byte[] bytes(String path) throws IOException {
            byte[] b = read.get(path);
            if (b == null) {
                try {
                    b = java.nio.file.Files.readAllBytes(baseDir.resolve(path));
                } catch (NoSuchFileException e) {
                    throw new IllegalArgumentException(path + ": no such file (resolved to " + baseDir.resolve(path).toAbsolutePath() + ")");
                }
                read.put(path, b);
                fingerprint.update(b);
            }
            return b;
        }

        private static NpyReader.Loaded entry(byte[] zip, Source s) throws IOException {
            List<String> keys = new ArrayList<>();
            try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
                for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                    String k = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                    if (k.equals(s.key())) {
                        return NpyReader.read(z, s.shown());
                    }
                    keys.add(k);
                }
            } catch (java.util.zip.ZipException e) {
                throw new IllegalArgumentException(s.path() + ": not a readable .npz archive (" + e.getMessage() + ")");
            }
            if (keys.isEmpty()) {
                throw new IllegalArgumentException(s.path() + ": not a .npz archive (no arrays in it; save it with numpy.savez)");
            }
            throw new IllegalArgumentException(s.path() + ": no array '" + s.key() + "' (the archive holds " + keys + "; choose one with {path: " + s.path()
                    + ", key: " + keys.get(0) + "})");
        }
    }
}
