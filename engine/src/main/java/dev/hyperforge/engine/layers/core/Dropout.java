package dev.hyperforge.engine.layers.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.MaskProducts;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Inverted dropout: while training, each element is zeroed with probability {@code rate} and the
 * survivors are scaled by {@code 1 / (1 - rate)}; at inference the layer is the identity. The mask is
 * drawn from the call's seeded generator ({@link LayerContext#random()}), so the same seed gives the
 * same mask.
 *
 * <pre>{@code
 * Tensor h = new Dense(100, "relu").call(flat);
 * Tensor d = new Dropout(0.4).call(h);
 * }</pre>
 */
public final class Dropout extends Layer {
    private final double rate;

    /**
     * @param rate the fraction of elements to drop, in [0, 1)
     */
    public Dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout: rate must be in [0, 1), received " + rate);
        }
        this.rate = rate;
    }

    @Override
    public String type() {
        return "Dropout";
    }

    /** The drop probability. */
    public double rate() {
        return rate;
    }

    /** Passes its input's mask on (Keras {@code supports_masking}). */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        return in.get(0);
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        if (!ctx.training() || rate == 0) {
            return x;
        }
        INDArray mask = x.dataType() == DataType.FLOAT ? floatMask(ctx, x.shape()) : mask(x.dataType(), rate, ctx.random(), x.shape());
        ctx.save("mask", mask);
        INDArray out = ctx.reusable("out", x.dataType(), x.shape());
        if (x.dataType() == DataType.FLOAT && ctx.extra() instanceof float[] values && MaskProducts.multiply(x, values, out)) {
            return out;
        }
        return Nd4j.exec(new MulOp(x, mask, out))[0];
    }

    /**
     * {@link #mask}'s float mask (the same draws, in the same order) drawn into a Java array and an ND4J array
     * that this call site reuses across passes; the Java array is also kept as the call's extra, for the products.
     */
    private INDArray floatMask(LayerContext ctx, long[] shape) {
        INDArray m = ctx.reusable("mask", DataType.FLOAT, shape);
        float[] v = ctx.reusableFloats("mask_values", Math.toIntExact(m.length()));
        draw(v, rate, ctx.random());
        ctx.setExtra(v);   // the mask's values for the products in Java (MaskProducts), forward and backward
        if (m.isView() || m.data().offset() != 0) {
            m.data().setData(v);
        } else {
            // one bulk copy; DataBuffer.setData(float[]) writes element by element, 20 times slower
            m.data().asNioFloat().put(v);
        }
        return m;
    }

    /**
     * A dropout mask of 0 and {@code 1/(1-rate)}, row-major over {@code shape}, from the call's seeded
     * generator (also the attention weights' dropout of MultiHeadAttention).
     */
    public static INDArray mask(DataType dtype, double rate, SplittableRandom random, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double scale = 1.0 / (1.0 - rate);
        if (dtype == DataType.DOUBLE) {
            double[] v = new double[Math.toIntExact(n)];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextDouble() >= rate ? scale : 0.0;
            }
            return Nd4j.create(v, shape, DataType.DOUBLE);
        }
        float[] v = new float[Math.toIntExact(n)];
        draw(v, rate, random);
        INDArray m = Nd4j.create(v, shape, 'c');
        return dtype == DataType.FLOAT ? m : m.castTo(dtype);
    }

    /**
     * Fills {@code v} with 0 (dropped) or {@code (float) (1 / (1 - rate))}, keeping element {@code i} when the
     * generator's {@code i}-th {@code nextDouble() >= rate}. Without the double: {@code nextDouble()} is
     * {@code (nextLong() >>> 11) · 2⁻⁵³}, exact, so the test is the same as {@code nextLong() >>> 11 >=
     * ceil(rate · 2⁵³)} on the same draw, which compiles to branch-free integer code (the branch on a random
     * bit mispredicts once in ten draws at rate 0.1).
     */
    static void draw(float[] v, double rate, SplittableRandom random) {
        float[] values = {0f, (float) (1.0 / (1.0 - rate))};
        long threshold = (long) Math.ceil(rate * 0x1p53);
        for (int i = 0; i < v.length; i++) {
            // (k - threshold) >>> 63 is 1 exactly when k < threshold (both below 2^53): dropped
            v[i] = values[(int) (((random.nextLong() >>> 11) - threshold) >>> 63) ^ 1];
        }
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        if (!ctx.training() || rate == 0) {
            return List.of(gradOutput);
        }
        INDArray mask = ctx.get("mask");
        INDArray grad = ctx.reusable("grad", gradOutput.dataType(), gradOutput.shape());
        if (gradOutput.dataType() == DataType.FLOAT && ctx.extra() instanceof float[] values && MaskProducts.multiply(gradOutput, values, grad)) {
            return List.of(grad);
        }
        return List.of(Nd4j.exec(new MulOp(gradOutput, mask, grad))[0]);
    }

    /** Rebuilds from {@link #arguments()}. */
    public static Layer fromConfig(Map<String, Object> args) {
        if (args == null || args.get("rate") == null) {
            throw new IllegalArgumentException("Dropout: missing argument 'rate'");
        }
        return new Dropout(new LayerArgs("Dropout", args).number("rate", 0));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", rate);
        return m;
    }
}
