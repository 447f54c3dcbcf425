package dev.hyperforge.experiments.file;

import dev.hyperforge.search.Direction;

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
                .objective("val_accuracy", Direction.MAXIMIZE);
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

    /** The shipped fashion-cnn.yaml written with the Java API: the same experiment, the same model. */
    @Test
    void theShippedFashionCnnWrittenInCodeIsTheSameExperiment() {
        ParamRef lr = ParamRef.of("lr");
        Experiment code = Experiment.builder("fashion-cnn")
                .description("Fashion-MNIST CNN (the default demo).")
                .seed(6006)
                .data("fashion-mnist", Map.of("source", "auto", "train_samples", 3000, "test_samples", 1000), SplitSpec.testSet())
                .sequential(true)
                .input("image", DType.FLOAT32, 28, 28, 1)
                .layer("conv_1", "Conv2D", Map.of("filters", ParamRef.of("filters"), "kernel_size", 3, "padding", "same", "activation", "relu"))
                .layer("pool_1", "MaxPooling2D", Map.of("pool_size", 2))
                .layer("conv_2", "Conv2D", Map.of("filters", ParamRef.of("filters_2"), "kernel_size", 3, "padding", "same", "activation", "relu"))
                .layer("pool_2", "MaxPooling2D", Map.of("pool_size", 2))
                .layer("flatten", "Flatten", Map.of())
                .layer("hidden", "Dense", Map.of("units", ParamRef.of("dense_units"), "activation", "relu"))
                .layer("dropout", "Dropout", Map.of("rate", ParamRef.of("dropout")))
                .layer("label", "Dense", Map.of("units", 10, "activation", "softmax"))
                .compile(new CompileSpec(Setting.of("adam"), Setting.ref(lr, Double.class), "categorical_crossentropy", null, List.of("accuracy")))
                .fit(new FitSpec(Setting.of(5), Setting.of(64), Setting.of(0.0), Setting.of(true), List.of()))
                .param(ParamSpec.categorical("filters", List.of(32, 16, 48)))
                .param(ParamSpec.categorical("filters_2", List.of(64, 32, 96)))
                .param(ParamSpec.intRange("dense_units", 50, 200, 50).withDefault(100))
                .param(new ParamSpec("dropout", ParamSpec.Kind.FLOAT, 0.0, 0.6, false, 0.1, null, null, 0, null, 0.4))
                .param(ParamSpec.logFloat("lr", 0.0001, 0.01).withDefault(0.001))
                .objective("val_accuracy", Direction.MAXIMIZE)
                .sampler("bayes", 20)
                .pruner("median", Map.of("n_warmup_steps", 1))
                .build();
        Experiment file = ExperimentFile.load(java.nio.file.Path.of("fashion-cnn.yaml"));
        assertEquals(ExperimentWriter.toMap(file), ExperimentWriter.toMap(code));
        assertEquals(file.defaultParams(), code.defaultParams());
        Map<String, Object> p = code.defaultParams();
        assertEquals(dev.hyperforge.experiments.model.ModelFactory.build(file, p, 5L).summary(),
                dev.hyperforge.experiments.model.ModelFactory.build(code, p, 5L).summary());
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
