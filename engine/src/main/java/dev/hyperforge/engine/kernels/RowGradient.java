package dev.hyperforge.engine.kernels;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;


/**
 * A gradient that is zero outside some rows of a {@code (rows, cols)} parameter, kept as it was
 * produced: token rows {@code grads[n]} that belong to parameter rows {@code ids[n]} (repeated ids add
 * up), possibly from several calls of a shared layer. An Embedding's gradient has this form. Optimizers
 * that can, update only the touched rows through {@link #update}; everything else sees the dense sum
 * ({@link #scatterInto}).
 *
 * <pre>{@code
 * RowGradient g = param.rowGradient();              // null unless the gradient is row-wise only
 * g.update(new INDArray[] {param.value()}, (row, grad, rows) -> {
 *     for (int j = 0; j < grad.length; j++) rows[0][j] -= 0.1 * grad[j];   // SGD on one touched row
 * });
 * }</pre>
 */
public final class RowGradient {
    private final int rows;
    private final int cols;
    private final List<int[]> ids = new ArrayList<>();
    private final List<INDArray> idArrays = new ArrayList<>();
    private final List<INDArray> grads = new ArrayList<>();

    public RowGradient(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
    }

    /** Updates the given rows of parameter-shaped arrays; called once per touched row, rows in any order. */
    public interface RowUpdate {
        /**
         * @param row the parameter row
         * @param grad the summed gradient of that row (length cols)
         * @param targets that row of each target array, to read and overwrite (written back afterwards)
         */
        void update(int row, double[] grad, double[][] targets);
    }

    /** Adds token rows: {@code rowGrads[n]} belongs to parameter row {@code idArray[n]}. */
    public void add(INDArray idArray, INDArray rowGrads) {
        INDArray g = HostArrays.contiguous(rowGrads);
        ids.add(idArray.toIntVector());
        idArrays.add(idArray);
        grads.add(g);
    }

    /** Parameter rows. */
    public int rows() {
        return rows;
    }

    /** Parameter columns. */
    public int cols() {
        return cols;
    }

    /** Adds the dense sum of this gradient into {@code dense} (shape rows × cols). */
    public void scatterInto(INDArray dense) {
        for (int k = 0; k < grads.size(); k++) {
            INDArray g = grads.get(k).dataType() == dense.dataType() ? grads.get(k) : grads.get(k).castTo(dense.dataType());
            // scatter_add(ref, indices, updates); bArgs: lock (serial, so repeated ids cannot race), checkIndices.
            Nd4j.exec(DynamicCustomOp.builder("scatter_add")
                    .addInputs(dense, idArrays.get(k), g)
                    .addOutputs(dense)
                    .addBooleanArguments(true, false)
                    .build());
        }
    }

    /** Whether {@link #update} can write into {@code a}: a C-contiguous float or double (rows, cols) array. */
    public boolean canUpdate(INDArray a) {
        return (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE) && a.rank() == 2
                && a.size(0) == rows && a.size(1) == cols && HostArrays.isDenseC(a)
                && grads.stream().allMatch(g -> g.dataType() == DataType.FLOAT || g.dataType() == DataType.DOUBLE);
    }

    /** The float form of {@link RowUpdate}: float gradient and target rows, read and written without conversion. */
    public interface FloatRowUpdate {
        /**
         * @param row the parameter row
         * @param grad the summed gradient of that row (length cols), summed in float
         * @param targets that row of each target array, to read and overwrite (written back afterwards)
         */
        void update(int row, float[] grad, float[][] targets);
    }

