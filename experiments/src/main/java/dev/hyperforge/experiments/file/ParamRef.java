package dev.hyperforge.experiments.file;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code ${param}} reference in a model, compile or fit value, resolved against the trial's parameters.
 * A simplex parameter (a list of weights) may be referenced whole ({@code ${w}}), by index
 * ({@code ${w[0]}}) or by component name ({@code ${w.age}}).
 *
 * <pre>{@code
 * ParamRef r = ParamRef.parse("${dense_units}");   // name "dense_units", no component
 * ParamRef c = ParamRef.parse("${w.age}");         // name "w", component "age"
 * }</pre>
 *
 * @param name the parameter's name in {@code search.space}
 * @param component null, a component name, or a decimal index
 */
public record ParamRef(String name, String component) {
    private static final Pattern REF = Pattern.compile(
            "\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\[\\s*(\\d+)\\s*\\]|\\.([A-Za-z_][A-Za-z0-9_]*))?\\s*\\}");

    /** Validates. */
    public ParamRef {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("a parameter reference needs a name made of letters, digits and _, received '" + name + "'");
        }
    }

    /** A reference to a whole parameter. */
    public static ParamRef of(String name) {
        return new ParamRef(name, null);
    }

    /** Whether the text looks like an attempt at a reference (contains {@code ${}). */
    public static boolean looksLikeReference(String text) {
        return text != null && text.contains("${");
    }

    /**
     * Parses {@code ${name}}, {@code ${name[i]}} or {@code ${name.component}}.
     *
     * @throws IllegalArgumentException when the text is not exactly one reference
     */
    public static ParamRef parse(String text) {
        Matcher m = REF.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed parameter reference '" + text
                    + "'; write the whole value as ${name}, ${name[0]} or ${name.component}");
        }
        String comp = m.group(2) != null ? m.group(2) : m.group(3);
        return new ParamRef(m.group(1), comp);
    }

    /** Whether the component is an index. */
    public boolean indexed() {
        return component != null && Character.isDigit(component.charAt(0));
    }

    /** The reference as written: {@code ${name}}, {@code ${name[0]}}, {@code ${name.age}}. */
    @Override
    public String toString() {
        if (component == null) {
            return "${" + name + "}";
        }
        return "${" + name + (indexed() ? "[" + component + "]" : "." + component) + "}";
    }
}
