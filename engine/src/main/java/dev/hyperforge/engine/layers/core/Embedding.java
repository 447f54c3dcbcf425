package dev.hyperforge.engine.layers.core;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.HostArrays;
import dev.hyperforge.engine.kernels.Numerics;
import dev.hyperforge.engine.kernels.Parallel;
import dev.hyperforge.engine.kernels.TokenConv;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * Turns integer token ids into dense vectors: row {@code id} of an {@code (input_dim, output_dim)}
 * matrix. Ids may arrive as an int or a float array; each must lie in {@code [0, input_dim)}.
 * Input {@code (batch, steps)} gives output {@code (batch, steps, output_dim)}; {@code steps} may be
 * None. Weights start uniform in (-0.05, 0.05) as in Keras. Ids have no gradient.
 *
 * <pre>{@code
 * Tensor text = Input.ints("text", Shape.UNKNOWN);               // (None, None)
 * Tensor e = new Embedding(10000, 64).named("words").call(text);  // (None, None, 64)
 * Tensor padded = new Embedding(10000, 64, true).call(text);       // id 0 is padding: masked
 * }</pre>
 *
 * <p>The gradient of the embedding matrix is zero outside the rows of the ids seen in the batch, so it
 * is handed to the parameter row-wise ({@link Param#accumulateRows}): the output gradient's rows with
 * their ids, no dense {@code input_dim x output_dim} array. RMSprop and plain SGD then update only the
 * touched rows (with results equal to the dense update; see {@code RMSprop}); anything that asks for the
 * dense gradient gets the scatter-add of those rows. From numerics level 4 a {@code Conv1D} reading this
 * layer's output hands over its input gradient already summed per token ({@code TokenConv}).
 */
public final class Embedding extends Layer {
    private static final double INIT_LIMIT = 0.05;
    private final int inputDim;
    private final int outputDim;
    private final boolean maskZero;
    private Param embeddings;

    /**
     * @param inputDim vocabulary size: ids lie in {@code [0, inputDim)}
     * @param outputDim length of each embedding vector
     */
    public Embedding(int inputDim, int outputDim) {
        this(inputDim, outputDim, false);
    }

    /**
     * @param inputDim vocabulary size: ids lie in {@code [0, inputDim)}
     * @param outputDim length of each embedding vector
     * @param maskZero whether id 0 is padding: the output then carries a mask that is 0 where the id is 0
     *                 (Keras' {@code mask_zero}), which recurrent layers, attention, pooling and losses honour
     */
    public Embedding(int inputDim, int outputDim, boolean maskZero) {
        if (inputDim <= 0 || outputDim <= 0) {
            throw new IllegalArgumentException("Embedding: input_dim and output_dim must be positive, received input_dim "
                    + inputDim + ", output_dim " + outputDim);
        }
        this.inputDim = inputDim;
        this.outputDim = outputDim;
        this.maskZero = maskZero;
    }

    /** Whether id 0 is padding and masked. */
    public boolean maskZero() {
        return maskZero;
    }

    @Override
    public boolean supportsMasking() {
        return maskZero;
    }

    /** With {@code mask_zero}: 1 where the id is not 0, in the output's floating type; else no mask. */
    @Override
    public INDArray computeMask(List<INDArray> inputs, LayerContext ctx) {
        if (!maskZero) {
            return null;
        }
        INDArray ids = inputs.get(0);
        DataType dt = embeddings.value().dataType();
        return ids.neq(0).castTo(dt);
    }

    @Override
    protected Map<String, String> regularizerArguments() {
        return Map.of("embeddings_regularizer", "embeddings");
    }

    @Override
    public String type() {
        return "Embedding";
    }

    /** Vocabulary size. */
    public int inputDim() {
        return inputDim;
    }

    /** Embedding vector length. */
    public int outputDim() {
        return outputDim;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        int[] d = Arrays.copyOf(s.dims(), s.rank() + 1);
        d[s.rank()] = outputDim;
        return Shape.of(d);
    }

    @Override
    protected void buildParams(List<Shape> in, ParamInit init) {
        embeddings = addParam("embeddings", init.uniform(INIT_LIMIT, inputDim, outputDim), true);
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        INDArray table = embeddings.value();
        boolean fits = table.length() < Integer.MAX_VALUE && x.length() * outputDim < Integer.MAX_VALUE;
        boolean floatTable = table.dataType() == DataType.FLOAT && fits && HostArrays.isDenseC(table);
        INDArray flat;
        int[] javaIds = null;   // the ids as Java ints where the path below already has them
        INDArray rows;
        if (floatTable && javaIds(x)) {
            javaIds = readIds(x);
            flat = Nd4j.createFromArray(javaIds);
            rows = gatherRows(table, javaIds, ctx);
        } else {
            INDArray ids = toIds(x);
            flat = ids.reshape('c', new long[] {ids.length()});
            if (floatTable) {
                javaIds = flat.toIntVector();
                rows = gatherRows(table, javaIds, ctx);
            } else {
                rows = Nd4j.exec(new Gather(table, flat, 0))[0];
            }
        }
        long[] outShape = Arrays.copyOf(x.shape(), x.rank() + 1);
        outShape[x.rank()] = outputDim;
        ctx.save("ids", flat);
        INDArray result = rows.reshape('c', outShape);
        if (x.rank() == 2 && Numerics.current().atLeast(Numerics.V4)) {
            TokenConv.recordTokens(result, javaIds != null ? javaIds : flat.toIntVector(), inputDim);
        }
        return result;
    }

    /** Whether {@link #readIds} takes these ids: a non-empty C-contiguous int or float array. */
    static boolean javaIds(INDArray x) {
        return (x.dataType() == DataType.INT || x.dataType() == DataType.FLOAT) && !x.isEmpty() && HostArrays.isDenseC(x)
                && x.length() < Integer.MAX_VALUE;
    }

    /**
     * The ids of a C-contiguous int or float array in one Java pass, checked as {@link #toIds} checks
     * them: float ids become ints as libnd4j's cast makes them (truncated toward zero; NaN and values
     * outside the int range become {@code Integer.MIN_VALUE}), so the same ids pass and the same error
     * names the same id.
     */
    private int[] readIds(INDArray x) {
        int[] ids = castIds(x);
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int id : ids) {
            min = Math.min(min, id);
            max = Math.max(max, id);
        }
        checkRange(min, max);
        return ids;
    }

    /**
     * The ids of a C-contiguous int or float array ({@link #javaIds}) as Java ints, unchecked: float ids become
     * ints as libnd4j's cast makes them (truncated toward zero; NaN and values outside the int range become
     * {@code Integer.MIN_VALUE}).
     */
    static int[] castIds(INDArray x) {
        int n = (int) x.length();
        int[] ids = new int[n];
        if (x.dataType() == DataType.INT) {
            x.data().asNioInt().get(0, ids, 0, n);
        } else {
            float[] f = new float[n];
            x.data().asNioFloat().get(0, f, 0, n);
            for (int i = 0; i < n; i++) {
                float v = f[i];
                ids[i] = v >= -0x1p31f && v < 0x1p31f ? (int) v : Integer.MIN_VALUE;
            }
        }
        return ids;
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        INDArray flat = ctx.get("ids");
        TokenConv.Rows tokenRows = TokenConv.takeRows(gradOutput);
        if (tokenRows != null) {          // a Conv1D's per-token backward: the rows are summed already
            DataType dt = embeddings.value().dataType();
            INDArray r = tokenRows.grads();
            embeddings.accumulateRows(tokenRows.ids(), r.dataType() == dt ? r : r.castTo(dt));
            return Arrays.asList((INDArray) null);
        }
        INDArray g2 = gradOutput.reshape('c', flat.length(), outputDim);
        DataType dt = embeddings.value().dataType();
        embeddings.accumulateRows(flat, g2.dataType() == dt ? g2 : g2.castTo(dt));
        return Arrays.asList((INDArray) null);
    }

    /**
     * Rows {@code ids[n]} of a float table, copied row by row with bulk copies of the native memory, the
     * ids split over the native threads (ahead of the generic gather op), into the call's reusable
     * output array (a fresh large output costs more in page faults than in copies).
     */
    private INDArray gatherRows(INDArray table, int[] ids, LayerContext ctx) {
        INDArray out = ctx.reusable("rows", DataType.FLOAT, ids.length, outputDim);
        java.nio.FloatBuffer src = table.data().asNioFloat();
        java.nio.FloatBuffer dst = out.data().asNioFloat();
        int dim = outputDim;
        Parallel.forRows(ids.length, dim, (from, to) -> {
            for (int n = from; n < to; n++) {
                dst.put(n * dim, src, ids[n] * dim, dim);   // buffer to buffer: one native memory copy per row
            }
        });
        return out;
    }

    /** The ids as a c-ordered int array, after checking that each lies in [0, input_dim). */
    private INDArray toIds(INDArray x) {
        INDArray ids = x.dataType() == DataType.INT ? x.dup('c') : x.castTo(DataType.INT);
        if (ids.isEmpty()) {
            return ids;
        }
        checkRange(ids.minNumber().intValue(), ids.maxNumber().intValue());
        return ids;
    }

    /** Fails naming the smallest id when it is negative, else the largest when it is not below input_dim. */
    private void checkRange(int min, int max) {
        if (min < 0 || max >= inputDim) {
            int bad = min < 0 ? min : max;
            throw error("received token id " + bad + " outside its vocabulary of input_dim " + inputDim
                    + " (ids must lie in [0, " + inputDim + ")); raise input_dim or re-index the tokens");
        }
    }

    /** Rebuilds from {@link #arguments()}. */
    public static Layer fromConfig(Map<String, Object> args) {
        LayerArgs a = new LayerArgs("Embedding", args);
        return new Embedding(a.integer("input_dim"), a.integer("output_dim"), a.bool("mask_zero", false));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input_dim", inputDim);
        m.put("output_dim", outputDim);
        if (maskZero) {
            m.put("mask_zero", true);
        }
        return m;
    }
}
