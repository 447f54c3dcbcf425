package dev.hyperforge.engine;

import java.util.List;

import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.api.buffer.DataType;

import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.convolutional.Conv1D;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.pooling.GlobalMaxPooling1D;
import dev.hyperforge.engine.optimizers.Adam;

/**
 * Run in a separate JVM by {@link BackendTest}: selects the native build as {@link Backend} does (or as the
 * environment overrides), trains a small Conv1D model for two epochs and prints the classifier, the native
 * library file that was loaded and the losses.
 */
public final class BackendProbeMain {
    private BackendProbeMain() {
    }

    /** Prints {@code classifier=…}, {@code library=…} and {@code losses=…}, one per line. */
    public static void main(String[] args) {
        Backend.init();
        Tensor in = Input.of("x", 12, 3);
        Tensor h = new GlobalMaxPooling1D().call(new Conv1D(4, 3, "relu").call(in));
        Model m = new Model("probe", List.of(in), List.of(new Dense(1).named("y").call(h)), 1L);
        m.compile(new Adam(0.01), "mse");
        History hist = m.fit(LayerChecks.randomDouble(1, 32, 12, 3).castTo(DataType.FLOAT),
                LayerChecks.randomDouble(2, 32, 1).castTo(DataType.FLOAT), FitOptions.builder().epochs(2).batchSize(8).seed(1).build());
        System.out.println("classifier=" + Backend.nativeClassifier());
        System.out.println("library=" + nd4jLibrary());
        System.out.println("losses=" + hist.get("loss"));
    }

    /** The path of the loaded libnd4jcpu, or "none". */
    static String nd4jLibrary() {
        return Loader.getLoadedLibraries().values().stream().filter(p -> p != null && p.contains("nd4jcpu")).findFirst().orElse("none");
    }
}
