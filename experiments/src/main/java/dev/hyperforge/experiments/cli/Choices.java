package dev.hyperforge.experiments.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.export.ExportFormat;

/**
 * The fixed choices of enum-typed options, in lower case, as picocli's completion candidates: the help lists them
 * through {@code ${COMPLETION-CANDIDATES}} and the shell completion of {@code hf completion} offers them. Values are
 * read case-insensitively ({@link Main#execute} turns that on), so {@code --format JSON} and {@code --format json}
 * both work.
 *
 * <pre>{@code
 * @Option(names = "--format", completionCandidates = Choices.Formats.class,
 *         description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
 * ExportFormat format = ExportFormat.TABLE;
 * }</pre>
 */
final class Choices {
    private Choices() {
    }

    /** The constants of an enum, lower-cased. */
    abstract static class LowerCase<E extends Enum<E>> implements Iterable<String> {
        private final Class<E> type;

        LowerCase(Class<E> type) {
            this.type = type;
        }

        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).iterator();
        }
    }

    /** {@code table}, {@code csv}, {@code json}. */
    static final class Formats extends LowerCase<ExportFormat> {
        Formats() {
            super(ExportFormat.class);
        }
    }

    /** The trial states. */
    static final class States extends LowerCase<TrialState> {
        States() {
            super(TrialState.class);
        }
    }

    /** The samplers {@code hf tune --sampler} takes. */
    static final class Samplers extends LowerCase<SamplerName> {
        Samplers() {
            super(SamplerName.class);
        }
    }

    /** {@code text}, {@code json}. */
    static final class ShowFormats extends LowerCase<ShowCommand.Format> {
        ShowFormats() {
            super(ShowCommand.Format.class);
        }
    }
}
