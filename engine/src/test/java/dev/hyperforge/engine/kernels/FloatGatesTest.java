package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link FloatGates} against {@code Math.tanh} and the exact sigmoid: within 4e-7 over [-20, 20], special values. */
class FloatGatesTest {
    @Test
    void tanhAndSigmoidAreWithinAFewFloatUlps() {
        int n = 400_001;
        float[] t = new float[n];
        float[] s = new float[n];
        for (int j = 0; j < n; j++) {
            t[j] = (float) (-20 + 40.0 * j / (n - 1));
            s[j] = t[j];
        }
        float[] x = t.clone();
        FloatGates.tanh(t, t, n);
        FloatGates.sigmoid(s, n);
        double worstTanh = 0;
        double worstSigmoid = 0;
        for (int j = 0; j < n; j++) {
            double exact = Math.tanh(x[j]);
            worstTanh = Math.max(worstTanh, Math.abs(t[j] - exact) / Math.max(Math.abs(exact), 1e-30));
            worstSigmoid = Math.max(worstSigmoid, Math.abs(s[j] - 1 / (1 + Math.exp(-x[j]))));
        }
        assertTrue(worstTanh < 4e-7, "tanh relative error " + worstTanh);
        assertTrue(worstSigmoid < 4e-7, "sigmoid absolute error " + worstSigmoid);
        assertEquals(0f, FloatGates.tanh(0f));
        assertEquals(0.5f, sigmoid(0f));
    }

    @Test
    void specialValues() {
        assertEquals(1f, FloatGates.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, FloatGates.tanh(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(FloatGates.tanh(Float.NaN)));
        assertEquals(1f, sigmoid(Float.POSITIVE_INFINITY));
        assertEquals(0f, sigmoid(Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(sigmoid(Float.NaN)));
    }

    private static float sigmoid(float v) {
        float[] a = {v};
        FloatGates.sigmoid(a, 1);
        return a[0];
    }
}
