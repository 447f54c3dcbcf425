package dev.hyperforge.experiments.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.RecordWrapper;

/**
 * The cells of a CSV file that a {@link CsvSpec} asks for, read in one pass with FastCSV (quoted fields,
 * embedded delimiters and line breaks, CRLF, a UTF-8 byte-order mark): numeric columns as floats (NaN where a
 * cell is missing), string columns as ids in order of first appearance. Every problem names the file, the line
 * and the column ({@code houses.csv:1043 column 'rooms': 'n/a' is not a number (use missing: drop or mean)}).
 *
 * <pre>{@code
 * CsvTable t = CsvTable.read(Path.of("houses.csv"), "houses.csv", spec, MessageDigest.getInstance("SHA-256"));
 * }</pre>
 */
final class CsvTable {
    static final int SKIP = 0;
    static final int NUM = 1;
    static final int STR = 2;

    final String file;
    final List<String> names = new ArrayList<>();
    int[] role;
    Columns.Floats[] num;
    Columns.Ints[] str;
    List<List<String>> vocab;
    final Columns.Ints lines = new Columns.Ints();
    int dropped;
    /** Per column, its place among the numeric feature columns, or -1. */
    int[] slot;
    /** The numeric feature columns, row-major (rows × numericWidth), written in native memory as rows arrive. */
    private INDArray numeric;
    private java.nio.FloatBuffer numericBuf;
    int numericWidth;
    private final CsvSpec spec;
    private final long rowsAtMost;

    private CsvTable(String file, CsvSpec spec, long rowsAtMost) {
        this.file = file;
        this.spec = spec;
        this.rowsAtMost = Math.max(1, rowsAtMost);
    }

