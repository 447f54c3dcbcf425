package dev.hyperforge.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Choosing the score that ranks ensembles, on two outputs with known answers: {@code age} (regression, targets 10, 20,
 * 30, 40) and {@code income} (binary, targets 1, 0, 1, 0). Member 0 predicts age exactly and income always wrong;
 * member 1 predicts age 10 too high (MSE 100, MAE 10) and income always right.
 */
class ScoringTest {
    private static final EnsembleData DATA = EnsembleData.of(
            List.of(OutputSpec.detect("age", new float[] {10, 20, 30, 40}, new int[] {4, 1}, 1, false),
                    OutputSpec.detect("income", new float[] {1, 0, 1, 0}, new int[] {4, 1}, 1, true)),
            List.of(new EnsembleData.Member(0, Map.of("age", new float[] {10, 20, 30, 40},
                            "income", new float[] {0.2f, 0.8f, 0.2f, 0.8f})),
                    new EnsembleData.Member(1, Map.of("age", new float[] {20, 30, 40, 50},
                            "income", new float[] {0.9f, 0.1f, 0.9f, 0.1f}))));

    @Test
    void theChosenOutputsMetricDecidesWhatGreedySelectionPicks() {
        assertArrayEquals(new double[] {0, 1}, GreedySelection.select(DATA.withScoring(Scoring.parse("income:accuracy")), 5)
                .weights(), "income accuracy: only member 1 is right");
        assertArrayEquals(new double[] {1, 0}, GreedySelection.select(DATA.withScoring(Scoring.parse("age:mse")), 5)
                .weights(), "age mse: only member 0 is exact");
        assertArrayEquals(new double[] {1, 0}, GreedySelection.select(DATA, 5).weights(),
                "the automatic sum of losses is dominated by age's MSE of 100");
    }

    @Test
    void scoresAreNamedByOutputAndMetricWithTheirDirection() {
        Evaluation one = EnsembleMath.evaluate(DATA.withScoring(Scoring.parse("age:mae")), new double[] {0, 1});
        assertEquals("age_mae", one.score().name());
        assertEquals(10.0, one.score().value(), 1e-9);
        assertEquals(false, one.score().higherIsBetter());
        Evaluation acc = EnsembleMath.evaluate(DATA.withScoring(Scoring.parse("accuracy")), new double[] {0, 1});
        assertEquals("accuracy", acc.score().name());
        assertEquals(1.0, acc.score().value(), 1e-9, "the mean over the classification outputs: income only");
        assertTrue(acc.score().higherIsBetter());
        HeldOut.Estimate held = HeldOut.estimate(DATA.withScoring(Scoring.parse("income:log_loss")).rows(
                new int[] {0, 1, 2, 3, 0, 1, 2, 3, 0, 1}), d -> new double[] {0, 1}, 3);
        assertEquals("income_log_loss", held.score().name());
        assertEquals(-(Math.log(0.9)), held.score().value(), 1e-6);
    }

    @Test
    void theStudyObjectiveMapsOntoAnOutputAndAMetric() {
        List<OutputSpec> outs = DATA.outputs();
        assertEquals(Optional.of(new Scoring("income", "accuracy")), Scoring.forObjective("val_income_accuracy", outs));
        assertEquals(Optional.of(new Scoring("age", "mae")), Scoring.forObjective("val_age_mean_absolute_error", outs));
        assertEquals(Optional.of(new Scoring(null, "loss")), Scoring.forObjective("val_loss", outs));
        assertEquals(Optional.of(new Scoring(null, "accuracy")), Scoring.forObjective("val_accuracy", outs));
        assertEquals(Optional.empty(), Scoring.forObjective("val_age_accuracy", outs), "age is a regression output");
        assertEquals(Optional.empty(), Scoring.forObjective("val_f1", outs));
        assertEquals(Optional.empty(), Scoring.forObjective(null, outs));
        List<OutputSpec> single = List.of(outs.get(1));
        assertEquals(Optional.of(new Scoring(null, "accuracy")), Scoring.forObjective("val_income_accuracy", single));
        assertEquals(List.of("accuracy", "log_loss", "mse", "mae", "loss", "age:mse", "age:mae", "age:loss",
                "income:accuracy", "income:log_loss", "income:loss"), Scoring.choices(outs).stream().map(Scoring::key).toList());
        assertEquals(new Scoring(null, "loss"), Scoring.AUTO.resolve(outs));
    }

    @Test
    void aScoreTheOutputsCannotGiveIsRefusedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DATA.withScoring(Scoring.parse("age:accuracy")));
        assertTrue(e.getMessage().contains("classification") && e.getMessage().contains("income:accuracy"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DATA.withScoring(Scoring.parse("height:mse")));
        assertTrue(e.getMessage().contains("[age, income]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scoring.parse("income:f1"));
        assertTrue(e.getMessage().contains("one of [accuracy"), e.getMessage());
        assertEquals(Scoring.AUTO, Scoring.parse(" "));
        assertEquals("income:accuracy", Scoring.parse("income:accuracy").key());
    }
}
