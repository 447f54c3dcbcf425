package dev.hyperforge.engine.callbacks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one CSV row per epoch, as Keras' {@code CSVLogger}: a header {@code epoch,<sorted log keys>} and
 * the epoch (0-based) with each value; when no {@code val_} key is present, {@code val_} columns are added
 * with {@code NA}, as Keras does. With {@code append} an existing file is continued (no second header);
 * otherwise it is overwritten. Rows are flushed at each epoch end; the file is closed when training ends.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.builder().epochs(10).callbacks(new CSVLogger(Path.of("training.csv"), ",", false)).build());
 * }</pre>
 */
public final class CSVLogger implements Callback {
    private final Path file;
    private final String separator;
    private final boolean append;
    private BufferedWriter out;
    private List<String> keys;
    private boolean writeHeader;

    /**
     * @param file the CSV file (its folder is created)
     * @param separator the field separator (Keras default ",")
     * @param append continue an existing file instead of overwriting it
     */
    public CSVLogger(Path file, String separator, boolean append) {
        if (separator == null || separator.isEmpty()) {
            throw new IllegalArgumentException("CSVLogger: separator must be a non-empty string");
        }
        this.file = file;
        this.separator = separator;
        this.append = append;
    }

    /** From Keras-named arguments: {@code filename} (required), {@code separator} (","), {@code append} (false). */
    public static CSVLogger fromConfig(Map<String, Object> a) {
        for (String k : a.keySet()) {
            if (!List.of("filename", "separator", "append").contains(k)) {
                throw new IllegalArgumentException("unknown argument '" + k + "'; CSVLogger takes filename, separator and append");
            }
        }
        if (!(a.get("filename") instanceof String f) || f.isBlank()) {
            throw new IllegalArgumentException("argument 'filename' (the CSV file to write) is required, received " + a.get("filename"));
        }
        Object sep = a.getOrDefault("separator", ",");
        Object app = a.getOrDefault("append", false);
        if (!(app instanceof Boolean b)) {
            throw new IllegalArgumentException("argument 'append' must be true or false, received " + app);
        }
        return new CSVLogger(Path.of(f), String.valueOf(sep), b);
    }

    /** The file written. */
    public Path file() {
        return file;
    }

    @Override
    public void onTrainBegin(int epochs, int stepsPerEpoch) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            writeHeader = !(append && Files.exists(file) && Files.size(file) > 0);
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            keys = null;
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (out == null) {
            return;
        }
        if (keys == null) {
            keys = new ArrayList<>(new java.util.TreeSet<>(logs.keySet()));
            if (keys.stream().noneMatch(k -> k.startsWith("val_")) && !keys.isEmpty()) {
                keys.addAll(keys.stream().map(k -> "val_" + k).toList());
            }
        }
        try {
            if (writeHeader) {
                out.write("epoch" + separator + String.join(separator, keys) + "\n");
                writeHeader = false;
            }
            StringBuilder row = new StringBuilder().append(epoch);
            for (String k : keys) {
                Double v = logs.get(k);
                row.append(separator).append(v == null ? "NA" : v.toString());
            }
            out.write(row.append('\n').toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger cannot close " + file + ": " + e.getMessage(), e);
        } finally {
            out = null;
        }
    }
}
