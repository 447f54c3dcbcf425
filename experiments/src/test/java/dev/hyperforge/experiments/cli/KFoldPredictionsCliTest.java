package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hyperforge.ensemble.EnsembleMethod;
import dev.hyperforge.ensemble.EnsembleResult;
import dev.hyperforge.ensemble.EnsembleService;
import dev.hyperforge.ensemble.Scoring;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.FloatArrays;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A k-fold study's runs store the validation predictions of every fold (not the last fold's only), so ensembles of
 * them are scored on all rows: boston-kfold (4 folds) on 48 samples stores 48 predicted rows per run, with the same
 * targets in every run.
 */
class KFoldPredictionsCliTest {
    @Test
    void everyRowOfEveryFoldIsPredictedOnceAndEnsemblesScoreThemAll() {
        String db = Cli.memDb("kfold-predictions");
        Cli.Result r = Cli.run("tune", Cli.shipped("boston-kfold"), "--trials", "2", "--epochs", "1", "--limit-samples",
                "48", "--db", db);
        assertEquals(0, r.code(), r.toString());
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d)) {
            StudyRecord study = store.listStudies().get(0).study();
            List<Run> runs = store.listRuns(study.id(), EnumSet.of(TrialState.COMPLETE));
            assertEquals(2, runs.size(), r.toString());
            String firstTargets = null;
            for (Run run : runs) {
                Artifact targets = store.artifacts(run.id()).stream().filter(a -> a.name().startsWith("val_targets/"))
                        .findFirst().orElseThrow();
                Artifact preds = store.artifacts(run.id()).stream().filter(a -> a.name().startsWith("val_predictions/"))
                        .findFirst().orElseThrow();
                assertEquals(48, FloatArrays.decode(store.artifactContent(targets.id())).shape()[0], "all 4 folds' rows");
                assertEquals(48, FloatArrays.decode(store.artifactContent(preds.id())).shape()[0]);
                firstTargets = firstTargets == null ? targets.sha256() : firstTargets;
                assertEquals(firstTargets, targets.sha256(), "the same folds in every trial");
            }
            EnsembleResult e = new EnsembleService(store).build(runs.stream().map(Run::id).toList(), EnsembleMethod.EQUAL,
                    null, EnsembleService.Options.defaults().scoredBy(Scoring.AUTO, "val_mae"));
            assertEquals("mae", e.evaluation().score().name(), "the study objective val_mae");
        }
    }
}
