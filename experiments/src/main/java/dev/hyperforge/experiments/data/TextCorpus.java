package dev.hyperforge.experiments.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;


/**
 * Labelled texts read for the {@code text} loader: from a folder per class (each {@code .txt} file one
 * sample, classes in sorted folder order, as Keras' {@code text_dataset_from_directory}), or from a CSV file
 * with a text column and a label column (parsed by FastCSV, as the csv loader parses: quoted fields, embedded delimiters
 * and newlines, CRLF; classes are the distinct labels, sorted, numerically when all are integers). Files must
 * be UTF-8. The fingerprint covers the bytes read (and each file's relative name).
 *
 * <pre>{@code
 * TextCorpus c = TextCorpus.csv(Path.of("reviews.csv"), Path.of("reviews.csv"), "review", "stars", ',', new Fingerprint());
 * }</pre>
 *
 * @param texts one text per sample
 * @param labels the class id of each sample
 * @param classNames class names by id
 */
record TextCorpus(List<String> texts, int[] labels, List<String> classNames) {
    private static final String LOADER = "text";

    /** Reads a class-folder tree of {@code .txt} files. */
    static TextCorpus folder(Path given, Path root, Fingerprint fp) {
        ClassFolders f = ClassFolders.scan(LOADER, given, root, Set.of("txt"));
        List<String> texts = new ArrayList<>();
        int[] labels = new int[f.items().size()];
        for (int i = 0; i < labels.length; i++) {
            ClassFolders.Item it = f.items().get(i);
            byte[] bytes = f.read(LOADER, it);
            fp.update(it.name()).update(bytes);
            texts.add(Utf8.decode(bytes, f.shown(it), LOADER));
            labels[i] = it.label();
        }
        return new TextCorpus(texts, labels, f.classNames());
    }

    /**
     * Reads a CSV file with a header row.
     *
     * @param given the file as the user wrote it
     * @param file the file resolved against the experiment file's folder
     * @param textColumn the header of the text column
     * @param labelColumn the header of the label column
     * @param delimiter the field separator
     * @param fp receives the file's bytes
     */
    static TextCorpus csv(Path given, Path file, String textColumn, String labelColumn, char delimiter, Fingerprint fp) {
        byte[] bytes = readFile(given, file);
        fp.update(bytes);
        String text = Utf8.decode(bytes, given.toString(), LOADER);
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        try (CsvReader<CsvRecord> rows = CsvReader.builder().fieldSeparator(delimiter).skipEmptyLines(true)
                .ignoreDifferentFieldCount(true).acceptCharsAfterQuotes(false).ofCsvRecord(text)) {
            rows(rows.iterator(), given, textColumn, labelColumn, texts, labels);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException(LOADER + ": " + given + " is not valid CSV: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
        return labelled(given, texts, labels);
    }

    private static byte[] readFile(Path given, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(LOADER + ": cannot read " + given + " (resolved to " + file.toAbsolutePath() + "): "
                    + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
    }

    /** Reads the header and the rows; the line of a bad row is where the parser was before reading it. */
    private static void rows(Iterator<CsvRecord> rows, Path given, String textColumn, String labelColumn, List<String> texts,
            List<String> labels) {
        if (!rows.hasNext()) {
            throw new IllegalArgumentException(LOADER + ": " + given + " is empty; it needs a header row naming the columns " + textColumn
                    + " and " + labelColumn);
        }
        List<String> header = rows.next().getFields();
        int t = column(given, header, textColumn, "text_column");
        int l = column(given, header, labelColumn, "label_column");
        while (rows.hasNext()) {
            CsvRecord record = rows.next();
            long line = record.getStartingLineNumber();
            List<String> row = record.getFields();
            if (row.size() != header.size()) {
                boolean spans = row.stream().anyMatch(f -> f.indexOf('\n') >= 0);
                throw new IllegalArgumentException(LOADER + ": " + given + ":" + line + " has " + row.size() + " fields but the header has "
                        + header.size() + " " + header + (spans ? "; a quoted field opened on this line runs over several lines"
                        + " (an unterminated quote?)" : "; quote fields that contain the delimiter"));
            }
            if (row.get(l).isBlank()) {
                throw new IllegalArgumentException(LOADER + ": " + given + ":" + line + " column '" + labelColumn + "': the label is empty");
            }
            texts.add(row.get(t));
            labels.add(row.get(l).strip());
        }
    }

    private static int column(Path given, List<String> header, String name, String option) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(LOADER + ": " + given + " has no column '" + name + "' (option " + option + "); its header has "
                    + header + "; set " + option + " to one of them");
        }
        return i;
    }

    private static TextCorpus labelled(Path given, List<String> texts, List<String> labels) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException(LOADER + ": " + given + " has a header but no rows");
        }
        boolean numeric = labels.stream().allMatch(s -> s.matches("-?(0|[1-9]\\d{0,8})"));
        TreeSet<String> distinct = new TreeSet<>(numeric ? (a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)) : String::compareTo);
        distinct.addAll(labels);
        List<String> classes = List.copyOf(distinct);
        if (classes.size() < 2) {
            throw new IllegalArgumentException(LOADER + ": " + given + " has only one label (" + classes + "); a classifier needs at least two classes");
        }
        int[] ids = new int[labels.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = classes.indexOf(labels.get(i));
        }
        return new TextCorpus(texts, ids, classes);
    }
}
