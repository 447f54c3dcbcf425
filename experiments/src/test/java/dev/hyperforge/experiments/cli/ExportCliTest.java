package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;

/**
 * {@code hf runs --format table|csv|json} and {@code hf studies} after a small tuning study, whose parameters are
 * recorded with their search distributions.
 */
class ExportCliTest {
    @Test
    void runsAndStudiesAreExportedInEveryFormat() throws Exception {
        String db = Cli.memDb("export");
        Cli.Result tune = Cli.run("tune", Cli.shipped("sequential-vs-functional"), "--trials", "3", "--epochs", "1",
                "--limit-samples", "32", "--study", "exp", "--quiet", "--db", db);
        assertEquals(0, tune.code(), tune.toString());

        Cli.Result csv = Cli.run("runs", "--study", "exp", "--format", "csv", "--db", db);
        assertEquals(0, csv.code(), csv.toString());
        List<String> lines = csv.out().lines().toList();
        assertEquals(4, lines.size(), csv.out());
        assertTrue(lines.get(0).startsWith("run,trial,state,value,started_at,finished_at,error,param.lr,param.optimizer,metric."),
                lines.get(0));
        assertTrue(lines.get(0).contains("metric.val_loss"), lines.get(0));
        for (int i = 1; i <= 3; i++) {
            assertTrue(lines.get(i).matches("\\d+," + (i - 1) + ",COMPLETE,.*"), lines.get(i));
        }

        Cli.Result json = Cli.run("runs", "--study", "exp", "--format", "json", "--state", "complete", "--db", db);
        assertEquals(0, json.code(), json.toString());
        JsonNode runs = new ObjectMapper().readTree(json.out());
        assertEquals(3, runs.size());
        for (JsonNode r : runs) {
            assertTrue(r.get("params").get("lr").asDouble() >= 0.001 && r.get("params").get("lr").asDouble() <= 0.1, r.toString());
            assertTrue(r.get("metrics").has("val_loss"), r.toString());
            assertEquals("COMPLETE", r.get("state").asText());
        }
        Cli.Result none = Cli.run("runs", "--study", "exp", "--format", "json", "--state", "FAILED", "--db", db);
        assertEquals(0, new ObjectMapper().readTree(none.out()).size(), none.toString());

        Cli.Result table = Cli.run("runs", "--study", "exp", "--db", db);
        assertEquals(0, table.code(), table.toString());
        List<String> rows = table.out().lines().toList();
        assertEquals(5, rows.size(), table.out());
        assertTrue(rows.get(1).startsWith("---  -----  --------"), table.out());

        Cli.Result studies = Cli.run("studies", "--format", "csv", "--db", db);
        assertEquals(0, studies.code(), studies.toString());
        List<String> s = studies.out().lines().toList();
        assertEquals("name,direction,sampler,seed,total,running,complete,pruned,failed,waiting,best_value,front_size,hypervolume", s.get(0));
        assertTrue(s.get(1).startsWith("exp,MINIMIZE,random,"), s.get(1));
        assertTrue(s.get(1).contains(",3,0,3,0,0,0,"), s.get(1));
        Cli.Result studiesTable = Cli.run("studies", "--db", db);
        assertEquals(0, studiesTable.code(), studiesTable.toString());
        assertTrue(studiesTable.out().lines().anyMatch(l -> l.startsWith("exp ")), studiesTable.out());
        assertEquals(2, Cli.run("runs", "--study", "exp", "--format", "xml", "--db", db).code());

        // every recorded parameter carries the search distribution it came from
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d)) {
            StudyRecord study = store.findStudyRecord("exp").orElseThrow();
            for (Run r : store.listRuns(study.id(), Set.of())) {
                JsonNode lr = new ObjectMapper().readTree(r.params().get("lr").distributionJson());
                assertEquals("float", lr.get("type").asText());
                assertEquals(0.001, lr.get("low").asDouble());
                assertEquals(0.1, lr.get("high").asDouble());
                assertTrue(lr.get("log").asBoolean());
                JsonNode opt = new ObjectMapper().readTree(r.params().get("optimizer").distributionJson());
                assertEquals("categorical", opt.get("type").asText());
                assertEquals("[\"rmsprop\",\"adam\",\"sgd\"]", opt.get("choices").toString());
            }
        }
    }
}
