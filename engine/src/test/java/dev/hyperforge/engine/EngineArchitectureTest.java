package dev.hyperforge.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The engine's inner layering: the symbolic graph types (Tensor, Node, Operation, Shape, DType) know no
 * layer, so Node/Tensor and Layer no longer tie each other in a cycle; layers and kernels use only
 * those types (and the backend) from the engine package, never the model, graph or training code above
 * them.
 */
class EngineArchitectureTest {
    private static final String[] SYMBOLIC = {"dev.hyperforge.engine.Tensor", "dev.hyperforge.engine.Node",
        "dev.hyperforge.engine.Operation", "dev.hyperforge.engine.Shape", "dev.hyperforge.engine.DType"};
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.hyperforge.engine");
    }

    @Test
    void theSymbolicGraphTypesDependOnNoLayer() {
        noClasses().that().haveFullyQualifiedName(SYMBOLIC[0]).or().haveFullyQualifiedName(SYMBOLIC[1])
                .or().haveFullyQualifiedName(SYMBOLIC[2]).or().haveFullyQualifiedName(SYMBOLIC[3]).or().haveFullyQualifiedName(SYMBOLIC[4])
                .should().dependOnClassesThat().resideInAnyPackage("dev.hyperforge.engine.layers..", "dev.hyperforge.engine.kernels..")
                .check(classes);
    }

    @Test
    void layersAndKernelsSeeOnlyTheSymbolicTypesAndTheBackendOfTheEnginePackage() {
        noClasses().that().resideInAnyPackage("dev.hyperforge.engine.layers..", "dev.hyperforge.engine.kernels..")
                .should().dependOnClassesThat(DescribedPredicate.describe("engine classes above the layers",
                        c -> c.getBaseComponentType().getPackageName().equals("dev.hyperforge.engine")
                                && !isSymbolicOrBackend(c.getBaseComponentType().getName())))
                .check(classes);
    }

    private static boolean isSymbolicOrBackend(String name) {
        for (String s : SYMBOLIC) {
            if (s.equals(name)) {
                return true;
            }
        }
        return name.equals("dev.hyperforge.engine.Backend");
    }
}
