package dev.hyperforge.experiments.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fashion-MNIST (28×28 grey images, 10 classes; MIT licence, Zalando Research).
 *
 * <p>Options: {@code source} {@code auto} (the Debian package {@code dataset-fashion-mnist} under
 * {@code /usr/share/datasets/fashion-mnist/} when installed, else the bundled subset), {@code package}
 * or {@code bundled} (3000 train + 1000 test images shipped in the jar); {@code path} (another directory
 * holding the four IDX .gz files); {@code train_samples} and {@code test_samples} (take the first n);
 * {@code flatten} (784 features instead of (28, 28, 1)); {@code one_hot} (default true; false gives
 * class ids of shape (n, 1)). Inputs {@code image} (scaled to [0, 1]), targets {@code label}.
 *
 * <pre>{@code
 * DataSet d = DataLoaders.get("fashion-mnist").load(Map.of("source", "bundled", "train_samples", 1000), 0L);
 * }</pre>
 */
public final class FashionMnistLoader implements DataLoader {
    /** Where the Debian package installs the files. */
    public static final Path PACKAGE_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    private static final String[] FILES = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz"};

    @Override
    public String name() {
        return "fashion-mnist";
    }

    @Override
    public Set<String> options() {
        return Set.of("source", "path", "train_samples", "test_samples", "flatten", "one_hot");
    }

    @Override
    public boolean hasTestSet() {
        return true;
    }

    @Override
    public void checkOptions(Map<String, Object> options) {
        Options o = new Options(name(), options);
        o.choice("source", "auto", List.of("auto", "package", "bundled"));
        o.string("path", null);
        o.integer("train_samples", 0, 1);
        o.integer("test_samples", 0, 1);
        o.bool("flatten", false);
        o.bool("one_hot", true);
    }

    @Override
    public DataSet load(Map<String, Object> options, long seed) {
        checkOptions(options);
        Options o = new Options(name(), options);
        String source = o.choice("source", "auto", List.of("auto", "package", "bundled"));
        String path = o.string("path", null);
        byte[][] raw = new byte[4][];
        String origin;
        if (path != null) {
            origin = readDir(Path.of(path), raw, "the directory given by option 'path'");
        } else if (source.equals("bundled") || source.equals("auto") && !installed(PACKAGE_DIR)) {
            for (int i = 0; i < 4; i++) {
                raw[i] = Resources.bytes("fashion-mnist/" + FILES[i]);
            }
            origin = "bundled subset";
        } else {
            if (!installed(PACKAGE_DIR)) {
                throw new IllegalArgumentException("fashion-mnist: source 'package' needs the Debian package dataset-fashion-mnist "
                        + "(sudo apt-get install dataset-fashion-mnist), which installs " + PACKAGE_DIR + "; it is not installed. "
                        + "Use source: bundled for the small subset shipped with Hyperforge");
            }
            origin = readDir(PACKAGE_DIR, raw, "package dataset-fashion-mnist");
        }
        return decode(raw, o, origin);
    }

    static boolean installed(Path dir) {
        for (String f : FILES) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                return false;
            }
        }
        return true;
    }

    private static String readDir(Path dir, byte[][] raw, String what) {
        for (int i = 0; i < 4; i++) {
            Path p = dir.resolve(FILES[i]);
            try {
                raw[i] = Files.readAllBytes(p);
            } catch (IOException e) {
                throw new IllegalArgumentException("fashion-mnist: cannot read " + p + " from " + what + ": " + e.getMessage(), e);
            }
        }
        return dir.toString();
    }

    private DataSet decode(byte[][] raw, Options o, String origin) {
        Fingerprint fp = new Fingerprint();
        IdxReader.Idx[] idx = new IdxReader.Idx[4];
        try {
            for (int i = 0; i < 4; i++) {
                fp.update(raw[i]);
                idx[i] = IdxReader.read(raw[i]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("fashion-mnist: corrupt IDX data from " + origin, e);
        }
        boolean flatten = o.bool("flatten", false);
        boolean oneHot = o.bool("one_hot", true);
        int nTrain = limit(idx[0], o.integer("train_samples", 0, 1));
        int nTest = limit(idx[2], o.integer("test_samples", 0, 1));
        fp.update("train=" + nTrain + ",test=" + nTest);
        Map<String, INDArray> x = Map.of("image", images(idx[0], nTrain, flatten));
        Map<String, INDArray> y = Map.of("label", labels(idx[1], nTrain, oneHot));
        Map<String, INDArray> tx = Map.of("image", images(idx[2], nTest, flatten));
        Map<String, INDArray> ty = Map.of("label", labels(idx[3], nTest, oneHot));
        return new DataSet(x, y, tx, ty, fp.hex(), "fashion-mnist (" + origin + ") " + nTrain + " train + " + nTest + " test images", Set.of());
    }

    private static int limit(IdxReader.Idx idx, int requested) {
        return requested == 0 ? idx.dims()[0] : Math.min(requested, idx.dims()[0]);
    }

    /** Images scaled to [0, 1]: (n, rows, cols, 1), or (n, rows·cols) when flattened. */
    static INDArray images(IdxReader.Idx idx, int n, boolean flatten) {
        int item = idx.itemSize();
        float[] f = new float[n * item];
        for (int i = 0; i < f.length; i++) {
            f[i] = idx.unsigned(i) / 255f;
        }
        long[] shape = flatten || idx.dims().length < 3 ? new long[] {n, item} : new long[] {n, idx.dims()[1], idx.dims()[2], 1};
        return Nd4j.create(f, shape, 'c');
    }

    /** Labels one-hot (n, 10) or as ids (n, 1). */
    static INDArray labels(IdxReader.Idx idx, int n, boolean oneHot) {
        int classes = 10;
        float[] f = new float[n * (oneHot ? classes : 1)];
        for (int i = 0; i < n; i++) {
            int c = idx.unsigned(i);
            if (oneHot) {
                f[i * classes + c] = 1f;
            } else {
                f[i] = c;
            }
        }
        return Nd4j.create(f, new long[] {n, oneHot ? classes : 1}, 'c');
    }
}
