package dev.hyperforge.engine.layers.core;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.HostArrays;
import dev.hyperforge.engine.kernels.Parallel;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * Token ids to vectors plus a learned vector per position, as keras_hub's {@code TokenAndPositionEmbedding}:
 * ids {@code (batch, steps)} in {@code [0, vocabulary_size)} give {@code token_embeddings[id] +
 * position_embeddings[step]}, {@code (batch, steps, embedding_dim)}. Steps may be fewer than
 * {@code sequence_length}, never more. Weights, as keras_hub's: {@code token_embeddings (vocabulary_size,
 * embedding_dim)} and {@code position_embeddings (sequence_length, embedding_dim)}, both uniform in
 * (-0.05, 0.05) (its default {@code embeddings_initializer}). With {@code mask_zero} id 0 is padding and
 * the output carries a mask of the non-zero ids. The token gradient is handed over row-wise, like
 * {@link Embedding}'s; the position gradient is the sum over the batch.
 *
 * <pre>{@code
 * Tensor ids = Input.ints("text", 200);
 * Tensor x = new TokenAndPositionEmbedding(20000, 200, 32).call(ids);   // (None, 200, 32)
 * }</pre>
 */
public final class TokenAndPositionEmbedding extends Layer {
    private static final double INIT_LIMIT = 0.05;
    private final int vocabularySize;
    private final int sequenceLength;
    private final int embeddingDim;
    private final boolean maskZero;
    private Param tokens;
    private Param positions;

    /** Without masking. */
    public TokenAndPositionEmbedding(int vocabularySize, int sequenceLength, int embeddingDim) {
        this(vocabularySize, sequenceLength, embeddingDim, false);
    }

    /**
     * @param vocabularySize ids lie in {@code [0, vocabularySize)}
     * @param sequenceLength the longest sequence
     * @param embeddingDim the output features
     * @param maskZero whether id 0 is padding, masked for the layers downstream
     */
    public TokenAndPositionEmbedding(int vocabularySize, int sequenceLength, int embeddingDim, boolean maskZero) {
        if (vocabularySize <= 0 || sequenceLength <= 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException("TokenAndPositionEmbedding: vocabulary_size, sequence_length and embedding_dim must be positive, "
                    + "received " + vocabularySize + ", " + sequenceLength + ", " + embeddingDim);
        }
        this.vocabularySize = vocabularySize;
        this.sequenceLength = sequenceLength;
        this.embeddingDim = embeddingDim;
        this.maskZero = maskZero;
    }

    @Override
    public String type() {
        return "TokenAndPositionEmbedding";
    }

    /** Whether id 0 is masked. */
    public boolean maskZero() {
        return maskZero;
    }

    @Override
    public INDArray computeMask(List<INDArray> inputs, LayerContext ctx) {
        return maskZero ? inputs.get(0).neq(0).castTo(tokens.value().dataType()) : null;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        if (s.rank() != 2) {
            throw shapeError("token ids of rank 2 (batch, steps)", s, null);
        }
        if (s.dim(1) != Shape.UNKNOWN && s.dim(1) > sequenceLength) {
            throw shapeError("at most sequence_length " + sequenceLength + " steps", s, "raise sequence_length");
        }
        return Shape.of(s.dim(0), s.dim(1), embeddingDim);
    }

    @Override
    protected void buildParams(List<Shape> in, ParamInit init) {
        tokens = addParam("token_embeddings", init.uniform(INIT_LIMIT, vocabularySize, embeddingDim), true);
        positions = addParam("position_embeddings", init.uniform(INIT_LIMIT, sequenceLength, embeddingDim), true);
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        INDArray table = tokens.value();
        boolean floatTables = table.dataType() == DataType.FLOAT && HostArrays.isDenseC(table) && HostArrays.isDenseC(positions.value())
                && x.length() * embeddingDim < Integer.MAX_VALUE;
        if (floatTables && x.rank() == 2 && Embedding.javaIds(x)) {
            // the ids read once in Java (checked there), no int copy, reductions or gather op in libnd4j
            int[] javaIds = Embedding.castIds(x);
            checkRange(javaIds);
            long b = x.size(0);
            long t = PositionEmbedding.checkSteps(this, x.size(1), sequenceLength);
            INDArray out = fusedFloat(javaIds, (int) t, ctx);
            ctx.save("ids", Nd4j.createFromArray(javaIds));
            return out.reshape('c', b, t, embeddingDim);
        }
        INDArray ids = toIds(x);
        long b = ids.size(0);
        long t = PositionEmbedding.checkSteps(this, ids.size(1), sequenceLength);
        INDArray flat = ids.reshape('c', new long[] {b * t});
        INDArray out;
        if (floatTables) {
            out = fusedFloat(flat.toIntVector(), (int) t, ctx);
        } else {
            INDArray rows = Nd4j.exec(new Gather(table, flat, 0))[0].reshape('c', b, t, embeddingDim);
            INDArray pos = positions.value().get(NDArrayIndex.interval(0, t), NDArrayIndex.all()).reshape(1, t, embeddingDim);
            out = rows.addi(pos.broadcast(b, t, embeddingDim));
        }
        ctx.save("ids", flat);
        return out.reshape('c', b, t, embeddingDim);
    }

