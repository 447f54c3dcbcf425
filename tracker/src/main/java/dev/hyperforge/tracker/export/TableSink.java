package dev.hyperforge.tracker.export;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligned columns for a terminal, sized to their content: the header and the first {@link #SIZING_ROWS} rows are
 * held back to size the columns, later rows stream with those widths (a wider cell of a later row is written whole,
 * pushing the rest of its line to the right: names and values are never cut). Only the free-text columns named in
 * {@code capped} (an error message) are cut to {@link #CAP} characters with "…". Every line ends with a newline.
 */
final class TableSink implements RowSink {
    /** Rows held back to size the columns before the first line is written. */
    static final int SIZING_ROWS = 200;
    /** Widest cell of a capped column. */
    static final int CAP = 48;
    private final Writer out;
    private final List<String> capped;
    private List<String> header;
    private final List<List<String>> held = new ArrayList<>();
    private int[] widths;

    private final int objectives;

    TableSink(Writer out, List<String> capped) {
        this(out, capped, 0);
    }

    /** With {@code objectives} value columns per run (a multi-objective study; 0: the one value column). */
    TableSink(Writer out, List<String> capped, int objectives) {
        this.out = out;
        this.capped = List.copyOf(capped);
        this.objectives = objectives;
    }

    @Override
    public int objectives() {
        return objectives;
    }

    @Override
    public void begin(List<String> header) {
        this.header = List.copyOf(header);
    }

    @Override
    public void row(List<String> cells) throws IOException {
        List<String> clean = clean(cells);
        if (widths != null) {
            write(clean);
            return;
        }
        held.add(clean);
        if (held.size() >= SIZING_ROWS) {
            flushHeld();
        }
    }

    @Override
    public void end() throws IOException {
        if (widths == null) {
            flushHeld();
        }
    }

    private List<String> clean(List<String> cells) {
        List<String> out = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i).replace('\n', ' ').replace('\r', ' ');
            if (capped.contains(header.get(i)) && c.length() > CAP) {
                c = c.substring(0, CAP - 1) + "…";
            }
            out.add(c);
        }
        return out;
    }

    private void flushHeld() throws IOException {
        widths = header.stream().mapToInt(String::length).toArray();
        for (List<String> r : held) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        write(header);
        StringBuilder rule = new StringBuilder();
        for (int w : widths) {
            rule.append("-".repeat(w)).append("  ");
        }
        out.write(rule.toString().stripTrailing());
        out.write('\n');
        for (List<String> r : held) {
            write(r);
        }
        held.clear();
    }

    private void write(List<String> cells) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            line.append(c).append(" ".repeat(Math.max(0, widths[i] - c.length()))).append("  ");
        }
        out.write(line.toString().stripTrailing());
        out.write('\n');
    }
}
