package dev.hyperforge.experiments.data;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Class ids as targets, as Keras' {@code label_mode}: {@code int} (n, 1) ids for
 * {@code sparse_categorical_crossentropy}, {@code categorical} (n, classes) one-hot, {@code binary} (n, 1) of
 * 0/1 for exactly two classes.
 *
 * <pre>{@code
 * INDArray y = Labels.encode(new int[] {0, 2, 1}, 3, "categorical");   // (3, 3) one-hot
 * }</pre>
 */
final class Labels {
    /** The accepted {@code label_mode} values. */
    static final List<String> MODES = List.of("int", "categorical", "binary");

    private Labels() {
    }

    /** Checks that the mode suits the number of classes. */
    static void check(String loader, String mode, List<String> classNames, String where) {
        if (mode.equals("binary") && classNames.size() != 2) {
            throw new IllegalArgumentException(loader + ": label_mode binary needs exactly two classes, but " + where + " has "
                    + classNames.size() + " " + classNames + "; use label_mode: int or categorical");
        }
    }

    /** The targets of the samples {@code rows} (indices into {@code ids}). */
    static INDArray encode(int[] ids, int[] rows, int classes, String mode) {
        int width = mode.equals("categorical") ? classes : 1;
        float[] f = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            int c = ids[rows[i]];
            if (width == 1) {
                f[i] = c;
            } else {
                f[i * width + c] = 1f;
            }
        }
        return Nd4j.create(f, new long[] {rows.length, width}, 'c');
    }
}
