package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFile;

/** The sobol and grid samplers and {@code hf tune --warm-start} through the command line. */
class SearchRoundTwoCliTest {

    private static Cli.Result tune(String db, String... extra) {
        String[] base = {"tune", Cli.shipped("sequential-vs-functional"), "--epochs", "1", "--limit-samples", "32", "--quiet", "--db", db};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return Cli.run(args);
    }

    @Test
    void aWarmStartedStudyPrintsItsPriorsAndReplaysExactly() {
        String db = Cli.memDb("warm");
        Cli.Result first = tune(db, "--sampler", "bayes", "--trials", "6", "--study", "a");
        assertEquals(0, first.code(), first.toString());
        Cli.Result second = Cli.run("tune", Cli.shipped("sequential-vs-functional"), "--epochs", "1", "--limit-samples", "32",
                "--db", db, "--sampler", "bayes", "--trials", "3", "--study", "b", "--warm-start", "a");
        assertEquals(0, second.code(), second.toString());
        assertTrue(second.out().contains("warm start: 6 of the 6 trials of study 'a' fit the space"), second.toString());
        Cli.Result replay = Cli.run("replay", "--study", "b", "--db", db);
        assertEquals(0, replay.code(), replay.toString());
        assertTrue(replay.out().contains("identical: 3 suggestions replayed exactly"), replay.toString());
        Cli.Result unknown = tune(db, "--sampler", "bayes", "--trials", "2", "--study", "c", "--warm-start", "nope");
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("--warm-start: no study named 'nope'"), unknown.toString());
    }

    @Test
    void sobolRunsAndReplaysAndGridRefusesAContinuousParameterByName() throws Exception {
        String db = Cli.memDb("sobol");
        Cli.Result sobol = tune(db, "--sampler", "sobol", "--trials", "3", "--study", "s");
        assertEquals(0, sobol.code(), sobol.toString());
        Cli.Result replay = Cli.run("replay", "--study", "s", "--db", db);
        assertTrue(replay.out().contains("identical: 3 suggestions replayed exactly"), replay.toString());
        Cli.Result grid = tune(db, "--sampler", "grid", "--trials", "3", "--study", "g");
        assertEquals(2, grid.code(), grid.toString());
        assertTrue(grid.err().contains("sequential-vs-functional.yaml: sampler grid: the grid sampler needs every parameter")
                && grid.err().contains("parameter 'lr' is a continuous float in [0.001, 0.1] (log scale)"), grid.toString());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(db);
             java.sql.ResultSet r = c.createStatement().executeQuery("SELECT study_name FROM study ORDER BY id")) {
            java.util.List<String> names = new java.util.ArrayList<>();
            while (r.next()) {
                names.add(r.getString(1));
            }
            assertEquals(java.util.List.of("s"), names, "nothing written for the refused study 'g'");
        }
    }

    @Test
    void experimentFilesAcceptTheSobolAndGridSamplers() throws Exception {
        String text = Files.readString(Path.of(Cli.shipped("sequential-vs-functional")));
        for (String name : new String[] {"sobol", "grid"}) {
            Experiment e = ExperimentFile.parse(text.replace("sampler: {name: random", "sampler: {name: " + name), "test");
            assertEquals(name, e.search().orElseThrow().sampler().name());
        }
    }
}
