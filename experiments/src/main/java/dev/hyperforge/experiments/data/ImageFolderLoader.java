package dev.hyperforge.experiments.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code images}: a folder with one sub-folder per class, as Keras' {@code image_dataset_from_directory}.
 * Class names are the sorted sub-folder names (class id = position) and are recorded with each run. Every
 * PNG, JPEG, GIF (first frame) or BMP file below a class folder is one sample, decoded through
 * {@code javax.imageio}, resized to {@code image_size} (bilinear, as Keras) and scaled to [0, 1].
 *
 * <p>Options: {@code path} (required; relative to the experiment file), {@code image_size: [h, w]} (default
 * [256, 256]), {@code color_mode: grayscale | rgb | rgba} (default rgb), {@code label_mode: int | categorical |
 * binary} (default int), {@code validation} (a fraction: the seeded hold-out of Keras' {@code validation_split},
 * given as the test part, so use it with {@code split: {test: true}}). Inputs {@code image}: (n, h, w,
 * channels), channels last as {@code Conv2D} expects; targets {@code label}. The fingerprint covers every
 * file's relative name and bytes, in the order read, and the options.
 *
 * <pre>{@code
 * DataSet d = DataLoaders.get("images").load(Map.of("path", "photos", "image_size", List.of(28, 28),
 *         "color_mode", "grayscale", "validation", 0.2), 7L, Path.of("experiments"));
 * d.classNames().get("label");   // [coat, sandal, trouser]
 * }</pre>
 */
public final class ImageFolderLoader implements DataLoader {
    /** The file extensions read. */
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp");
    private static final List<String> COLOR_MODES = List.of("grayscale", "rgb", "rgba");

    /** The options after checking. */
    private record Settings(String path, int height, int width, int channels, String colorMode, String labelMode, double validation) {
    }

    @Override
    public String name() {
        return "images";
    }

    @Override
    public Set<String> options() {
        return Set.of("path", "image_size", "color_mode", "label_mode", "validation");
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
            throw new IllegalArgumentException("images: option 'path' is missing: the folder holding one sub-folder per class");
        }
        int[] size = o.size("image_size", new int[] {256, 256});
        String color = o.choice("color_mode", "rgb", COLOR_MODES);
        return new Settings(path, size[0], size[1], color.equals("grayscale") ? 1 : color.equals("rgb") ? 3 : 4, color,
                o.choice("label_mode", "int", Labels.MODES), o.number("validation", 0, 0, 0.99));
    }

    @Override
    public DataSet load(Map<String, Object> options, long seed) {
        return load(options, seed, Path.of("."));
    }

    @Override
    public DataSet load(Map<String, Object> options, long seed, Path baseDir) {
        Settings s = settings(options);
        ClassFolders f = ClassFolders.scan(name(), Path.of(s.path()), baseDir.resolve(s.path()), EXTENSIONS);
        Labels.check(name(), s.labelMode(), f.classNames(), "folder " + s.path());
        int[] ids = f.items().stream().mapToInt(ClassFolders.Item::label).toArray();
        Fingerprint fp = new Fingerprint();
        float[] pixels = decodeAll(f, s, fp);
        int n = ids.length;
        Holdout h = Holdout.of(name(), n, s.validation(), seed);
        fp.update("image_size=" + s.height() + "x" + s.width() + ",color_mode=" + s.colorMode() + ",label_mode=" + s.labelMode()
                + ",validation=" + s.validation() + ",seed=" + (h.validates() ? seed : 0));
        return dataSet(s, f.classNames(), pixels, ids, h, fp.hex());
    }

    /** Every image in [0, 1], one after the other; the fingerprint takes each file's name and bytes. */
    private float[] decodeAll(ClassFolders f, Settings s, Fingerprint fp) {
        int item = s.height() * s.width() * s.channels();
        float[] pixels = new float[Math.multiplyExact(f.items().size(), item)];
        for (int i = 0; i < f.items().size(); i++) {
            ClassFolders.Item it = f.items().get(i);
            byte[] bytes = f.read(name(), it);
            fp.update(it.name()).update(bytes);
            try {
                float[] v = ImagePixels.decode(bytes, s.height(), s.width(), s.channels());
                for (int k = 0; k < item; k++) {
                    pixels[i * item + k] = v[k] / 255f;
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("images: cannot decode " + f.shown(it) + ": " + e.getMessage(), e);
            }
        }
        return pixels;
    }

    private static DataSet dataSet(Settings s, List<String> classes, float[] pixels, int[] ids, Holdout h, String fingerprint) {
        int item = s.height() * s.width() * s.channels();
        Map<String, INDArray> x = Map.of("image", images(pixels, h.train(), item, s));
        Map<String, INDArray> y = Map.of("label", Labels.encode(ids, h.train(), classes.size(), s.labelMode()));
        Map<String, INDArray> tx = h.validates() ? Map.of("image", images(pixels, h.validation(), item, s)) : null;
        Map<String, INDArray> ty = h.validates() ? Map.of("label", Labels.encode(ids, h.validation(), classes.size(), s.labelMode())) : null;
        String desc = "images (" + s.path() + ") " + classes.size() + " classes " + classes + ", " + ids.length + " images " + s.height() + "×"
                + s.width() + "×" + s.channels() + (h.validates() ? ": " + h.train().length + " train + " + h.validation().length + " validation" : "");
        return new DataSet(x, y, tx, ty, fingerprint, desc, Set.of(), Map.of(), Map.of("label", classes));
    }

    private static INDArray images(float[] pixels, int[] rows, int item, Settings s) {
        float[] out = new float[rows.length * item];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(pixels, rows[i] * item, out, i * item, item);
        }
        return Nd4j.create(out, new long[] {rows.length, s.height(), s.width(), s.channels()}, 'c');
    }
}
