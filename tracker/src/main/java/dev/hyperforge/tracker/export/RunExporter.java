package dev.hyperforge.tracker.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudySummary;
import dev.hyperforge.tracker.ObjectiveNames;
import dev.hyperforge.tracker.StudyFront;
import dev.hyperforge.tracker.StudyRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes runs and studies as a table, CSV or JSON. Runs are streamed from {@link RunStore#forEachRun} one at
 * a time; the columns (every parameter and metric of the study) are known before the first row. Each run has a
 * {@code run} column (its id, which {@code hf show}, {@code hf replay} and {@code hf ensemble} take) and a
 * {@code trial} column (its number within the study). A run of a multi-objective study has a column per objective
 * ({@code value.<metric>}, see {@link ObjectiveNames}) instead of {@code value}, and a list {@code values} in JSON;
 * a multi-objective study lists its Pareto front's size and hypervolume ({@link StudyFront}). Tables size their
 * columns to the content and never cut a name or a value (only an error message, to one line of
 * {@value TableSink#CAP} characters); every format ends with a newline.
 *
 * <pre>{@code
 * RunExporter exporter = new RunExporter(store);
 * exporter.exportRuns(RunQuery.forStudy(study.id()).build(), ExportFormat.CSV, writer);   // hf runs --format csv
 * exporter.exportStudies(ExportFormat.TABLE, writer);                                      // hf studies
 * }</pre>
 */
public final class RunExporter {
    private static final JsonFactory JSON = new JsonFactory();
    private static final List<String> FIXED = List.of("run", "trial", "state", "value", "started_at", "finished_at", "error");
    private final RunStore store;

    /**
     * An exporter reading from a store.
     *
     * @param store the store
     */
    public RunExporter(RunStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Writes every run matching the query's filters and sort (its paging is ignored).
     *
     * @param query filters and sort
     * @param format output format
     * @param out destination (flushed, not closed)
     * @return the number of runs written
     */
    public long exportRuns(RunQuery query, ExportFormat format, Writer out) {
        List<String> params = store.paramNames(query.studyId());
        List<String> metrics = store.metricNames(query.studyId());
        StudyRecord study = store.study(query.studyId());
        List<String> objectives = study.isMultiObjective() ? ObjectiveNames.of(store, study) : List.of();
        List<String> header = new ArrayList<>(FIXED);
        if (!objectives.isEmpty()) {
            int at = header.indexOf("value");
            header.remove(at);
            for (int k = objectives.size() - 1; k >= 0; k--) {
                header.add(at, "value." + objectives.get(k));
            }
        }
        params.forEach(p -> header.add("param." + p));
        metrics.forEach(m -> header.add("metric." + m));
        long[] count = {0};
        try {
            RowSink sink = switch (format) {
                case CSV -> new CsvSink(out, objectives.size());
                case TABLE -> new TableSink(out, List.of("error"), objectives.size());
                case JSON -> new JsonSink(out);
            };
            sink.begin(header);
            store.forEachRun(query, run -> {
                try {
                    sink.run(run, params, metrics);
                    count[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            sink.end();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export", e);
        }
        return count[0];
    }

    /**
     * Writes every study with its run counts and best value.
     *
     * @param format output format
     * @param out destination (flushed, not closed)
     * @return the number of studies written
     */
    public long exportStudies(ExportFormat format, Writer out) {
        List<StudySummary> studies = store.listStudies();
        List<String> header = new ArrayList<>(List.of("name", "direction", "sampler", "seed", "total"));
        for (TrialState s : TrialState.values()) {
            header.add(s.name().toLowerCase(Locale.ROOT));
        }
        header.add("best_value");
        header.add("front_size");
        header.add("hypervolume");
        Map<Long, StudyFront> fronts = new java.util.HashMap<>();
        for (StudySummary s : studies) {
            if (s.study().isMultiObjective()) {
                fronts.put(s.study().id(), StudyFront.of(s.study().directions(),
                        store.listRuns(s.study().id(), java.util.Set.of(TrialState.COMPLETE)).stream().map(Run::trial).toList()));
            }
        }
        try {
            if (format == ExportFormat.JSON) {
                writeStudiesJson(studies, fronts, out);
            } else {
                RowSink sink = format == ExportFormat.CSV ? new CsvSink(out) : new TableSink(out, List.of());
                sink.begin(header);
                for (StudySummary s : studies) {
                    List<String> row = new ArrayList<>(List.of(s.study().name(), directions(s.study()),
                            s.study().samplerName(), Long.toString(s.study().seed()), Long.toString(s.total())));
                    for (TrialState st : TrialState.values()) {
                        row.add(Long.toString(s.counts().get(st)));
                    }
                    StudyFront f = fronts.get(s.study().id());
                    row.add(s.bestValue() == null || f != null ? "" : s.bestValue().toString());
                    row.add(f == null ? "" : Integer.toString(f.members().size()));
                    row.add(f == null ? "" : String.format(Locale.ROOT, "%.6g", f.hypervolume()));
                    sink.row(row);
                }
                sink.end();
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export", e);
        }
        return studies.size();
    }

    /** {@code MAXIMIZE}, or {@code MAXIMIZE,MINIMIZE} for several objectives. */
    private static String directions(StudyRecord s) {
        return String.join(",", s.directions().stream().map(Enum::name).toList());
    }

    private static void writeStudiesJson(List<StudySummary> studies, Map<Long, StudyFront> fronts, Writer out)
            throws IOException {
        JsonGenerator g = JSON.createGenerator(out);
        g.writeStartArray();
        for (StudySummary s : studies) {
            g.writeStartObject();
            g.writeStringField("name", s.study().name());
            g.writeStringField("direction", directions(s.study()));
            g.writeStringField("sampler", s.study().samplerName());
            g.writeNumberField("seed", s.study().seed());
            g.writeNumberField("total", s.total());
            g.writeObjectFieldStart("counts");
            for (Map.Entry<TrialState, Long> e : s.counts().entrySet()) {
                g.writeNumberField(e.getKey().name(), e.getValue());
            }
            g.writeEndObject();
            StudyFront f = fronts.get(s.study().id());
            g.writeFieldName("best_value");
            if (s.bestValue() == null || f != null) {
                g.writeNull();
            } else {
                g.writeNumber(s.bestValue());
            }
            if (f != null) {
                g.writeNumberField("front_size", f.members().size());
                g.writeNumberField("hypervolume", f.hypervolume());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.flush();
        out.write('\n');
    }

    static List<String> cells(Run r, List<String> params, List<String> metrics) {
        return cells(r, params, metrics, 0);
    }

    /** The cells of a run; {@code objectives} value columns for a multi-objective study (0: one value column). */
    static List<String> cells(Run r, List<String> params, List<String> metrics, int objectives) {
        List<String> row = new ArrayList<>(FIXED.size() + params.size() + metrics.size());
        row.add(Long.toString(r.id()));
        row.add(Integer.toString(r.number()));
        row.add(r.state().name());
        if (objectives == 0) {
            row.add(r.value() == null ? "" : r.value().toString());
        }
        for (int k = 0; k < objectives; k++) {
            row.add(k < r.values().size() ? r.values().get(k).toString() : "");
        }
        row.add(r.startedAt() == null ? "" : r.startedAt().toString());
        row.add(r.finishedAt() == null ? "" : r.finishedAt().toString());
        row.add(r.error() == null ? "" : r.error());
        for (String p : params) {
            ParamValue v = r.params().get(p);
            row.add(v == null ? "" : v.valueText());
        }
        for (String m : metrics) {
            MetricPoint v = r.lastMetrics().get(m);
            row.add(v == null ? "" : Double.toString(v.value()));
        }
        return row;
    }

    /** RFC 4180 CSV. */
    private static final class CsvSink implements RowSink {
        private final Writer out;
        private final int objectives;

        CsvSink(Writer out) {
            this(out, 0);
        }

        CsvSink(Writer out, int objectives) {
            this.out = out;
            this.objectives = objectives;
        }

        @Override
        public int objectives() {
            return objectives;
        }

        @Override
        public void begin(List<String> header) throws IOException {
            row(header);
        }

        @Override
        public void row(List<String> cells) throws IOException {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(quote(cells.get(i)));
            }
            out.write("\r\n");
        }

        static String quote(String s) {
            boolean needs = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
            return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
        }

        @Override
        public void end() {
            // nothing to close
        }
    }

    /** A JSON array, one object per run, written as the runs arrive. */
    private static final class JsonSink implements RowSink {
        private final JsonGenerator g;
        private final Writer out;

        JsonSink(Writer out) throws IOException {
            this.out = out;
            this.g = JSON.createGenerator(out);
        }

        @Override
        public void begin(List<String> header) throws IOException {
            g.writeStartArray();
        }

        @Override
        public void row(List<String> cells) {
            throw new UnsupportedOperationException("JSON export writes runs, not rows");
        }

        @Override
        public void run(Run r, List<String> params, List<String> metrics) throws IOException {
            g.writeStartObject();
            g.writeNumberField("run", r.id());
            g.writeNumberField("trial", r.number());
            g.writeStringField("state", r.state().name());
            nullableNumber("value", r.value());
            if (r.values().size() > 1) {
                g.writeArrayFieldStart("values");
                for (double v : r.values()) {
                    g.writeNumber(v);
                }
                g.writeEndArray();
            }
            g.writeStringField("started_at", r.startedAt() == null ? null : r.startedAt().toString());
            g.writeStringField("finished_at", r.finishedAt() == null ? null : r.finishedAt().toString());
            g.writeStringField("error", r.error());
            g.writeObjectFieldStart("params");
            for (ParamValue p : r.params().values()) {
                switch (p.type()) {
                    case FLOAT -> g.writeNumberField(p.name(), p.floatValue());
                    case INT -> g.writeNumberField(p.name(), p.intValue());
                    case STRING -> g.writeStringField(p.name(), p.stringValue());
                }
            }
            g.writeEndObject();
            g.writeObjectFieldStart("metrics");
            for (MetricPoint m : r.lastMetrics().values()) {
                g.writeObjectFieldStart(m.name());
                g.writeNumberField("step", m.step());
                nullableNumber("value", m.value());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("tags");
            for (Map.Entry<String, String> t : r.tags().entrySet()) {
                g.writeStringField(t.getKey(), t.getValue());
            }
            g.writeEndObject();
            g.writeStringField("note", r.note());
            g.writeEndObject();
        }

        private void nullableNumber(String field, Double v) throws IOException {
            if (v == null || !Double.isFinite(v)) {
                g.writeStringField(field, v == null ? null : v.toString());
            } else {
                g.writeNumberField(field, v);
            }
        }

        @Override
        public void end() throws IOException {
            g.writeEndArray();
            g.flush();
            out.write('\n');
        }
    }
}
