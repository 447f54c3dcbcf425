package dev.hyperforge.engine.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.LayerContext;

/**
 * Forward pass and backpropagation through time of a recurrent layer (LSTM, GRU, simple RNN). The large
 * products run as ND4J GEMMs over all steps at once: the input projection {@code x·W + b} before the
 * recurrence, and {@code dW = xᵀ·dz}, {@code dU = h_prevᵀ·dz_rec}, {@code dx = dz·Wᵀ} after it. The
 * recurrence itself runs in the cell's Java kernel ({@link RecurrentCell}) in double precision, batch rows
 * split over the native threads. With a call context every array of the size of the batch is the call's
 * reusable one ({@link LayerContext#reusableDoubles}, {@link LayerContext#reusable}), keyed by
 * {@code prefix}, so a training step allocates nothing of that size after the first.
 *
 * <pre>{@code
 * RecurrentMath.State s = RecurrentMath.forward(Cells.gru(layout, units, TANH, SIGMOID), "gru", x, w, r, bIn, bRec, ctx);
 * INDArray h = s.last(DataType.FLOAT);
 * }</pre>
 */
public final class RecurrentMath {
    private RecurrentMath() {
    }

    /**
     * What the forward pass keeps for backward.
     *
     * @param x2 the input as {@code (batch·steps, features)} in the weights' dtype
     * @param a the cell's per-step values (gates)
     * @param hs hidden state after each step, by input row
     * @param s1 the cell's first per-step array (LSTM: cell state; GRU: recurrent candidate term)
     * @param s2 the cell's second per-step array (LSTM: activated cell state)
     * @param saved what a cell that {@link RecurrentCell#takesFloatGradients} kept as floats for its backward, or null
     */
    public record State(INDArray x2, int batch, RecurrentCell cell, String prefix, double[] a, double[] hs, double[] s1, double[] s2,
                        float[] saved) {
        /** A state without saved floats (a cell computing its backward in double). */
        public State(INDArray x2, int batch, RecurrentCell cell, String prefix, double[] a, double[] hs, double[] s1, double[] s2) {
            this(x2, batch, cell, prefix, a, hs, s1, s2, null);
        }

        /** Hidden size. */
        public int units() {
            return cell.units();
        }

        /** Steps per sequence. */
        public int steps() {
            return cell.layout().steps();
        }

        /** Every step's output {@code (batch, steps, units)} in pass order (reversed when going backwards) unless the layout asks for input order. */
        public INDArray sequence(DataType dt, LayerContext ctx) {
            StepLayout l = cell.layout();
            int u = units();
            INDArray target = array(ctx, prefix + "_seq2", dt, batch, l.steps(), u);
            int[] source = new int[batch * l.steps()];
            for (int b = 0; b < batch; b++) {
                for (int s = 0; s < l.steps(); s++) {
                    source[l.out(b, s)] = l.zeroed(b, s) ? -1 : l.row(b, s) * u;
                }
            }
            HostArrays.writeRows(target, u, source, hs);
            return target;
        }

        /** The final hidden state {@code (batch, units)} (carried over trailing masked steps). */
        public INDArray last(DataType dt) {
            return lastOf(hs, dt);
        }

        /** The final value of a per-step array of width units, such as the LSTM's cell state. */
        public INDArray lastOf(double[] perStep, DataType dt) {
            int u = units();
            double[] last = new double[batch * u];
            StepLayout l = cell.layout();
            for (int b = 0; b < batch; b++) {
                System.arraycopy(perStep, l.row(b, l.steps() - 1) * u, last, b * u, u);
            }
            return HostArrays.fromDoubles(last, dt, batch, u);
        }
    }

