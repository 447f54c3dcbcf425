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
        for (int units : new int[] {1, 3, 64}) {
            for (int rows : new int[] {1, 4, 7, 16}) {
                int in = 13;
                double[][] x = random(r, rows, in);
                double[][] w = random(r, in, units);
                double[] b = random(r, 1, units)[0];
                double[][] a = new double[rows][units];
                SmallDense.product(x, w, b, a, rows, in, units);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < units; j++) {
                        double s = b[j];
                        for (int p = 0; p < in; p++) {
                            s += x[i][p] * w[p][j];
                        }
                        assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(a[i][j]), rows + "x" + units + " at " + i + "," + j);
                    }
                }
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
