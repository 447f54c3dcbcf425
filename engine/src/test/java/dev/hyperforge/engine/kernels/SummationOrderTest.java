package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The small kernels' rearranged loops give the bits of the plain loops they replace: each product element
 * summed in order of the input index from the bias, and rounding to float as one {@code (float)} cast.
 */
class SummationOrderTest {
    private static double[][] random(SplittableRandom r, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextDouble() * 2 - 1;
            }
        }
        return m;
    }

    @Test
    void productEqualsTheSequentialSumForOneUnitAndForMany() {
        SplittableRandom r = new SplittableRandom(7);
        // one NaN source per sum: where two NaNs meet, which payload survives is left to the compiled code (Java fixes no NaN bits)
        double[] edge = {-0.0, 0.0, Double.NaN, -1e-300, 1e300, Double.MIN_VALUE};
        for (int units : new int[] {1, 3, 64}) {
            for (int in : new int[] {1, 2, 3, 4, 5, 7, 8, 13, 64}) {
                for (int rows : new int[] {1, 4, 7, 16}) {
                    for (boolean bias : new boolean[] {true, false}) {
                        double[][] x = random(r, rows, in);
                        double[][] w = random(r, in, units);
                        if (rows == 7) {   // signed zeros, a NaN and extremes in one row, a negative zero weight
                            for (int p = 0; p < in; p++) {
                                x[3][p] = edge[p % edge.length];
                            }
                            w[in - 1][units - 1] = -0.0;
                        }
                        double[] b = bias ? random(r, 1, units)[0] : null;
                        double[][] a = new double[rows][units];
                        SmallDense.product(x, w, b, a, rows, in, units);
                        assertSequential(x, w, b, a, rows, in, units);
                    }
                }
            }
        }
    }

    private static void assertSequential(double[][] x, double[][] w, double[] b, double[][] a, int rows, int in, int units) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < units; j++) {
                double s = b == null ? 0.0 : b[j];
                for (int p = 0; p < in; p++) {
                    s += x[i][p] * w[p][j];
                }
                assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(a[i][j]),
                        rows + "x" + in + "x" + units + (b == null ? " no bias" : "") + " at " + i + "," + j);
            }
        }
    }

    @Test
    void reluThenRoundingInOnePassIsReluThenTheCast() {
        SplittableRandom r = new SplittableRandom(13);
        double[] edge = {0.0, -0.0, Double.NaN, -Double.NaN, 1e-40, -1e-40, 3.5e38, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            1 + Math.scalb(1.0, -24), -1.5};
        double[][] m = new double[4][edge.length];
        double[][] expected = new double[4][edge.length];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < edge.length; j++) {
                m[i][j] = i == 0 ? edge[j] : Double.longBitsToDouble(r.nextLong());
                double relu = m[i][j] > 0 ? m[i][j] : 0.0;
                expected[i][j] = (float) relu;
            }
        }
        SmallKernels.reluRoundToFloat(m, 4, edge.length);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < edge.length; j++) {
                assertEquals(Double.doubleToRawLongBits(expected[i][j]), Double.doubleToRawLongBits(m[i][j]), i + "," + j);
            }
        }
    }

    @Test
    void roundToFloatIsTheCastIncludingEdgeValues() {
        SplittableRandom r = new SplittableRandom(11);
        double[] edge = {0.0, -0.0, 1e-40, -1e-45, 1e-50, 3.4028235677973366E38, 3.5e38, Double.MAX_VALUE, Double.MIN_VALUE,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1 + Math.scalb(1.0, -24), 1 + 3 * Math.scalb(1.0, -24)};
        double[][] m = new double[3][edge.length];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < edge.length; j++) {
                m[i][j] = i == 0 ? edge[j] : Double.longBitsToDouble(r.nextLong());
            }
        }
        double[][] expected = new double[3][edge.length];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < edge.length; j++) {
                expected[i][j] = (float) m[i][j];
            }
        }
        SmallKernels.roundToFloat(m, 3, edge.length);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < edge.length; j++) {
                assertEquals(Double.doubleToRawLongBits(expected[i][j]), Double.doubleToRawLongBits(m[i][j]), i + "," + j);
            }
        }
    }
}