    /**
     * The forward pass; without backward to follow ({@link LayerContext#forwardOnly}) the cell's
     * {@link RecurrentCell#infer}, which keeps only what the outputs need.
     *
     * @param prefix key prefix of the reusable arrays
     * @param x input {@code (batch, steps, features)} in the weights' dtype
     * @param w kernel {@code (features, gates·units)}
     * @param r recurrent kernel {@code (units, gates·units)}
     * @param bIn input bias or null
     * @param bRec recurrent bias (added to {@code h·U} inside the recurrence) or null
     * @param ctx the call's context, or null for fresh arrays
     */
    public static State forward(RecurrentCell cell, String prefix, INDArray x, INDArray w, INDArray r, INDArray bIn, INDArray bRec,
                                LayerContext ctx) {
        int batch = (int) x.size(0);
        int steps = (int) x.size(1);
        int g = cell.gates() * cell.units();
        INDArray x2 = HostArrays.contiguous(x).reshape('c', (long) batch * steps, x.size(2));
        INDArray z = scratch(ctx, "gates", w.dataType(), (long) batch * steps, g);
        MatMul.mmInto(x2, w, false, false, z);
        boolean training = ctx == null || ctx.backwardFollows();
        if (cell.takesFloats() && z.dataType() == DataType.FLOAT) {
            return forwardFloats(cell, prefix, x2, z, bIn, bRec, r, batch, training, ctx);
        }
        double[] a = doubles(ctx, prefix + "_a", (int) z.length());
        if (bIn != null && z.dataType() == DataType.FLOAT) {
            HostArrays.toDoublesAddingRow(z, HostArrays.toFloats(bIn), a);
        } else {
            if (bIn != null) {
                z.addiRowVector(bIn);
            }
            HostArrays.toDoubles(z, a);
        }
        double[] rr = HostArrays.toDoubles(r);
        double[] rb = bRec == null ? null : HostArrays.toDoubles(bRec);
        int n = batch * steps * cell.units();
        int arrays = training ? cell.stepArrays() : cell.inferenceArrays();
        double[] hs = doubles(ctx, prefix + "_h", n);
        double[] s1 = arrays >= 1 ? doubles(ctx, prefix + "_s1", n) : null;
        double[] s2 = arrays >= 2 ? doubles(ctx, prefix + "_s2", n) : null;
        long work = 2L * steps * cell.units() * g;
        Parallel.forRows(batch, work, (b0, b1) -> {
            if (training) {
                cell.forward(a, rr, rb, hs, s1, s2, b0, b1);
            } else {
                cell.infer(a, rr, rb, hs, s1, s2, b0, b1);
            }
        });
        return new State(x2, batch, cell, prefix, a, hs, s1, s2);
    }

    /**
     * {@link #forward} of a cell that {@link RecurrentCell#takesFloats}: the projection {@code z} plus the bias becomes
     * floats (this thread's scratch, like {@link #SCRATCH}) instead of doubles; the doubles {@code a} that backward
     * reads are only allocated (and written by the cell) when backward follows.
     */
    private static State forwardFloats(RecurrentCell cell, String prefix, INDArray x2, INDArray z, INDArray bIn, INDArray bRec, INDArray r,
                                       int batch, boolean training, LayerContext ctx) {
        float[] af = floatScratch(ctx, (int) z.length());
        HostArrays.toFloatsAddingRow(z, bIn == null ? null : HostArrays.toFloats(bIn), af);
        int n = batch * cell.layout().steps() * cell.units();
        boolean floats = training && cell.takesFloatGradients();
        float[] saved = floats ? floats(ctx, prefix + "_saved", n * cell.savedFloats()) : null;
        double[] a = training && !floats ? doubles(ctx, prefix + "_a", (int) z.length()) : null;
        double[] rr = HostArrays.toDoubles(r);
        float[] rb = bRec == null ? null : HostArrays.toFloats(bRec);
        int arrays = training && !floats ? cell.stepArrays() : cell.inferenceArrays();
        double[] hs = doubles(ctx, prefix + "_h", n);
        double[] s1 = arrays >= 1 ? doubles(ctx, prefix + "_s1", n) : null;
        double[] s2 = arrays >= 2 ? doubles(ctx, prefix + "_s2", n) : null;
        long work = 2L * cell.layout().steps() * cell.units() * cell.gates() * cell.units();
        if (floats) {
            Parallel.forRows(batch, work, (b0, b1) -> cell.forwardSaving(af, rb, rr, hs, s1, saved, batch, b0, b1));
        } else {
            Parallel.forRows(batch, work, (b0, b1) -> cell.forwardFloats(af, rb, a, rr, hs, s1, s2, b0, b1, training));
        }
        return new State(x2, batch, cell, prefix, a, hs, s1, s2, saved);
    }

