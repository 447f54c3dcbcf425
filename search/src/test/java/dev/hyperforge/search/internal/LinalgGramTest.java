package dev.hyperforge.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinalgGramTest {

    @Test
    void gramSumsEachEntryInAscendingOrderOfTheInnerIndex() {
        int n = 37;
        SplittableRandom rng = new SplittableRandom(11);
        double[][] li = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                li[i][j] = rng.nextDouble() - 0.5;
            }
        }
        double[][] inv = Linalg.gram(li);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = i; k < n; k++) {
                    s += li[k][i] * li[k][j];
                }
                // exactly the dot-product form's rounding, which the fitted hyperparameters (and replays) depend on
                assertEquals(s, inv[i][j], 0.0, "(" + i + ", " + j + ")");
                assertEquals(inv[i][j], inv[j][i], 0.0, "symmetric");
            }
        }
    }
}
