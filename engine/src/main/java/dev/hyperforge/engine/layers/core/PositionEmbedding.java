package dev.hyperforge.engine.layers.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * A learned embedding of the positions of a sequence, as keras_hub's {@code PositionEmbedding}: for an input
 * {@code (batch, steps, features)} it returns row {@code t} of its {@code (sequence_length, features)}
 * matrix {@code embeddings} at step {@code t}, the same for every sample (the input's values are not used,
 * only its shape; add the result to the input yourself). Sequences may be shorter than
 * {@code sequence_length}, never longer. Weights start Glorot-uniform, as in keras_hub.
 *
 * <pre>{@code
 * Tensor tokens = new Embedding(20000, 32).call(ids);                    // (None, 200, 32)
 * Tensor x = new Add().call(tokens, new PositionEmbedding(200).call(tokens));
 * }</pre>
 */
public final class PositionEmbedding extends Layer {
    private final int sequenceLength;
    private Param embeddings;

    /** @param sequenceLength the longest sequence (positive) */
    public PositionEmbedding(int sequenceLength) {
        if (sequenceLength <= 0) {
            throw new IllegalArgumentException("PositionEmbedding: sequence_length must be positive, received " + sequenceLength);
        }
        this.sequenceLength = sequenceLength;
    }

    @Override
    public String type() {
        return "PositionEmbedding";
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        if (s.rank() != 3 || s.dim(-1) == Shape.UNKNOWN) {
            throw shapeError("input of rank 3 (batch, steps, features) with known features", s, null);
        }
        if (s.dim(1) != Shape.UNKNOWN && s.dim(1) > sequenceLength) {
            throw shapeError("at most sequence_length " + sequenceLength + " steps", s, "raise sequence_length");
        }
        return s;
    }

    @Override
    protected void buildParams(List<Shape> in, ParamInit init) {
        int d = in.get(0).dim(-1);
        embeddings = addParam("embeddings", init.glorotUniform(sequenceLength, d, sequenceLength, d), true);
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        long b = x.size(0);
        long t = checkSteps(this, x.size(1), sequenceLength);
        INDArray rows = embeddings.value().get(NDArrayIndex.interval(0, t), NDArrayIndex.all());
        INDArray out = ctx.reusable("positions", embeddings.value().dataType(), b, t, x.size(2));
        out.assign(rows.reshape(1, t, x.size(2)).broadcast(b, t, x.size(2)));
        return x.dataType() == out.dataType() ? out : out.castTo(x.dataType());
    }

    /** The steps, after checking they fit the position table. */
    static long checkSteps(Layer layer, long steps, int sequenceLength) {
        if (steps > sequenceLength) {
            throw layer.error("received sequences of " + steps + " steps, longer than its sequence_length " + sequenceLength
                    + "; raise sequence_length or cut the sequences");
        }
        return steps;
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        long b = gradOutput.size(0);
        long t = gradOutput.size(1);
        long d = gradOutput.size(2);
        accumulatePositions(embeddings, gradOutput, b, t, d);
        return java.util.Arrays.asList((INDArray) null); // the output does not depend on the input's values
    }

    /** Adds the batch sum of {@code g (b, t, d)} to the first {@code t} rows of the position table's gradient. */
    static void accumulatePositions(Param table, INDArray g, long b, long t, long d) {
        INDArray sum = g.reshape('c', b, t * d).sum(0).reshape('c', t, d);
        INDArray buf = table.gradBuffer();
        buf.get(NDArrayIndex.interval(0, t), NDArrayIndex.all()).addi(sum.dataType() == buf.dataType() ? sum : sum.castTo(buf.dataType()));
    }

    /** Rebuilds from {@link #arguments()}. */
    public static Layer fromConfig(Map<String, Object> args) {
        return new PositionEmbedding(new LayerArgs("PositionEmbedding", args).integer("sequence_length"));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence_length", sequenceLength);
        return m;
    }
}
