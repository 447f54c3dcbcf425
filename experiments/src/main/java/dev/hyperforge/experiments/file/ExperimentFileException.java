package dev.hyperforge.experiments.file;

/**
 * A problem in an experiment definition, located by file, line and field path.
 *
 * <p>The message reads {@code experiments/x.yaml:14 model.layers[3].args.units: expected an int or a
 * ${param} reference, got 'abc'}; the line is left out when unknown (experiments built in code).
 *
 * <pre>{@code
 * try {
 *     ExperimentFile.load(Path.of("experiments/x.yaml"));
 * } catch (ExperimentFileException e) {
 *     System.err.println(e.getMessage());   // users see this line, not a stack trace
 * }
 * }</pre>
 */
public class ExperimentFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;
    private final String field;
    private final String detail;

    /**
     * @param file the file as the user named it (or {@code <code>} for builder-made experiments)
     * @param line 1-based line, or 0 when unknown
     * @param field dotted field path such as {@code model.layers[3].args.units}; empty for the whole file
     * @param detail what is wrong: the rule, what was received and a hint
     */
    public ExperimentFileException(String file, int line, String field, String detail) {
        this(file, line, field, detail, null);
    }

    /** As {@link #ExperimentFileException(String, int, String, String)} with a cause. */
    public ExperimentFileException(String file, int line, String field, String detail, Throwable cause) {
        super(format(file, line, field, detail), cause);
        this.file = file;
        this.line = Math.max(0, line);
        this.field = field == null ? "" : field;
        this.detail = detail;
    }

    private static String format(String file, int line, String field, String detail) {
        StringBuilder sb = new StringBuilder(file == null ? "<unknown>" : file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        if (field != null && !field.isEmpty()) {
            sb.append(' ').append(field);
        }
        return sb.append(": ").append(detail).toString();
    }

    /** The file name as given by the user. */
    public String file() {
        return file;
    }

    /** The 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** The field path, e.g. {@code model.layers[3].args.units}; empty when the whole file is meant. */
    public String field() {
        return field;
    }

    /** The message without the location prefix. */
    public String detail() {
        return detail;
    }
}
