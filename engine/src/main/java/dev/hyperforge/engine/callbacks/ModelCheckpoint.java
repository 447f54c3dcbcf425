package dev.hyperforge.engine.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.IllegalFormatException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hyperforge.engine.Model;

/**
 * Saves the model ({@link Model#save}) at the end of every epoch, or, with {@code saveBestOnly}, only
 * when the monitored metric improved on the best value seen so far (as in Keras, the best value is
 * kept across {@code fit} calls). The path may contain placeholders filled at save time, as in Keras:
 * {@code {epoch}} (1-based), {@code {epoch:02d}}, or any log key such as {@code {val_loss:.4f}}.
 *
 * <pre>{@code
 * ModelCheckpoint best = new ModelCheckpoint(Path.of("runs/best.zip"), "val_loss", Mode.MIN, true);
 * ModelCheckpoint each = new ModelCheckpoint(Path.of("runs/epoch-{epoch:02d}.zip"));
 * model.fit(x, y, FitOptions.builder().epochs(20).validationSplit(0.2).callbacks(best, each).build());
 * }</pre>
 */
public final class ModelCheckpoint implements Callback {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");
    private final String template;
    private final Monitor monitor;
    private final boolean saveBestOnly;
    private Model model;
    private double best;
    private Path lastSaved;

    /** Saves every epoch to {@code path}. */
    public ModelCheckpoint(Path path) {
        this(path, "val_loss", Mode.AUTO, false);
    }

    /**
     * @param path where to save; may contain placeholders
     * @param monitor the log key compared when {@code saveBestOnly}
     * @param mode direction of improvement of {@code monitor}
     * @param saveBestOnly save only when {@code monitor} improved
     */
    public ModelCheckpoint(Path path, String monitor, Mode mode, boolean saveBestOnly) {
        if (path == null) {
            throw new IllegalArgumentException("ModelCheckpoint needs a path, e.g. Path.of(\"best.zip\")");
        }
        this.template = path.toString();
        this.monitor = new Monitor("ModelCheckpoint", monitor, mode, 0);
        this.saveBestOnly = saveBestOnly;
        this.best = this.monitor.worst();
    }

    /** From Keras-style arguments: filepath (required), monitor, mode, save_best_only. */
    public static ModelCheckpoint fromConfig(Map<String, Object> a) {
        Object fp = a.get("filepath");
        if (fp == null) {
            throw new IllegalArgumentException("ModelCheckpoint needs a filepath");
        }
        return new ModelCheckpoint(java.nio.file.Path.of(String.valueOf(fp)), String.valueOf(a.getOrDefault("monitor", "val_loss")),
                Mode.parse(String.valueOf(a.getOrDefault("mode", "auto"))), Boolean.TRUE.equals(a.get("save_best_only")));
    }

    @Override
    public void setModel(Model m) {
        this.model = m;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (model == null) {
            throw new IllegalStateException("ModelCheckpoint is not attached to a model; pass it to fit with FitOptions.builder().callbacks(...)");
        }
        if (saveBestOnly) {
            double current = monitor.value(logs);
            if (!monitor.improves(current, best)) {
                return;
            }
            best = current;
        }
        Path p = pathFor(epoch, logs);
        try {
            model.save(p);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint could not save the model to " + p + ": " + e.getMessage(), e);
        }
        lastSaved = p;
    }

    /** The path for a 0-based epoch and its logs, placeholders filled in. */
    public Path pathFor(int epoch, Map<String, Double> logs) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String spec = m.group(2);
            Object value;
            if (key.equals("epoch")) {
                value = epoch + 1;
            } else {
                Double v = logs == null ? null : logs.get(key);
                if (v == null) {
                    throw new IllegalArgumentException("ModelCheckpoint path '" + template + "' uses {" + key + "} but the logs have no metric '"
                            + key + "'; available: epoch and " + (logs == null ? "[]" : logs.keySet()));
                }
                value = v;
            }
            String text;
            try {
                text = spec == null || spec.isEmpty() ? String.valueOf(value) : String.format(Locale.ROOT, "%" + spec, value);
            } catch (IllegalFormatException e) {
                throw new IllegalArgumentException("ModelCheckpoint path '" + template + "': cannot format {" + key + "} with '" + spec
                        + "' (" + e.getMessage() + "); use e.g. {epoch:02d} or {val_loss:.4f}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return Path.of(out.toString());
    }

    /** The best monitored value so far (infinite before the first save with saveBestOnly). */
    public double best() {
        return best;
    }

    /** The last file written, or null. */
    public Path lastSaved() {
        return lastSaved;
    }
}
