package dev.hyperforge.experiments.file;

import dev.hyperforge.search.Direction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.hyperforge.engine.DType;

/**
 * One experiment, immutable and validated: data, model template, compile and fit settings, search
 * space, objective and seed, plus the text it was read from (or a canonical YAML rendering for
 * experiments written in code) and that text's SHA-256 for provenance.
 *
 * <p>Made by {@link ExperimentFile#load} from a file, or in code:
 * <pre>{@code
 * Experiment e = Experiment.builder("s4-sequential")
 *     .seed(7)
 *     .data("random", Map.of("samples", 256, "inputs", Map.of("input", Map.of("shape", List.of(3))),
 *           "outputs", Map.of("out", Map.of("shape", List.of(3), "kind", "binary"))), SplitSpec.holdout(0.2))
 *     .sequential(true)
 *     .input("input", DType.FLOAT32, 3)
 *     .layer("hidden", "Dense", Map.of("units", ParamRef.of("units"), "activation", "relu"))
 *     .layer("out", "Dense", Map.of("units", 3, "activation", "sigmoid"))
 *     .compile("rmsprop", 1e-3, "binary_crossentropy", null, List.of("accuracy"))
 *     .fit(5, 32, 0.0)
 *     .param(ParamSpec.intRange("units", 2, 16))
 *     .objective("val_loss", Direction.MINIMIZE)
 *     .build();
 * }</pre>
 */
public final class Experiment {
    private final String name;
    private final String description;
    private final long seed;
    private final DataSpec data;
    private final ModelSpec model;
    private final CompileSpec compile;
    private final FitSpec fit;
    private final SearchSpec search;
    private final Source source;
    private final String text;
    private final String sha256;
    private final CommandSpec command;

    Experiment(String name, String description, long seed, DataSpec data, ModelSpec model, CompileSpec compile, FitSpec fit,
            SearchSpec search, Source source, String text) {
        this(name, description, seed, data, model, compile, fit, search, source, text, null);
    }