    /** Reads {@code path} (shown as {@code shown} in messages), adding every byte read to {@code md}. */
    static CsvTable read(Path path, String shown, CsvSpec spec, MessageDigest md) {
        CsvTable t = new CsvTable(shown, spec, lineCount(path, shown) - (spec.header ? 1 : 0));
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), md);
                Reader r = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
                CsvReader<Boolean> csv = CsvReader.builder().fieldSeparator(spec.delimiter).skipEmptyLines(true).ignoreDifferentFieldCount(true)
                        .acceptCharsAfterQuotes(false).build(t.new Handler(), r)) {
            csv.forEach(b -> { });
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(shown + ": no such file (resolved to " + path.toAbsolutePath() + ")");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(shown + ": is not UTF-8 text (save it as UTF-8, or check it is a CSV file)");
        } catch (IOException e) {
            throw new IllegalArgumentException(shown + ": cannot read: " + e.getMessage(), e);
        } catch (CsvParseException e) {
            throw unwrap(e, shown);
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                throw new IllegalArgumentException(shown + ": is not UTF-8 text (save it as UTF-8, or check it is a CSV file)");
            }
            throw new IllegalArgumentException(shown + ": cannot read: " + e.getCause().getMessage(), e);
        }
        t.finish();
        return t;
    }

    /** The number of lines (an upper bound on the rows, exact for files without blank lines or multi-line cells). */
    private static long lineCount(Path path, String shown) {
        long lines = 0;
        int last = '\n';
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                for (int i = 0; i < n; i++) {
                    lines += buf[i] == '\n' ? 1 : 0;
                }
                last = buf[n - 1];
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(shown + ": no such file (resolved to " + path.toAbsolutePath() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(shown + ": cannot read: " + e.getMessage(), e);
        }
        return lines + (last == '\n' ? 0 : 1);
    }

    /** The numeric feature columns as an (n, numericWidth) array (a copy only when fewer rows arrived than lines). */
    INDArray numeric() {
        if (numeric.size(0) == rows()) {
            return numeric;
        }
        return numeric.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, rows()), org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c');
    }

    private static RuntimeException unwrap(CsvParseException e, String shown) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof IllegalArgumentException iae) {
                return iae;
            }
            if (c instanceof java.nio.charset.CharacterCodingException) {
                return new IllegalArgumentException(shown + ": is not UTF-8 text (save it as UTF-8, or check it is a CSV file)");
            }
        }
        String where = e.getMessage() == null ? "" : e.getMessage().replaceAll(".*line (\\d+).*", "$1");
        String cause = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
        return new IllegalArgumentException(shown + (where.matches("\\d+") ? ":" + where : "") + ": malformed CSV: " + cause
                + " (a quote inside a quoted field is written twice: \"\")");
    }

    /** A cell as messages quote it: on one line, at most 40 characters. */
    static String shown(String cell) {
        String s = cell.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** Number of data rows kept. */
    int rows() {
        return lines.size();
    }

    private void finish() {
        if (names.isEmpty()) {
            throw new IllegalArgumentException(file + ": the file is empty (expected " + (spec.header ? "a header line and " : "") + "data rows)");
        }
        if (rows() == 0) {
            throw new IllegalArgumentException(file + ": no data rows" + (spec.header ? " after the header (line 1)" : "")
                    + (dropped > 0 ? "; missing: drop removed all " + dropped : ""));
        }
    }

    /** Assigns each column its role once the names are known; unknown names get a closest-name hint. */
    private void plan(List<String> header, long line) {
        names.addAll(header);
        for (int i = 0; i < names.size(); i++) {
            if (names.indexOf(names.get(i)) != i) {
                throw new IllegalArgumentException(file + ":" + line + " column '" + names.get(i) + "' appears twice in the header");
            }
        }
        List<String> named = new ArrayList<>(spec.targets.keySet());
        if (spec.features != null) {
            named.addAll(spec.features);
        }
        named.addAll(spec.categorical.keySet());
        for (String n : named) {
            if (!names.contains(n)) {
                throw new IllegalArgumentException(file + ":" + line + " column '" + n + "' is not in the " + (spec.header ? "header" : "file (columns are numbered from 0)")
                        + "; " + Columns.closest(n, names));
            }
        }
        role = new int[names.size()];
        num = new Columns.Floats[names.size()];
        str = new Columns.Ints[names.size()];
        vocab = new ArrayList<>();
        slot = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            CsvSpec.Kind k = spec.targets.get(n);
            boolean feature = k == null && (spec.features == null ? true : spec.features.contains(n));
            boolean target = k != null || (spec.targets.isEmpty() && !feature);
            role[i] = !feature && !target ? SKIP : spec.categorical.containsKey(n) || (k != null && k != CsvSpec.Kind.REGRESSION) ? STR : NUM;
            slot[i] = role[i] == NUM && !isTarget(i) ? numericWidth++ : -1;
            num[i] = role[i] == NUM && slot[i] < 0 ? new Columns.Floats() : null;
            str[i] = role[i] == STR ? new Columns.Ints() : null;
            vocab.add(role[i] == STR ? new ArrayList<>() : null);
        }
        numeric = Nd4j.createUninitialized(DataType.FLOAT, rowsAtMost, Math.max(1, numericWidth));
        numericBuf = numeric.data().asNioFloat();
    }

    /** Room for one more row of numeric features (grows by copying only if the line count was exceeded). */
    private void ensureRow(int row) {
        if (row < numeric.size(0)) {
            return;
        }
        INDArray bigger = Nd4j.createUninitialized(DataType.FLOAT, numeric.size(0) * 2, numeric.size(1));
        java.nio.FloatBuffer b = bigger.data().asNioFloat();
        b.put(numericBuf.duplicate().position(0).limit((int) numeric.length()));
        numeric = bigger;
        numericBuf = b;
    }

    /** Whether column {@code i} is a target (named, or any non-feature column when only features are named). */
    boolean isTarget(int i) {
        String n = names.get(i);
        return spec.targets.containsKey(n) || (spec.targets.isEmpty() && role[i] != SKIP && !spec.features.contains(n));
    }

    /** Receives FastCSV's fields without making strings for numeric cells; stores a row when it is complete. */
    private final class Handler extends AbstractBaseCsvCallbackHandler<Boolean> {
        private final List<String> first = new ArrayList<>();
        private float[] rowNum;
        private String[] rowStr;
        private String error;
        private int missingCol = -1;
        private String missingText;
        private boolean multiline;
        private final List<Map<String, Integer>> ids = new ArrayList<>();

        @Override
        protected void handleBegin(long line) {
            error = null;
            missingCol = -1;
            multiline = false;
        }

        @Override
        protected void handleField(int idx, char[] buf, int off, int len, boolean quoted) {
            if (idx == 0 && len > 0 && buf[off] == '\uFEFF' && lines.size() == 0 && names.isEmpty()) {
                off++;
                len--;
            }
            if (quoted && !multiline) {
                for (int k = off; k < off + len && !multiline; k++) {
                    multiline = buf[k] == '\n' || buf[k] == '\r';
                }
            }
            if (role == null) {
                first.add(new String(buf, off, len).trim());
                return;
            }
            if (idx >= role.length || role[idx] == SKIP) {
                return;
            }
            if (role[idx] == NUM) {
                double v = Decimals.parse(buf, off, len);
                if (Decimals.isMissing(v)) {
                    missing(idx, new String(buf, off, len));
                } else if (Decimals.isBad(v) && error == null) {
                    error = "column '" + names.get(idx) + "': '" + shown(new String(buf, off, len).trim()) + "' is not a number ("
                            + (isTarget(idx) ? "for class labels set the target's kind to binary, onehot or int" : "list the column under categorical, or fix the cell") + ")";
                }
                rowNum[idx] = (float) v;
            } else {
                String s = new String(buf, off, len).trim();
                if (Decimals.missingWord(s)) {
                    missing(idx, s);
                    s = null;
                }
                rowStr[idx] = s;
            }
        }

        private void missing(int idx, String text) {
            if (missingCol < 0) {
                missingCol = idx;
                missingText = text.trim();
            }
        }

        @Override
        protected RecordWrapper<Boolean> buildRecord() {
            if (isEmptyLine()) {
                return wrapRecord(Boolean.FALSE);
            }
            long line = getStartingLineNumber();
            if (role == null) {
                header(line);
                return wrapRecord(Boolean.TRUE);
            }
            if (getFieldCount() != role.length) {
                String has = "the row has " + getFieldCount() + " fields, the " + (spec.header ? "header has " : "first row has ") + role.length;
                if (multiline) {
                    throw new IllegalArgumentException(file + ":" + line + ": a quoted field opened on this line runs over several lines and " + has
                            + " (an unterminated quote?)");
                }
                throw new IllegalArgumentException(file + ":" + line + ": " + has + " (a ragged row; quote fields that contain '"
                        + (spec.delimiter == '\t' ? "\\t" : String.valueOf(spec.delimiter)) + "')");
            }
            if (error != null) {
                throw new IllegalArgumentException(file + ":" + line + " " + error);
            }
            if (missingCol >= 0 && !keepMissing(line)) {
                dropped++;
                return wrapRecord(Boolean.FALSE);
            }
            store(line);
            return wrapRecord(Boolean.TRUE);
        }

        private void header(long line) {
            List<String> h = new ArrayList<>(first);
            if (!spec.header) {
                h.clear();
                for (int i = 0; i < first.size(); i++) {
                    h.add(String.valueOf(i));
                }
            }
            plan(h, line);
            rowNum = new float[role.length];
            rowStr = new String[role.length];
            for (int i = 0; i < role.length; i++) {
                ids.add(new HashMap<>());
            }
            if (!spec.header) {
                replayFirst(line);
            }
        }

        /** Without a header the first row is data: parse its saved cells as if they had just arrived. */
        private void replayFirst(long line) {
            handleBegin(line);
            for (int i = 0; i < first.size(); i++) {
                char[] c = first.get(i).toCharArray();
                handleField(i, c, 0, c.length, false);
            }
            if (error != null) {
                throw new IllegalArgumentException(file + ":" + line + " " + error);
            }
            if (missingCol < 0 || keepMissing(line)) {
                store(line);
            } else {
                dropped++;
            }
        }

        /** Whether a row with a missing cell is kept (missing: mean), dropped (drop), or an error. */
        private boolean keepMissing(long line) {
            String col = names.get(missingCol);
            String what = missingText.isEmpty() ? "the cell is empty" : "'" + shown(missingText) + "' is not a number";
            if (spec.missing == CsvSpec.Missing.ERROR) {
                throw new IllegalArgumentException(file + ":" + line + " column '" + col + "': " + what + " (use missing: drop or mean)");
            }
            if (spec.missing == CsvSpec.Missing.MEAN) {
                for (int i = 0; i < role.length; i++) {
                    boolean miss = role[i] == NUM ? Float.isNaN(rowNum[i]) : role[i] == STR && rowStr[i] == null;
                    if (miss && isTarget(i)) {
                        throw new IllegalArgumentException(file + ":" + line + " column '" + names.get(i) + "': a missing target cannot be imputed (use missing: drop)");
                    }
                }
                return true;
            }
            return false;
        }

        private void store(long line) {
            int row = lines.size();
            ensureRow(row);
            lines.add((int) Math.min(line, Integer.MAX_VALUE));
            for (int i = 0; i < role.length; i++) {
                if (slot[i] >= 0) {
                    numericBuf.put(row * numericWidth + slot[i], rowNum[i]);
                } else if (role[i] == NUM) {
                    num[i].add(rowNum[i]);
                } else if (role[i] == STR) {
                    str[i].add(id(i, rowStr[i]));
                }
            }
        }

        /** The id of a category of column {@code i} in order of first appearance; -1 for a missing cell. */
        private int id(int i, String s) {
            if (s == null) {
                return -1;
            }
            Integer id = ids.get(i).get(s);
            if (id == null) {
                id = vocab.get(i).size();
                vocab.get(i).add(s);
                ids.get(i).put(s, id);
            }
            return id;
        }
    }
}
