package dev.hyperforge.ensemble;

import java.util.Arrays;
import java.util.Objects;

/**
 * The validation targets of one model output, with the task detected from them.
 *
 * <p>Detection: targets of 0/1 values whose rows are one-hot and as wide as the predictions are
 * {@link Task#MULTICLASS}; a single column of integer labels against wider predictions is {@link Task#MULTICLASS}
 * with sparse labels; other 0/1 targets as wide as the predictions are {@link Task#BINARY}; anything else, and any
 * output whose predictions leave [0, 1], is {@link Task#REGRESSION}.
 *
 * <pre>{@code
 * OutputSpec income = OutputSpec.detect("income", targets, new int[] {200, 1}, 1); // 0/1 column -> BINARY
 * }</pre>
 *
 * @param name output name
 * @param task detected task
 * @param rows number of validation rows
 * @param width prediction values per row (classes for MULTICLASS)
 * @param targets targets, {@code rows * width} values (REGRESSION, BINARY), or null for MULTICLASS
 * @param labels class index per row for MULTICLASS, else null
 */
public record OutputSpec(String name, Task task, int rows, int width, float[] targets, int[] labels) {

    /** Validates sizes. */
    public OutputSpec {
        Objects.requireNonNull(name, "output name");
        Objects.requireNonNull(task, "task");
        if (rows < 1 || width < 1) {
            throw new IllegalArgumentException("output '" + name + "' needs at least one row and one column, received "
                    + rows + " x " + width);
        }
        if (task == Task.MULTICLASS ? labels == null || labels.length != rows
                : targets == null || targets.length != rows * width) {
            throw new IllegalArgumentException("output '" + name + "': targets do not match " + rows + " x " + width);
        }
    }

    /**
     * Detects the task of an output from its targets and the width of its predictions.
     *
     * @param name output name
     * @param targets target values, row-major
     * @param targetShape target shape (first dimension = rows)
     * @param predictionWidth values per row of the predictions
     * @return the spec
     * @throws IllegalArgumentException when targets and predictions cannot belong together
     */
    public static OutputSpec detect(String name, float[] targets, int[] targetShape, int predictionWidth) {
        return detect(name, targets, targetShape, predictionWidth, true);
    }

    /**
     * Detects the task, knowing whether every member's predictions lie in [0, 1]: predictions outside it cannot be
     * probabilities, so such an output is {@link Task#REGRESSION} even when its targets happen to be 0/1.
     *
     * @param name output name
     * @param targets target values, row-major
     * @param targetShape target shape (first dimension = rows)
     * @param predictionWidth values per row of the predictions
     * @param probabilities whether all predictions lie in [0, 1]
     * @return the spec
     */
    public static OutputSpec detect(String name, float[] targets, int[] targetShape, int predictionWidth,
                                    boolean probabilities) {
        int rows = targetShape.length == 0 ? 1 : targetShape[0];
        int tw = rows == 0 ? 0 : targets.length / rows;
        if (rows < 1 || tw * rows != targets.length) {
            throw new IllegalArgumentException("output '" + name + "': targets of shape " + Arrays.toString(targetShape)
                    + " have no rows");
        }
        boolean zeroOne = probabilities;
        boolean integral = probabilities;
        for (float v : targets) {
            zeroOne &= v == 0f || v == 1f;
            integral &= v == Math.rint(v) && v >= 0 && v < predictionWidth;
        }
        if (tw == predictionWidth && zeroOne && tw > 1 && oneHot(targets, rows, tw)) {
            int[] labels = new int[rows];
            for (int r = 0; r < rows; r++) {
                labels[r] = argMax(targets, r * tw, tw);
            }
            return new OutputSpec(name, Task.MULTICLASS, rows, tw, null, labels);
        }
        if (tw == 1 && predictionWidth > 1 && integral) {
            int[] labels = new int[rows];
            for (int r = 0; r < rows; r++) {
                labels[r] = (int) targets[r];
            }
            return new OutputSpec(name, Task.MULTICLASS, rows, predictionWidth, null, labels);
        }
        if (tw != predictionWidth) {
            throw new IllegalArgumentException("output '" + name + "': targets have " + tw + " values per row but the"
                    + " predictions have " + predictionWidth + "; they do not belong to the same output");
        }
        return new OutputSpec(name, zeroOne ? Task.BINARY : Task.REGRESSION, rows, tw, targets.clone(), null);
    }

    private static boolean oneHot(float[] t, int rows, int w) {
        for (int r = 0; r < rows; r++) {
            float sum = 0;
            for (int c = 0; c < w; c++) {
                sum += t[r * w + c];
            }
            if (sum != 1f) {
                return false;
            }
        }
        return true;
    }

    static int argMax(float[] v, int offset, int width) {
        int best = 0;
        for (int c = 1; c < width; c++) {
            if (v[offset + c] > v[offset + best]) {
                best = c;
            }
        }
        return best;
    }

    static int argMax(double[] v, int offset, int width) {
        int best = 0;
        for (int c = 1; c < width; c++) {
            if (v[offset + c] > v[offset + best]) {
                best = c;
            }
        }
        return best;
    }
}