    /** {@code out[n] = tokens[ids[n]] + positions[n mod t]} over the native memory of float tables, rows split over threads. */
    private INDArray fusedFloat(int[] ids, int t, LayerContext ctx) {
        INDArray out = ctx.reusable("embedded", DataType.FLOAT, ids.length, embeddingDim);
        FloatBuffer tok = tokens.value().data().asNioFloat();
        FloatBuffer dst = out.data().asNioFloat();
        int d = embeddingDim;
        float[] pos = ctx.reusableFloats("positions_java", t * d);
        positions.value().data().asNioFloat().get(0, pos, 0, t * d);
        // each thread fills its own rows of one Java array (bulk reads of the token rows), then writes them in one copy
        float[] rows = ctx.reusableFloats("embedded_java", ids.length * d);
        Parallel.forRows(ids.length, d, (from, to) -> {
            for (int n = from; n < to; n++) {
                tok.get(ids[n] * d, rows, n * d, d);
            }
            // the positions added over each sample's run of rows in one flat loop (the JIT vectorises it; per row of
            // d = 32 floats it did not); each element is the same one float addition
            for (int n = from; n < to; ) {
                int end = Math.min(to, (n / t + 1) * t);
                int o = n * d;
                int p = (n % t) * d;
                for (int j = 0, len = (end - n) * d; j < len; j++) {
                    rows[o + j] = rows[o + j] + pos[p + j];
                }
                n = end;
            }
            dst.put(from * d, rows, from * d, (to - from) * d);
        });
        return out;
    }

    /** Fails naming the smallest id when it is negative, else the largest when it is not below vocabulary_size (as {@link #toIds}). */
    private void checkRange(int[] ids) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int id : ids) {
            min = Math.min(min, id);
            max = Math.max(max, id);
        }
        if (ids.length > 0 && (min < 0 || max >= vocabularySize)) {
            throw rangeError(min, max);
        }
    }

    private IllegalArgumentException rangeError(int min, int max) {
        return error("received token id " + (min < 0 ? min : max) + " outside its vocabulary of vocabulary_size " + vocabularySize
                + " (ids must lie in [0, " + vocabularySize + ")); raise vocabulary_size or re-index the tokens");
    }

    /** The ids as a c-ordered int array, after checking that each lies in [0, vocabulary_size). */
    private INDArray toIds(INDArray x) {
        INDArray ids = x.dataType() == DataType.INT ? x.dup('c') : x.castTo(DataType.INT);
        if (ids.isEmpty()) {
            return ids;
        }
        int min = ids.minNumber().intValue();
        int max = ids.maxNumber().intValue();
        if (min < 0 || max >= vocabularySize) {
            throw rangeError(min, max);
        }
        return ids;
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        INDArray flat = ctx.get("ids");
        long b = gradOutput.size(0);
        long t = gradOutput.size(1);
        INDArray g2 = gradOutput.reshape('c', flat.length(), embeddingDim);
        DataType dt = tokens.value().dataType();
        tokens.accumulateRows(flat, g2.dataType() == dt ? g2 : g2.castTo(dt));
        PositionEmbedding.accumulatePositions(positions, gradOutput, b, t, embeddingDim);
        return Arrays.asList((INDArray) null);
    }

    /** Rebuilds from {@link #arguments()}. */
    public static Layer fromConfig(Map<String, Object> args) {
        LayerArgs a = new LayerArgs("TokenAndPositionEmbedding", args);
        return new TokenAndPositionEmbedding(a.integer("vocabulary_size"), a.integer("sequence_length"), a.integer("embedding_dim"),
                a.bool("mask_zero", false));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vocabulary_size", vocabularySize);
        m.put("sequence_length", sequenceLength);
        m.put("embedding_dim", embeddingDim);
        m.put("mask_zero", maskZero);
        return m;
    }
}
