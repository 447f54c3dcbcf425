package dev.hyperforge.experiments;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import dev.hyperforge.ensemble.EnsembleMethod;
import dev.hyperforge.ensemble.EnsembleResult;
import dev.hyperforge.ensemble.EnsembleService;
import dev.hyperforge.ensemble.Evaluation;
import dev.hyperforge.ensemble.OutputMetrics;
import dev.hyperforge.ensemble.Score;
import dev.hyperforge.ensemble.Task;
import dev.hyperforge.ensemble.archfixture.EnsembleWithHttp;
import dev.hyperforge.web.archfixture.WebEnsembleLogic;

/**
 * The module arrows of docs/architecture.md: engine and search stand alone; tracker implements search's trial model and storage contract; ensemble reads the tracker and
 * uses search, and never serves, trains or runs experiments; web serves what tracker and ensemble compute and holds
 * no ensemble logic of its own; {@code hf ensemble} calls the ensemble module, not web.
 */
class ArchitectureTest {
    /** Web may call the ensemble service and read its results; the selection, weights and scoring stay behind it. */
    static final ArchRule WEB_ONLY_SERVES_ENSEMBLES = noClasses().that().resideInAPackage("dev.hyperforge.web..")
            .should().dependOnClassesThat(resideInAPackage("dev.hyperforge.ensemble..").and(not(belongToAnyOf(
                    EnsembleService.class, EnsembleResult.class, EnsembleMethod.class, Evaluation.class,
                    OutputMetrics.class, Score.class, Task.class, dev.hyperforge.ensemble.HeldOut.Estimate.class,
                    dev.hyperforge.ensemble.Scoring.class))))
            .orShould().dependOnClassesThat().resideInAnyPackage("dev.hyperforge.search.sampler..",
                    "dev.hyperforge.search.internal..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.hyperforge.tracker.FloatArrays")
            .because("ensemble logic (predictions, selection, weights, scoring) lives in the ensemble module");

    /** The ensemble module never serves, trains or runs experiments. */
    static final ArchRule ENSEMBLE_IS_NO_SERVER = noClasses().that().resideInAPackage("dev.hyperforge.ensemble..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.hyperforge.web..", "io.javalin..",
                    "org.eclipse.jetty..", "jakarta.servlet..", "dev.hyperforge.engine..",
                    "dev.hyperforge.experiments..", "org.nd4j..");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.hyperforge");
    }

    @Test
    void engineDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("dev.hyperforge.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hyperforge.search..", "dev.hyperforge.tracker..",
                        "dev.hyperforge.ensemble..", "dev.hyperforge.web..", "dev.hyperforge.experiments..")
                .check(classes);
    }

    @Test
    void searchNeverSeesModelsDatabasesOrTheWeb() {
        noClasses().that().resideInAPackage("dev.hyperforge.search..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hyperforge.engine..", "dev.hyperforge.tracker..",
                        "dev.hyperforge.ensemble..", "dev.hyperforge.web..", "dev.hyperforge.experiments..",
                        "java.sql..", "org.nd4j..")
                .check(classes);
    }

    @Test
    void trackerUsesOnlySearchsTrialModelAndStorageContract() {
        noClasses().that().resideInAPackage("dev.hyperforge.tracker..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hyperforge.engine..", "dev.hyperforge.search.sampler..",
                        "dev.hyperforge.search.space..", "dev.hyperforge.search.pruner..", "dev.hyperforge.search.internal..",
                        "dev.hyperforge.search.bench..", "dev.hyperforge.ensemble..", "dev.hyperforge.web..",
                        "dev.hyperforge.experiments..", "org.nd4j..")
                .check(classes);
    }

    @Test
    void ensembleNeverServesTrainsOrRunsExperiments() {
        ENSEMBLE_IS_NO_SERVER.check(classes);
    }

    @Test
    void webNeverTrains() {
        noClasses().that().resideInAPackage("dev.hyperforge.web..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hyperforge.engine..", "dev.hyperforge.experiments..", "org.nd4j..")
                .check(classes);
    }

    @Test
    void webHoldsNoEnsembleLogic() {
        WEB_ONLY_SERVES_ENSEMBLES.check(classes);
        noClasses().should().resideInAPackage("dev.hyperforge.web.ensemble..")
                .because("the ensemble package belongs to the ensemble module").check(classes);
    }

    @Test
    void hfEnsembleCallsTheEnsembleModuleNotWeb() {
        noClasses().that().resideInAPackage("dev.hyperforge.experiments..").and().haveSimpleNameStartingWith("Ensemble")
                .should().dependOnClassesThat().resideInAPackage("dev.hyperforge.web..")
                .check(classes);
    }

    @Test
    void theEnsembleRulesReportClassesThatBreakThem() {
        // test-only classes that break the rules on purpose (under src/test, so the checks above never see them)
        assertTrue(WEB_ONLY_SERVES_ENSEMBLES.evaluate(new ClassFileImporter().importClasses(WebEnsembleLogic.class))
                .hasViolation(), "a web class calling EnsembleMath and decoding predictions breaks the rule");
        assertTrue(ENSEMBLE_IS_NO_SERVER.evaluate(new ClassFileImporter().importClasses(EnsembleWithHttp.class))
                .hasViolation(), "an ensemble class using Javalin breaks the rule");
    }
}