    /**
     * This thread's scratch floats of length {@code n} ({@link #SCRATCH_FLOATS}) for a call with a context, else a new array;
     * content unspecified. A forward pass's input projection and a backward pass's gradients share them: each lives only
     * inside its call.
     */
    private static float[] floatScratch(LayerContext ctx, int n) {
        return ctx == null ? new float[n] : SCRATCH_FLOATS.get().computeIfAbsent(n, float[]::new);
    }

    /** The float input projections of {@link #forwardFloats} and the float gradients of {@link #backward}, one per length and thread (a model's layers run one after another). */
    private static final ThreadLocal<java.util.Map<Integer, float[]>> SCRATCH_FLOATS = ThreadLocal.withInitial(() ->
            new java.util.LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<Integer, float[]> eldest) {
                    return size() > 4;
                }
            });

    /** Gradients of one call; arrays not asked for are null. */
    public record Grads(INDArray input, INDArray kernel, INDArray recurrentKernel, INDArray bias, INDArray recurrentBias) {
    }

    /**
     * Backpropagation through time: writes every element of {@code dw}, {@code dr}, {@code dbIn} and
     * {@code dbRec} (the biases may be null) and returns the input gradient when {@code inputGradient}.
     *
     * @param dhInit gradient of the final hidden state {@code (batch, units)} or null
     * @param dcInit gradient of the final cell state (LSTM) or null
     * @param gradSeq gradient of every step's output in pass order, or null
     */
    public static Grads backward(State s, INDArray dhInit, INDArray dcInit, INDArray gradSeq, INDArray w, INDArray r,
                                 boolean inputGradient, LayerContext ctx, INDArray dw, INDArray dr, INDArray dbIn, INDArray dbRec) {
        RecurrentCell cell = s.cell();
        int u = cell.units();
        int g = cell.gates() * u;
        long rows = (long) s.batch() * s.steps();
        String p = s.prefix();
        DataType dt = w.dataType();
        double[] dh0 = scratchCopy(dhInit, ctx, "dh0");
        double[] dc0 = scratchCopy(dcInit, ctx, "dc0");
        double[] gs = scratchCopy(gradSeq, ctx, "gseq");
        double[] rt = HostArrays.toDoubles(r.transpose());
        INDArray dzx2;
        INDArray dzr2;
        if (s.saved() != null) {
            float[] dz = floatScratch(ctx, (int) rows * g);
            float[] dzr = cell.separateRecurrentGradient() ? floats(ctx, p + "_dzr", (int) rows * g) : null;
            Parallel.forRows(s.batch(), 2L * s.steps() * u * g, (b0, b1) ->
                    cell.backwardFloats(s.saved(), s.batch(), rt, dh0, dc0, gs, dz, dzr, b0, b1));
            dzx2 = HostArrays.intoArray(dz, (int) rows * g, scratch(ctx, "gates", dt, rows, g));
            dzr2 = dzr == null ? dzx2 : HostArrays.intoArray(dzr, (int) rows * g, scratch(ctx, "gates_rec", dt, rows, g));
        } else {
            double[] dzx = cell.gradientOverGates() ? s.a() : doubles(ctx, p + "_dz", (int) rows * g);
            double[] dzr = cell.separateRecurrentGradient() ? scratchDoubles(ctx, "dzr", (int) rows * g) : dzx;
            Parallel.forRows(s.batch(), 2L * s.steps() * u * g, (b0, b1) ->
                    cell.backward(s.a(), s.hs(), s.s1(), s.s2(), rt, dh0, dc0, gs, dzx, dzr, b0, b1));
            dzx2 = HostArrays.intoArray(dzx, scratch(ctx, "gates", dt, rows, g));
            dzr2 = dzr == dzx ? dzx2 : HostArrays.intoArray(dzr, scratch(ctx, "gates_rec", dt, rows, g));
        }
        INDArray hPrev = previousHidden(s, scratch(ctx, "hprev", dt, rows, u));
        MatMul.mmInto(s.x2(), dzx2, true, false, dw);
        MatMul.mmInto(hPrev, dzr2, true, false, dr);
        if (dbIn != null) {
            MatMul.columnSumsInto(dzx2, dbIn);
        }
        if (dbRec != null) {
            MatMul.columnSumsInto(dzr2, dbRec);
        }
        INDArray dx = inputGradient ? MatMul.mm(dzx2, w, false, true).reshape('c', s.batch(), s.steps(), w.size(0)) : null;
        return new Grads(dx, dw, dr, dbIn, dbRec);
    }

    /** {@code a}'s values in this thread's scratch doubles of that key ({@link #scratchDoubles}), or null. */
    private static double[] scratchCopy(INDArray a, LayerContext ctx, String key) {
        if (a == null) {
            return null;
        }
        double[] d = scratchDoubles(ctx, key, (int) a.length());
        HostArrays.toDoubles(a, d);
        return d;
    }

    private static double[] hostOrNull(INDArray a, LayerContext ctx, String key) {
        if (a == null) {
            return null;
        }
        double[] d = doubles(ctx, key, (int) a.length());
        HostArrays.toDoubles(a, d);
        return d;
    }

    private static float[] floats(LayerContext ctx, String key, int n) {
        return ctx == null ? new float[n] : ctx.reusableFloats(key, n);
    }

    static double[] doubles(LayerContext ctx, String key, int n) {
        return ctx == null ? new double[n] : ctx.reusableDoubles(key, n);
    }

    /**
     * The native arrays that live only inside one forward or backward call (the input projection before it
     * becomes doubles; the pre-activation gradients and previous hidden states while the weight-gradient
     * GEMMs read them), shared by every recurrent layer call on this thread: the layers of a model run one
     * after the other, so one array per shape serves them all instead of one per layer and direction.
     */
    private static final ThreadLocal<java.util.Map<String, ReusedArrays>> SCRATCH = ThreadLocal.withInitial(java.util.HashMap::new);

    /** Java arrays that live only inside one backward call, shared like {@link #SCRATCH}; a few lengths per key. */
    private static final ThreadLocal<java.util.Map<String, double[]>> SCRATCH_DOUBLES = ThreadLocal.withInitial(() ->
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, double[]> eldest) {
                    return size() > 16;
                }
            });

    /** This thread's scratch doubles of that key and length for a call with a context, else a new array; content unspecified. */
    static double[] scratchDoubles(LayerContext ctx, String key, int n) {
        if (ctx == null) {
            return new double[n];
        }
        return SCRATCH_DOUBLES.get().computeIfAbsent(key + ":" + n, k -> new double[n]);
    }

    /** This thread's scratch array of that key, type and shape ({@link #SCRATCH}) for a call with a context, else a fresh one; its content is unspecified. */
    static INDArray scratch(LayerContext ctx, String key, DataType dt, long... shape) {
        if (ctx == null) {
            return Nd4j.createUninitialized(dt, shape);
        }
        return SCRATCH.get().computeIfAbsent(key, k -> new ReusedArrays()).get(dt, shape);
    }

    static INDArray array(LayerContext ctx, String key, DataType dt, long... shape) {
        return ctx == null ? Nd4j.createUninitialized(dt, shape) : ctx.reusable(key, dt, shape);
    }

    /** The hidden state entering each step, by input row: zeros at the pass's first step, else the previous step's state. */
    private static INDArray previousHidden(State s, INDArray target) {
        StepLayout l = s.cell().layout();
        int u = s.units();
        int steps = l.steps();
        int[] source = new int[s.batch() * steps];
        for (int b = 0; b < s.batch(); b++) {
            source[l.row(b, 0)] = -1;
            for (int t = 1; t < steps; t++) {
                source[l.row(b, t)] = l.row(b, t - 1) * u;
            }
        }
        return HostArrays.writeRows(target, u, source, s.hs());
    }

    /** The input step mask as doubles by input row, or null without a mask. */
    public static double[] maskOf(INDArray mask, LayerContext ctx, String key) {
        return hostOrNull(mask, ctx, key);
    }
}