    /**
     * Calls {@code u} once for every touched row with the row's summed gradient (token rows added in
     * order) and that row of each target, then writes the targets' rows back. Rows are split over the
     * native threads; each row is handled by one thread, so results do not depend on the thread count.
     */
    public void update(INDArray[] targets, RowUpdate u) {
        forTouchedRows(targets, (groups, from, to) -> {
            Access[] gradAccess = grads.stream().map(Access::new).toArray(Access[]::new);
            Access[] targetAccess = java.util.Arrays.stream(targets).map(Access::new).toArray(Access[]::new);
            double[] grad = new double[cols];
            double[] scratch = new double[cols];
            double[][] rowsOf = new double[targets.length][cols];
            for (int i = from; i < to; i++) {
                int row = groups.rowIds[i];
                groups.sum(i, gradAccess, grad, scratch);
                for (int k = 0; k < targets.length; k++) {
                    targetAccess[k].read((long) row * cols, rowsOf[k]);
                }
                u.update(row, grad, rowsOf);
                for (int k = 0; k < targets.length; k++) {
                    targetAccess[k].write((long) row * cols, rowsOf[k]);
                }
            }
        });
    }

    /** Whether {@link #updateFloat} applies: this gradient and all {@code targets} are float. */
    public boolean isFloat(INDArray... targets) {
        return grads.stream().allMatch(g -> g.dataType() == DataType.FLOAT)
                && java.util.Arrays.stream(targets).allMatch(t -> t.dataType() == DataType.FLOAT);
    }

    /**
     * {@link #update} for float gradients and targets ({@link #isFloat}): rows are moved by bulk copies of
     * the native memory and handed over as float arrays, so the update's loop works in float (the JIT
     * vectorises it) and nothing is converted. The same rows, order and thread split as {@link #update}.
     */
    public void updateFloat(INDArray[] targets, FloatRowUpdate u) {
        if (!isFloat(targets)) {
            throw new IllegalArgumentException("RowGradient.updateFloat: the gradient and every target must be float");
        }
        forTouchedRows(targets, (groups, from, to) -> {
            FloatBuffer[] gradBuf = grads.stream().map(g -> g.data().asNioFloat()).toArray(FloatBuffer[]::new);
            FloatBuffer[] targetBuf = java.util.Arrays.stream(targets).map(t -> t.data().asNioFloat()).toArray(FloatBuffer[]::new);
            float[] grad = new float[cols];
            float[] scratch = new float[cols];
            float[][] rowsOf = new float[targets.length][cols];
            for (int i = from; i < to; i++) {
                int row = groups.rowIds[i];
                groups.sumFloat(i, gradBuf, grad, scratch);
                int at = row * cols;
                for (int k = 0; k < targets.length; k++) {
                    targetBuf[k].get(at, rowsOf[k], 0, cols);
                }
                u.update(row, grad, rowsOf);
                for (int k = 0; k < targets.length; k++) {
                    targetBuf[k].put(at, rowsOf[k], 0, cols);
                }
            }
        });
    }

    /** Work on the touched rows {@code [from, to)} of {@code groups}, on one thread. */
    private interface TouchedRows {
        void run(Groups groups, int from, int to);
    }

    /** Checks the targets, groups the tokens by row and splits the touched rows over the native threads. */
    private void forTouchedRows(INDArray[] targets, TouchedRows body) {
        for (INDArray t : targets) {
            if (!canUpdate(t)) {
                throw new IllegalArgumentException("RowGradient.update: target " + t.shapeInfoToString() + " is not a contiguous "
                        + rows + "x" + cols + " float or double array");
            }
        }
        if ((long) rows * cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("RowGradient.update: " + rows + "x" + cols + " has more elements than a buffer index can address");
        }
        Groups groups = group();
        Parallel.forRows(groups.rowIds.length, 4L * cols, (from, to) -> body.run(groups, from, to));
    }

    /** The touched rows in ascending order and, per row, its tokens (part, index) in order. */
    private Groups group() {
        int[] count = countPerRow();
        int total = count[rows];
        int touched = 0;
        for (int r = 0; r < rows; r++) {
            touched += count[r + 1] > count[r] ? 1 : 0;
        }
        int[] rowIds = new int[touched];
        int[] starts = new int[touched + 1];
        int t = 0;
        for (int r = 0; r < rows; r++) {
            if (count[r + 1] > count[r]) {
                rowIds[t] = r;
                starts[t++] = count[r];
            }
        }
        starts[touched] = total;
        return new Groups(rowIds, starts, tokensByRow(count, total), cols);
    }

