package dev.hyperforge.experiments.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hyperforge.engine.DType;

class ExperimentBuilderTest {
    static Experiment.Builder s4() {
        return Experiment.builder("s4-code")
                .seed(7)
                .data("random", Map.of("samples", 64, "inputs", Map.of("input", Map.of("shape", List.of(3))),
                        "outputs", Map.of("out", Map.of("shape", List.of(3), "kind", "binary"))), SplitSpec.holdout(0.25))
                .sequential(true)
                .input("input", DType.FLOAT32, 3)
                .layer("hidden", "Dense", Map.of("units", ParamRef.of("units"), "activation", "relu"))
                .layer("out", "Dense", Map.of("units", 3, "activation", "sigmoid"))
                .compile("rmsprop", 1e-3, "binary_crossentropy", null, List.of("accuracy"))
                .fit(3, 16, 0.0)
                .param(ParamSpec.intRange("units", 2, 16))
                .objective("val_accuracy", Objective.Direction.MAX);
    }

    @Test
    void builderMakesTheSameExperimentAsItsYaml() {
        Experiment e = s4().build();
        assertEquals("<code>", e.source().file());
        Experiment parsed = ExperimentFile.parse(e.text(), "s4.yaml");
        assertEquals(ExperimentWriter.toMap(e), ExperimentWriter.toMap(parsed));
        assertEquals(e.sha256(), parsed.sha256());
        assertEquals(9, e.defaultParams().get("units"));
    }

    @Test
    void builderRejectsUnknownReferencesWithTheField() {
        ExperimentFileException ex = assertThrows(ExperimentFileException.class,
                () -> s4().layer("extra", "Dense", Map.of("units", ParamRef.of("nope"))).build());
        assertEquals("model.layers[2].args.units", ex.field());
        assertEquals(0, ex.line());
        assertTrue(ex.getMessage().startsWith("<code> model.layers[2].args.units: unknown parameter reference ${nope}"), ex.getMessage());
    }

    @Test
    void builderTurnsEngineErrorsIntoFieldErrors() {
        ExperimentFileException ex = assertThrows(ExperimentFileException.class,
                () -> s4().layer("bad", "Dense", Map.of("units", -4)).build());
        assertEquals("model.layers[2].args.units", ex.field());
    }

    @Test
    void paramDefaultsAreMidpointsFirstChoicesAndEqualWeights() {
        assertEquals(0.001, (Double) ParamSpec.logFloat("lr", 1e-4, 1e-2).defaultValue(), 1e-12);
        assertEquals(0.5, ParamSpec.floatRange("d", 0, 1).defaultValue());
        assertEquals(64, ParamSpec.intRange("u", 16, 128, 16).defaultValue());
        assertEquals("adam", ParamSpec.categorical("o", List.of("adam", "sgd")).defaultValue());
        assertEquals(List.of(1.0, 1.0, 1.0), ParamSpec.simplex("w", List.of("a", "b", "c"), 3.0).defaultValue());
        assertEquals(32, ParamSpec.intRange("u", 16, 128, 16).withDefault(32).defaultValue());
    }

    @Test
    void referencesResolveWholeValuesAndSimplexComponents() {
        List<ParamSpec> space = List.of(ParamSpec.simplex("w", List.of("age", "income"), 2.0), ParamSpec.intRange("u", 1, 9));
        Map<String, Object> p = Params.complete(space, Map.of("w", List.of(0.5, 1.5), "u", 4.0));
        assertEquals(4, p.get("u"));
        Object t = Map.of("a", ParamRef.parse("${w.income}"), "b", List.of(ParamRef.parse("${w[0]}"), ParamRef.parse("${u}")));
        assertEquals(Map.of("a", 1.5, "b", List.of(0.5, 4)), Params.resolve(t, p, space));
        assertEquals(3, Params.references(t).size());
        assertThrows(IllegalArgumentException.class, () -> Params.complete(space, Map.of("x", 1)));
        assertThrows(IllegalArgumentException.class, () -> ParamRef.parse("${a b}"));
    }

    @Test
    void conditionsDecideWhetherAParameterIsActive() {
        ParamSpec mom = ParamSpec.floatRange("momentum", 0, 0.9).when("optimizer", List.of("sgd"));
        List<ParamSpec> space = List.of(ParamSpec.categorical("optimizer", List.of("adam", "sgd")), mom);
        assertTrue(Params.active(mom, Params.complete(space, Map.of("optimizer", "sgd"))));
        assertTrue(!Params.active(mom, Params.complete(space, Map.of("optimizer", "adam"))));
    }
}
