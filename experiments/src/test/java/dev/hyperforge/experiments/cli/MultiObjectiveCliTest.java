package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-objective study through the command line: tune prints the Pareto front, runs/studies/show/exports show
 * every value, replay repeats the suggestions and a run's values, and ask/tell takes a vector.
 */
class MultiObjectiveCliTest {
    static final String FILE = Path.of("src/test/resources/multiobjective/two-heads-pareto.yaml").toAbsolutePath().toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void tunePrintsTheFrontAndTheReadsAndReplaysShowEveryObjective() throws Exception {
        String db = Cli.memDb("mo-tune");
        Cli.Result tune = Cli.run("tune", FILE, "--trials", "5", "--epochs", "1", "--limit-samples", "64", "--study", "mo",
                "--quiet", "--db", db);
        assertEquals(0, tune.code(), tune.toString());
        assertTrue(tune.out().contains("Pareto front of study 'mo'"), tune.toString());
        assertTrue(tune.out().contains("val_y1_output_mae (min) val_y2_output_mae (min) params (min)"), tune.toString());
        assertTrue(!tune.out().contains("Leaderboard"), "no one-column leaderboard: " + tune);

        Cli.Result runs = Cli.run("runs", "--study", "mo", "--format", "csv", "--db", db);
        assertEquals(0, runs.code(), runs.toString());
        assertTrue(runs.out().startsWith("run,trial,state,value.val_y1_output_mae,value.val_y2_output_mae,value.params,"),
                runs.toString());
        assertEquals(6, runs.out().strip().lines().count(), runs.toString());

        JsonNode json = JSON.readTree(Cli.run("runs", "--study", "mo", "--format", "json", "--db", db).out());
        JsonNode first = json.get(0);
        assertEquals(3, first.get("values").size());
        assertEquals(first.get("value").asDouble(), first.get("values").get(0).asDouble());
        double params = first.get("values").get(2).asDouble();
        assertTrue(params > 0 && params == Math.rint(params), "the built-in params objective is a count: " + params);

        Cli.Result studies = Cli.run("studies", "--format", "json", "--db", db);
        JsonNode s = JSON.readTree(studies.out()).get(0);
        assertEquals("MINIMIZE,MINIMIZE,MINIMIZE", s.get("direction").asText(), studies.toString());
        assertTrue(s.get("front_size").asInt() >= 1 && s.get("hypervolume").asDouble() >= 0, studies.toString());
        Matcher front = Pattern.compile("Pareto front of study 'mo': (\\d+) of").matcher(tune.out());
        assertTrue(front.find());
        assertEquals(Integer.parseInt(front.group(1)), s.get("front_size").asInt(), "tune and studies agree on the front");

        Cli.Result show = Cli.run("show", "1", "--db", db);
        assertEquals(0, show.code(), show.toString());
        assertTrue(show.out().contains("values val_y1_output_mae="), show.toString());
        assertTrue(show.out().contains("constraints: ["), show.toString());

        Cli.Result replay = Cli.run("replay", "--study", "mo", "--db", db);
        assertEquals(0, replay.code(), replay.toString());
        assertTrue(replay.out().contains("identical: 5 suggestions replayed exactly"), replay.toString());
        Cli.Result run = Cli.run("replay", "1", "--db", db);
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("identical: "), run.toString());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("params ")), run.toString());
    }

    @Test
    void theShippedS2ParetoExampleTunesWithNsga2() {
        String db = Cli.memDb("mo-s2");
        Cli.Result r = Cli.run("tune", Cli.shipped("profile-three-outputs-pareto"), "--trials", "2", "--epochs", "1",
                "--limit-samples", "48", "--quiet", "--db", db);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Pareto front of study 'profile-three-outputs-pareto-nsga2'"), r.toString());
        assertTrue(r.out().contains("val_income_accuracy (max) val_age_mae (min) val_gender_accuracy (max)"), r.toString());
    }

    @Test
    void tellTakesAVectorOfValues() throws Exception {
        Path file = dir.resolve("outside.yaml");
        Files.writeString(file, """
                name: outside-mo
                seed: 5
                search:
                  space:
                    lr: {type: float, low: 0.0001, high: 0.1, log: true}
                  objectives:
                    - {metric: accuracy, direction: max}
                    - {metric: latency, direction: min}
                  sampler: {name: random, trials: 3}
                """);
        String db = Cli.memDb("mo-asktell");
        assertEquals(0, Cli.run("tune", file.toString(), "--study", "o", "--setup-only", "--db", db).code());
        for (int i = 0; i < 2; i++) {
            Cli.Result ask = Cli.run("ask", "--study", "o", "--db", db);
            assertEquals(0, ask.code(), ask.toString());
        }
        Cli.Result tell = Cli.run("tell", "--study", "o", "--trial", "0", "--values", "0.8,0.12", "--db", db);
        assertEquals(0, tell.code(), tell.toString());
        assertTrue(tell.out().contains("trial 0 of study 'o': COMPLETE [0.8, 0.12]"), tell.toString());
        Cli.Result wrong = Cli.run("tell", "--study", "o", "--trial", "1", "--values", "0.8,0.12,3", "--db", db);
        assertEquals(2, wrong.code(), wrong.toString());
        assertTrue(wrong.err().contains("2 objectives"), wrong.toString());
        Cli.Result runs = Cli.run("runs", "--study", "o", "--format", "csv", "--db", db);
        assertTrue(runs.out().startsWith("run,trial,state,value.accuracy,value.latency,"), runs.toString());
        assertTrue(runs.out().contains(",0,COMPLETE,0.8,0.12,"), runs.toString());
        assertTrue(runs.out().contains(",1,RUNNING,,,"), "the refused tell wrote nothing: " + runs);
    }
}