    /** Cumulative token counts: tokens of row r are at positions [count[r], count[r + 1]). */
    private int[] countPerRow() {
        int[] count = new int[rows + 1];
        for (int[] part : ids) {
            for (int id : part) {
                if (id < 0 || id >= rows) {
                    throw new IllegalArgumentException("row id " + id + " outside [0, " + rows + ")");
                }
                count[id + 1]++;
            }
        }
        for (int r = 0; r < rows; r++) {
            count[r + 1] += count[r];
        }
        return count;
    }

    /** Tokens sorted by row (stable: part, then index), as part in the high and index in the low 32 bits. */
    private long[] tokensByRow(int[] count, int total) {
        long[] tokens = new long[total];
        int[] next = count.clone();
        for (int k = 0; k < ids.size(); k++) {
            int[] part = ids.get(k);
            for (int n = 0; n < part.length; n++) {
                tokens[next[part[n]]++] = ((long) k << 32) | n;
            }
        }
        return tokens;
    }

    /** Touched rows with their token lists (part in the high, index in the low 32 bits). */
    private record Groups(int[] rowIds, int[] starts, long[] tokens, int cols) {
        void sum(int i, Access[] parts, double[] out, double[] scratch) {
            java.util.Arrays.fill(out, 0.0);
            for (int p = starts[i]; p < starts[i + 1]; p++) {
                long tok = tokens[p];
                parts[(int) (tok >>> 32)].add((tok & 0xffffffffL) * cols, out, scratch);
            }
        }

        /** {@link #sum} in float straight from the parts' native buffers. */
        void sumFloat(int i, FloatBuffer[] parts, float[] out, float[] scratch) {
            int p = starts[i];
            long tok = tokens[p];
            parts[(int) (tok >>> 32)].get((int) ((tok & 0xffffffffL) * cols), out, 0, cols);
            for (p++; p < starts[i + 1]; p++) {
                tok = tokens[p];
                parts[(int) (tok >>> 32)].get((int) ((tok & 0xffffffffL) * cols), scratch, 0, cols);
                for (int j = 0; j < cols; j++) {
                    out[j] += scratch[j];
                }
            }
        }
    }

    /** Absolute bulk reads and writes of a contiguous float or double array's native memory (one thread's view). */
    private static final class Access {
        private final FloatBuffer f;
        private final DoubleBuffer d;
        private float[] tmp;

        Access(INDArray a) {
            boolean isFloat = a.dataType() == DataType.FLOAT;
            f = isFloat ? a.data().asNioFloat() : null;
            d = isFloat ? null : a.data().asNioDouble();
        }

        void read(long at, double[] out) {
            if (f != null) {
                float[] t = temp(out.length);
                f.get((int) at, t, 0, out.length);
                for (int j = 0; j < out.length; j++) {
                    out[j] = t[j];
                }
            } else {
                d.get((int) at, out, 0, out.length);
            }
        }

        void add(long at, double[] out, double[] scratch) {
            read(at, scratch);
            for (int j = 0; j < out.length; j++) {
                out[j] += scratch[j];
            }
        }

        void write(long at, double[] row) {
            if (f != null) {
                float[] t = temp(row.length);
                for (int j = 0; j < row.length; j++) {
                    t[j] = (float) row[j];
                }
                f.put((int) at, t, 0, row.length);
            } else {
                d.put((int) at, row, 0, row.length);
            }
        }

        private float[] temp(int n) {
            if (tmp == null || tmp.length < n) {
                tmp = new float[n];
            }
            return tmp;
        }
    }
}
