package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

/**
 * The listing commands ({@code runs}, {@code studies}, {@code show}) in each output format, {@code --db}
 * before the command name, {@code --quiet}, {@code --help} on every command, and where checkpoint files go.
 */
class CommandsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every command path below {@code hf}, e.g. [tune], [db, start]; picocli's own {@code help} excepted. */
    private static List<List<String>> commandPaths(CommandLine cl, List<String> prefix) {
        List<List<String>> out = new ArrayList<>();
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> path = new ArrayList<>(prefix);
                path.add(name);
                out.add(path);
                out.addAll(commandPaths(sub, path));
            }
        });
        return out;
    }

    @Test
    void everyCommandHasHelp() {
        List<List<String>> paths = commandPaths(new CommandLine(new Main()), List.of());
        assertTrue(paths.size() >= 9, paths.toString());
        Cli.Result top = Cli.run("--help");
        assertEquals(0, top.code(), top.toString());
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Cli.Result r = Cli.run(args.toArray(new String[0]));
            assertEquals(0, r.code(), args + ": " + r);
            assertTrue(r.out().startsWith("Usage: hf " + String.join(" ", path)), args + ": " + r);
            if (path.size() == 1) {
                assertTrue(top.out().contains("  " + path.get(0) + " "), "hf --help lists " + path + ": " + top);
            }
        }
        assertEquals(Cli.run("tune", "--help").out(), Cli.run("help", "tune").out());
    }

    @Test
    void listingsInEveryFormatAndDbBeforeTheCommand() throws Exception {
        String db = Cli.memDb("listings");
        Cli.Result tune = Cli.run("--db", db, "tune", Cli.shipped("sequential-vs-functional"), "--trials", "2", "--epochs", "2",
                "--limit-samples", "32", "--study", "listed", "--quiet");
        assertEquals(0, tune.code(), tune.toString());
        assertTrue(tune.out().strip().startsWith("Leaderboard of study 'listed'"), "--quiet prints only the leaderboard: " + tune);
        assertFalse(tune.out().contains("trial 1/2"), tune.toString());

        JsonNode studies = JSON.readTree(Cli.run("studies", "--db", db, "--format", "json").out());
        assertEquals(1, studies.size(), studies.toString());
        assertEquals("listed", studies.get(0).get("name").asText());
        assertEquals(Cli.run("--db", db, "studies", "--format", "csv").out(), Cli.run("studies", "--format", "csv", "--db", db).out(),
                "--db before or after the command name selects the same database");
        List<String> csv = Cli.run("runs", "--study", "listed", "--format", "csv", "--db", db).out().lines().toList();
        assertEquals(3, csv.size(), "header and two runs: " + csv);
        JsonNode runs = JSON.readTree(Cli.run("runs", "--study", "listed", "--format", "json", "--db", db).out());
        assertEquals(2, runs.size());
        assertTrue(runs.get(0).get("params").has("lr"), runs.toString());
        String table = Cli.run("runs", "--study", "listed", "--db", db).out();
        assertTrue(table.lines().count() >= 4 && table.contains("COMPLETE"), table);
        assertEquals(2, Cli.run("runs", "--study", "listed", "--format", "xml", "--db", db).code());

        Cli.Result show = Cli.run("--db", db, "show", "1");
        assertEquals(0, show.code(), show.toString());
        for (String part : List.of("parameters:", "metrics per epoch:", "provenance:", "experiment sha256", "data sha256", "artifacts:")) {
            assertTrue(show.out().contains(part), part + " in " + show);
        }
        assertEquals(2, show.out().lines().filter(l -> l.matches("\\s+[01]\\s+.*")).count(), "two epochs listed: " + show);
    }

    @Test
    void relativeCheckpointPathsGoToTheRunsOwnDirectory() throws Exception {
        long start = System.currentTimeMillis() - 2000;
        String db = Cli.memDb("checkpoint");
        Cli.Result train = Cli.run("train", Cli.shipped("callbacks-and-bn"), "--epochs", "1", "--limit-samples", "48", "--quiet", "--db", db);
        assertEquals(0, train.code(), train.toString());
        Matcher m = Pattern.compile("run id: (\\d+)").matcher(train.out());
        assertTrue(m.find(), train.toString());
        Path runs = Path.of(System.getProperty("hf.runs", ".")).resolve("runs");
        Path file = runs.resolve("callbacks-and-bn-train").resolve("run-" + m.group(1)).resolve("best-model.zip");
        assertTrue(Files.isRegularFile(file), "ModelCheckpoint's best-model.zip in " + file);
        assertTrue(Files.getLastModifiedTime(file).toMillis() >= start, "written by this run: " + file);
        assertFalse(Files.exists(Path.of("best-model.zip")), "nothing written to the current directory");
    }
}
