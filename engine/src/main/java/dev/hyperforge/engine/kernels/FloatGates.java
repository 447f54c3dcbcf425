package dev.hyperforge.engine.kernels;

/**
 * {@code tanh} and the logistic sigmoid in float32 by a rational function, in loops of plain arithmetic the JIT
 * vectorises (16 lanes with AVX-512), for numerics level {@link Numerics#V3}'s float32 LSTM gates ({@link LstmFloatBlock}).
 * {@code tanh(x)} is {@code x·P(x²) / Q(x²)} with {@code x} clamped to ±7.905 (beyond which tanh is 1 in float): the
 * odd degree-13 over even degree-6 approximation of Eigen's {@code generic_fast_tanh_float}, which the float tanh of
 * TensorFlow's and PyTorch's CPU kernels uses; {@code sigmoid(x) = 0.5 + 0.5·tanh(x/2)}. No exponential, no branch and
 * no bit casts, so every pass vectorises, where {@link FastExp} keeps a scalar pass and the exact tanh a branchy one.
 *
 * <p>Accuracy: within about 3.3e-7 of the exact values (a few float ulps; absolute for the sigmoid). {@code NaN} stays
 * {@code NaN}; {@code ±∞} gives ±1 (sigmoid 1 and 0).
 *
 * <pre>{@code
 * float[] v = {-1f, 0f, 2.5f};
 * FloatGates.tanh(v, v, 3);     // {-0.7615942, 0, 0.9866143}, to a few float ulps
 * FloatGates.sigmoid(v, 3);     // in place
 * }</pre>
 */
public final class FloatGates {
    /** Beyond this magnitude tanh rounds to ±1 in float; the rational function is evaluated at the clamp. */
    private static final float CLAMP = 7.90531110763549805f;
    private static final float A1 = 4.89352455891786e-03f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B6 = 1.19825839466702e-06f;

    private FloatGates() {
    }

    /** {@code out[j] = tanh(v[j])} for {@code j < n} ({@code out} may be {@code v}). */
    public static void tanh(float[] v, float[] out, int n) {
        for (int j = 0; j < n; j++) {
            out[j] = tanh(v[j]);
        }
    }

    /** {@code v[j] = 1 / (1 + exp(-v[j]))} for {@code j < n}, in place, as {@code 0.5 + 0.5·tanh(v/2)}. */
    public static void sigmoid(float[] v, int n) {
        for (int j = 0; j < n; j++) {
            v[j] = 0.5f + 0.5f * tanh(0.5f * v[j]);
        }
    }

    /** The rational tanh of one value (the loops' body). */
    public static float tanh(float v) {
        float x = Math.max(-CLAMP, Math.min(CLAMP, v));
        float x2 = x * x;
        float p = x * (A1 + x2 * (A3 + x2 * (A5 + x2 * (A7 + x2 * (A9 + x2 * (A11 + x2 * A13))))));
        float q = B0 + x2 * (B2 + x2 * (B4 + x2 * B6));
        return p / q;
    }
}