    /** With a {@code command}, the data section is optional and model and compile are absent (null). */
    Experiment(String name, String description, long seed, DataSpec data, ModelSpec model, CompileSpec compile, FitSpec fit,
            SearchSpec search, Source source, String text, CommandSpec command) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an experiment needs a name");
        }
        this.name = name;
        this.description = description == null ? "" : description;
        this.seed = seed;
        this.command = command;
        if (command != null) {
            this.data = data;
            this.model = null;
            this.compile = null;
        } else if (data == null && model == null && compile == null) {
            Objects.requireNonNull(search, "an experiment without data, model and compile sections needs a search section");
            this.data = null;
            this.model = null;
            this.compile = null;
        } else {
            this.data = Objects.requireNonNull(data, "data");
            this.model = Objects.requireNonNull(model, "model");
            this.compile = Objects.requireNonNull(compile, "compile");
        }
        this.fit = fit == null ? FitSpec.defaults() : fit;
        this.search = search;
        this.source = source == null ? Source.CODE : source;
        this.text = text != null ? text : ExperimentWriter.toYaml(this);
        this.sha256 = sha256(this.text);
    }

    /** A builder for experiments written in code. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** SHA-256 of UTF-8 text, lower-case hex. */
    public static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The experiment's name. */
    public String name() {
        return name;
    }

    /** Free text. */
    public String description() {
        return description;
    }

    /** The study seed (split per trial and purpose by the runner). */
    public long seed() {
        return seed;
    }

    /**
     * Whether the file holds only a {@code search} section (space, objective, sampler): its trials are run by a
     * program outside Hyperforge that asks for parameters and tells scores ({@code hf ask}, {@code hf tell}).
     * {@link #data()}, {@link #model()} and {@link #compile()} are then null.
     */
    public boolean searchOnly() {
        return model == null && command == null;
    }

    /**
     * The program run per trial instead of a model ({@code command:} in the file); when present, {@link #model()}
     * and {@link #compile()} are null and {@link #data()} may be null.
     */
    public Optional<CommandSpec> command() {
        return Optional.ofNullable(command);
    }

    /** The data section (null for a {@link #searchOnly()} experiment, and for a command experiment without one). */
    public DataSpec data() {
        return data;
    }

    /** The model section (null for a {@link #searchOnly()} or a command experiment). */
    public ModelSpec model() {
        return model;
    }

    /** The compile section (null for a {@link #searchOnly()} or a command experiment). */
    public CompileSpec compile() {
        return compile;
    }

    /** The fit section. */
    public FitSpec fit() {
        return fit;
    }

    /** The search section, if any. */
    public Optional<SearchSpec> search() {
        return Optional.ofNullable(search);
    }

    /** The parameter space (empty without a search section). */
    public List<ParamSpec> space() {
        return search == null ? List.of() : search.space();
    }

    /** Every parameter at its default value. */
    public Map<String, Object> defaultParams() {
        return Params.defaults(space());
    }

    /** Where the experiment came from (file name and field lines). */
    public Source source() {
        return source;
    }

    /** The original file text (or the canonical YAML of a builder-made experiment). */
    public String text() {
        return text;
    }

    /** SHA-256 of {@link #text()}. */
    public String sha256() {
        return sha256;
    }

    @Override
    public String toString() {
        return "Experiment[" + name + ", " + source.file() + ", sha256 " + sha256.substring(0, 12) + "]";
    }

    /** Builder of experiments in code; {@link #build()} runs the same validation as file loading. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private long seed;
        private DataSpec data;
        private boolean sequential;
        private final List<InputSpec> inputs = new ArrayList<>();
        private final List<LayerSpec> layers = new ArrayList<>();
        private final List<String> outputs = new ArrayList<>();
        private ModelSpec model;
        private CompileSpec compile;
        private FitSpec fit;
        private final List<ParamSpec> space = new ArrayList<>();
        private Objective objective;
        private SearchSpec.Sampler sampler;
        private SearchSpec.Pruner pruner;
        private SearchSpec search;
        private boolean engineChecks = true;
        private CommandSpec command;

        private Builder(String name) {
            this.name = name;
        }

        /** Free-text description. */
        public Builder description(String d) {
            this.description = d;
            return this;
        }

        /** The study seed. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The data section. */
        public Builder data(DataSpec d) {
            this.data = d;
            return this;
        }

        /** The data section from its parts. */
        public Builder data(String loader, Map<String, Object> options, SplitSpec split) {
            return data(new DataSpec(loader, options, split));
        }

        /** Use the sequential form. */
        public Builder sequential(boolean s) {
            this.sequential = s;
            return this;
        }

        /** Adds an input. */
        public Builder input(InputSpec in) {
            inputs.add(in);
            return this;
        }

        /** Adds an input with constant dimensions ({@code null} = unknown). */
        public Builder input(String inputName, DType dtype, Integer... dims) {
            return input(InputSpec.of(inputName, dtype, dims));
        }

        /** Adds a layer called on the named inputs or earlier layers (none: the previous layer). */
        public Builder layer(String layerName, String type, Map<String, Object> args, String... on) {
            layers.add(new LayerSpec(layerName, type, args, Arrays.asList(on)));
            return this;
        }

        /** Adds a layer. */
        public Builder layer(LayerSpec l) {
            layers.add(l);
            return this;
        }

        /** The output layers (default: the last layer). */
        public Builder outputs(String... names) {
            outputs.addAll(Arrays.asList(names));
            return this;
        }

        /** The whole model section (instead of input/layer/outputs). */
        public Builder model(ModelSpec m) {
            this.model = m;
            return this;
        }

        /** The compile section. */
        public Builder compile(CompileSpec c) {
            this.compile = c;
            return this;
        }

        /** The compile section from constants. */
        public Builder compile(String optimizer, double learningRate, Object loss, Object lossWeights, Object metrics) {
            return compile(new CompileSpec(Setting.of(optimizer), Setting.of(learningRate), loss, lossWeights, metrics));
        }

        /** The fit section. */
        public Builder fit(FitSpec f) {
            this.fit = f;
            return this;
        }

        /** The fit section from constants. */
        public Builder fit(int epochs, int batchSize, double validationSplit, CallbackSpec... callbacks) {
            return fit(new FitSpec(Setting.of(epochs), Setting.of(batchSize), Setting.of(validationSplit), Setting.of(true),
                    Arrays.asList(callbacks)));
        }

        /** A program run per trial instead of a model (then no input, layer, model or compile). */
        public Builder command(CommandSpec c) {
            this.command = c;
            return this;
        }

        /** Adds a search parameter. */
        public Builder param(ParamSpec p) {
            space.add(p);
            return this;
        }

        /** The objective. */
        public Builder objective(String metric, Direction direction) {
            this.objective = new Objective(metric, direction);
            return this;
        }

        /** Default sampler and trial count. */
        public Builder sampler(String samplerName, int trials) {
            this.sampler = new SearchSpec.Sampler(samplerName, trials);
            return this;
        }

        /** A pruner. */
        public Builder pruner(String prunerName, Map<String, Object> args) {
            this.pruner = new SearchSpec.Pruner(prunerName, args);
            return this;
        }

        /** The whole search section (instead of param/objective/sampler/pruner). */
        public Builder search(SearchSpec s) {
            this.search = s;
            return this;
        }

        /**
         * Whether to check against the engine (layer and callback types exist, the graph builds and
         * compiles with default parameters). Default true; turn off only for tests of the structure.
         */
        public Builder engineChecks(boolean on) {
            this.engineChecks = on;
            return this;
        }

        /**
         * The validated experiment.
         *
         * @throws ExperimentFileException naming the section (file {@code <code>}, no line)
         */
        public Experiment build() {
            Experiment e;
            try {
                ModelSpec m = command != null ? null : model != null ? model : new ModelSpec(sequential, inputs, layers, outputs);
                SearchSpec s = search;
                if (s == null && (objective != null || !space.isEmpty())) {
                    s = new SearchSpec(space, objective, sampler, pruner);
                }
                e = new Experiment(name, description, seed, data, m, compile, fit, s, Source.CODE, null, command);
            } catch (ExperimentFileException ex) {
                throw ex;
            } catch (IllegalArgumentException | NullPointerException ex) {
                throw new ExperimentFileException(Source.CODE.file(), 0, "", ex.getMessage(), ex);
            }
            ExperimentValidator.validate(e, engineChecks);
            return e;
        }
    }
}
