package dev.hyperforge.tracker.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hyperforge.search.Direction;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.TestFixtures;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunExporterTest {
    private Database db;
    private RunStore store;
    private StudyRecord study;
    private final List<Long> runIds = new java.util.ArrayList<>();

    @BeforeEach
    void fill() {
        db = Database.open("jdbc:h2:mem:export-" + UUID.randomUUID());
        store = new JdbcRunStore(db);
        study = store.createOrGetStudy(new StudySpec("mnist", Direction.MINIMIZE, "random", "{}", 1));
        for (int i = 0; i < 3; i++) {
            Run r = store.startRun(study.id(), TestFixtures.provenance());
            runIds.add(r.id());
            store.setParams(r.id(), List.of(ParamValue.ofFloat("lr", 0.1 * (i + 1), "{}"),
                    ParamValue.ofString("act", i == 1 ? "re,\"lu\"" : "tanh", "{}")));
            store.logMetrics(r.id(), List.of(new MetricPoint("val_loss", 0, 1.0 + i, Instant.EPOCH),
                    new MetricPoint("val_loss", 1, 0.5 + i, Instant.EPOCH)));
            if (i < 2) {
                store.finishRun(r.id(), TrialState.COMPLETE, 0.5 + i, null);
            }
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void csvHasAHeaderAndOneQuotedRowPerRun() {
        StringWriter out = new StringWriter();
        long n = new RunExporter(store).exportRuns(RunQuery.forStudy(study.id()).build(), ExportFormat.CSV, out);
        assertEquals(3, n);
        String[] lines = out.toString().split("\r\n");
        assertEquals("run,trial,state,value,started_at,finished_at,error,param.act,param.lr,metric.val_loss", lines[0]);
        assertEquals(4, lines.length);
        assertTrue(lines[2].startsWith(runIds.get(1) + ",1,COMPLETE,1.5,"), lines[2]);
        assertTrue(lines[2].endsWith(",\"re,\"\"lu\"\"\",0.2,1.5"), lines[2]);
        assertTrue(lines[3].startsWith(runIds.get(2) + ",2,RUNNING,,"), lines[3]);
    }

    @Test
    void jsonIsAnArrayOfRunsWithTypedParamsAndLastMetrics() throws Exception {
        StringWriter out = new StringWriter();
        new RunExporter(store).exportRuns(RunQuery.forStudy(study.id()).sortByMetric("val_loss", true).build(),
                ExportFormat.JSON, out);
        assertTrue(out.toString().endsWith("]\n"), "ends with a newline");
        JsonNode arr = new ObjectMapper().readTree(out.toString());
        assertEquals(3, arr.size());
        assertEquals(2, arr.get(0).get("trial").asInt());
        assertEquals(runIds.get(2).longValue(), arr.get(0).get("run").asLong());
        assertTrue(arr.get(0).get("value").isNull());
        assertEquals(0.3, arr.get(0).get("params").get("lr").asDouble(), 1e-12);
        assertEquals(2.5, arr.get(0).get("metrics").get("val_loss").get("value").asDouble());
        assertEquals(1, arr.get(0).get("metrics").get("val_loss").get("step").asInt());
    }

    @Test
    void aMultiObjectiveStudyHasAColumnPerObjectiveAndItsFront() throws Exception {
        StudyRecord mo = store.createOrGetStudy(new StudySpec("pareto", List.of(Direction.MAXIMIZE, Direction.MINIMIZE),
                "nsga2", "{}", 1));
        dev.hyperforge.tracker.ObjectiveNames.save(store, mo.id(), List.of("val_accuracy", "params"));
        double[][] values = {{0.9, 500}, {0.8, 200}, {0.7, 600}};
        for (double[] v : values) {
            Run r = store.startRun(mo.id(), TestFixtures.provenance());
            store.finishRunValues(r.id(), TrialState.COMPLETE, List.of(v[0], v[1]), null);
        }
        StringWriter csv = new StringWriter();
        new RunExporter(store).exportRuns(RunQuery.forStudy(mo.id()).build(), ExportFormat.CSV, csv);
        String[] lines = csv.toString().split("\r\n");
        assertEquals("run,trial,state,value.val_accuracy,value.params,started_at,finished_at,error", lines[0]);
        assertTrue(lines[1].matches("\\d+,0,COMPLETE,0\\.9,500\\.0,.*"), lines[1]);
        StringWriter json = new StringWriter();
        new RunExporter(store).exportRuns(RunQuery.forStudy(mo.id()).build(), ExportFormat.JSON, json);
        assertEquals("[0.8,200.0]", new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toString()).get(1)
                .get("values").toString());
        StringWriter studies = new StringWriter();
        new RunExporter(store).exportStudies(ExportFormat.CSV, studies);
        // front: trials 0 and 1; reference (0.7, 600): (0.9-0.7)*(600-500) + (0.8-0.7)*(500-200)
        assertTrue(studies.toString().contains("pareto,\"MAXIMIZE,MINIMIZE\",nsga2,1,3,0,3,0,0,0,,2,50.0000\r\n"),
                studies.toString());
    }

    @Test
    void tableAlignsColumnsAndStudiesListCounts() {
        StringWriter table = new StringWriter();
        new RunExporter(store).exportRuns(RunQuery.forStudy(study.id()).build(), ExportFormat.TABLE, table);
        String[] lines = table.toString().split("\n");
        assertEquals(5, lines.length);
        assertTrue(lines[1].startsWith("---  -----  --------"), lines[1]);
        assertEquals(lines[2].indexOf("COMPLETE"), lines[0].indexOf("state"));
        assertTrue(table.toString().endsWith("\n"));
        StringWriter studies = new StringWriter();
        assertEquals(1, new RunExporter(store).exportStudies(ExportFormat.CSV, studies));
        assertEquals("name,direction,sampler,seed,total,running,complete,pruned,failed,waiting,best_value,front_size,"
                + "hypervolume\r\n" + "mnist,MINIMIZE,random,1,3,1,2,0,0,0,0.5,,\r\n", studies.toString());
        StringWriter json = new StringWriter();
        new RunExporter(store).exportStudies(ExportFormat.JSON, json);
        assertTrue(json.toString().contains("\"best_value\":0.5"), json.toString());
        assertTrue(json.toString().endsWith("]\n"), "ends with a newline");
    }

    @Test
    void tablesShowTheRunIdBesideTheTrialAndNeverCutNames() {
        StudyRecord longName = store.createOrGetStudy(new StudySpec("fashion-cnn-bayes-with-a-long-name", Direction.MINIMIZE,
                "random", "{}", 1));
        Run r = store.startRun(longName.id(), TestFixtures.provenance());
        store.setParams(r.id(), List.of(ParamValue.ofString("activation_of_the_last_layer", "leaky_relu_with_slope", "{}")));
        store.finishRun(r.id(), TrialState.FAILED, null, "x".repeat(200) + "\nsecond line");
        StringWriter runs = new StringWriter();
        new RunExporter(store).exportRuns(RunQuery.forStudy(longName.id()).build(), ExportFormat.TABLE, runs);
        String[] lines = runs.toString().split("\n");
        assertTrue(lines[0].startsWith("run  trial  state"), lines[0]);
        assertTrue(lines[2].startsWith(r.id() + " ".repeat(5 - Long.toString(r.id()).length()) + "0      FAILED"), lines[2]);
        assertTrue(lines[0].contains("param.activation_of_the_last_layer"), lines[0]);
        assertTrue(lines[2].endsWith("leaky_relu_with_slope"), lines[2]);
        assertTrue(lines[2].contains("x".repeat(TableSink.CAP - 1) + "…"), "an error message is cut to one short line");
        StringWriter studies = new StringWriter();
        new RunExporter(store).exportStudies(ExportFormat.TABLE, studies);
        String text = studies.toString();
        assertTrue(text.contains("fashion-cnn-bayes-with-a-long-name  MINIMIZE"), text);
        assertTrue(text.endsWith("\n"), "the table ends with a newline");
        assertEquals(4, text.split("\n").length);
    }

    @Test
    void formatsParseCaseInsensitivelyAndRejectOthers() {
        assertEquals(ExportFormat.CSV, ExportFormat.parse("csv"));
        assertEquals(ExportFormat.TABLE, ExportFormat.parse(" Table "));
        assertThrows(IllegalArgumentException.class, () -> ExportFormat.parse("xml"));
    }
}
