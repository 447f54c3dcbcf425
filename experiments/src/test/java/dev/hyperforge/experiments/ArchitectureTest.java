package dev.hyperforge.experiments;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The module arrows of DESIGN.md: engine and search stand alone; tracker
 * implements search's trial model and storage contract; web reads tracker (and search). */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.hyperforge");
    }

    @Test
    void engineDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("dev.hyperforge.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hyperforge.search..", "dev.hyperforge.tracker..",
                        "dev.hyperforge.web..", "dev.hyperforge.experiments..")
                .check(classes);
    }

    @Test
    void searchNeverSeesModelsDatabasesOrTheWeb() {
        noClasses().that().resideInAPackage("dev.hyperforge.search..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hyperforge.engine..", "dev.hyperforge.tracker..",
                        "dev.hyperforge.web..", "dev.hyperforge.experiments..", "java.sql..", "org.nd4j..")
                .check(classes);
    }

    @Test
    void trackerUsesOnlySearchsTrialModelAndStorageContract() {
        noClasses().that().resideInAPackage("dev.hyperforge.tracker..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hyperforge.engine..", "dev.hyperforge.search.sampler..",
                        "dev.hyperforge.search.space..", "dev.hyperforge.search.pruner..", "dev.hyperforge.search.internal..",
                        "dev.hyperforge.search.bench..", "dev.hyperforge.web..", "dev.hyperforge.experiments..", "org.nd4j..")
                .check(classes);
    }

    @Test
    void webNeverTrains() {
        noClasses().that().resideInAPackage("dev.hyperforge.web..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hyperforge.engine..", "dev.hyperforge.experiments..", "org.nd4j..")
                .check(classes);
    }
}
