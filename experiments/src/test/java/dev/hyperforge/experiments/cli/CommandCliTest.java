package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command experiments through {@code hf}: tune, resume, train with {@code --set}, replay (identical only when
 * the program is), {@code hf worker} refusing a command from the database unless {@code --allow-commands},
 * and a bad command section as a usage error naming the field.
 */
class CommandCliTest {
    private static final String SCRIPT = """
            awk -v x="$HF_PARAM_X" -v noise="$NOISE" 'BEGIN {
              for (i = 0; i < 3; i++) printf "HF_METRIC loss %d %.6f\\n", i, (x - 0.3) ^ 2 + 1 / (i + 1) + noise
            }'
            """;

    @TempDir
    Path dir;

    private String file(String noise) throws IOException {
        return file(noise, "quad.sh");
    }

    private String file(String noise, String script) throws IOException {
        Files.writeString(dir.resolve("quad.sh"), SCRIPT);
        Files.writeString(dir.resolve("quad.yaml"), """
                name: quad
                seed: 3
                command:
                  run: [/bin/sh, %s]
                  timeout: 1m
                  env: {NOISE: "%s"}
                search:
                  space:
                    x: {type: float, low: 0.0, high: 1.0}
                  objective: {metric: loss, direction: min}
                """.formatted(script, noise));
        return dir.resolve("quad.yaml").toString();
    }

    @Test
    void tuneResumesTrainsAndReplaysACommandExperiment() throws IOException {
        String db = Cli.memDb("cmd-tune");
        String f = file("0");
        Cli.Result tune = Cli.run("tune", f, "--trials", "3", "--db", db);
        assertEquals(0, tune.code(), tune.toString());
        assertTrue(tune.out().contains("0 of 3 trials finished"), tune.toString());
        Cli.Result resume = Cli.run("tune", f, "--trials", "5", "--db", db);
        assertEquals(0, resume.code(), resume.toString());
        assertTrue(resume.out().contains("3 of 5 trials finished"), resume.toString());
        Cli.Result runs = Cli.run("runs", "--study", "quad-random", "--format", "csv", "--db", db);
        assertEquals(6, runs.out().strip().split("\n").length, "a header and 5 runs, none re-run: " + runs);
        Cli.Result train = Cli.run("train", f, "--set", "x=0.3", "--db", db);
        assertEquals(0, train.code(), train.toString());
        assertTrue(train.out().contains("score = 0.333333"), train.toString());
        long runId = Long.parseLong(find(train.out(), "run id: (\\d+)"));
        Cli.Result replay = Cli.run("replay", Long.toString(runId), "--db", db);
        assertEquals(0, replay.code(), replay.toString());
        assertTrue(replay.out().contains("identical: the score and 3 metric values match exactly"), replay.toString());
        Files.writeString(dir.resolve("quad.sh"), SCRIPT.replace("+ noise", "+ noise + 0.5")); // the program changed
        Cli.Result changed = Cli.run("replay", Long.toString(runId), "--db", db);
        assertEquals(1, changed.code(), changed.toString());
        assertTrue(changed.out().contains("not identical: 3 of 3 metric values differ"), changed.toString());
        assertTrue(changed.out().contains("warning: the script " + dir.resolve("quad.sh").toAbsolutePath() + " changed since the run"), changed.toString());
        assertTrue(changed.out().contains("0.3333330000") && changed.out().contains("0.8333330000"), "side by side: " + changed);
    }

    @Test
    void aWorkerRunsACommandFromTheDatabaseOnlyWhenAllowed() throws IOException {
        String db = Cli.memDb("cmd-worker");
        String script = dir.resolve("quad.sh").toString();
        Cli.Result setup = Cli.run("tune", file("0", script), "--study", "q", "--trials", "2", "--setup-only", "--db", db);
        assertEquals(0, setup.code(), setup.toString());
        Cli.Result refused = Cli.run("worker", "--study", "q", "--db", db);
        assertEquals(2, refused.code(), refused.toString());
        assertTrue(refused.err().contains("runs a command read from the database: [/bin/sh, " + script + "]")
                && refused.err().contains("--allow-commands"), refused.toString());
        assertFalse(refused.err().contains("\tat "), refused.toString());
        Cli.Result allowed = Cli.run("worker", "--study", "q", "--allow-commands", "--db", db);
        assertEquals(0, allowed.code(), allowed.toString());
        assertTrue(allowed.out().contains("worker done: the study has its 2 trials; 2 trial(s) run here"), allowed.toString());
    }

    @Test
    void aBadCommandSectionIsAUsageErrorNamingTheField() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "name: bad\ncommand:\n  run: [python3, \"${lr}\"]\n");
        Cli.Result r = Cli.run("tune", bad.toString(), "--db", Cli.memDb("cmd-bad"));
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("hf: " + bad + ":3 command.run[1]: unknown parameter reference ${lr}"), r.toString());
    }

    @Test
    void aFailingProgramFailsTheTrainRun() throws IOException {
        Files.writeString(dir.resolve("crash.yaml"), "name: crash\ncommand: {run: [/bin/sh, -c, 'echo oops >&2; exit 4']}\n");
        String db = Cli.memDb("cmd-crash");
        Cli.Result r = Cli.run("train", dir.resolve("crash.yaml").toString(), "--db", db);
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().startsWith("hf: the program exited with code 4") && r.err().contains("oops"), r.toString());
        Cli.Result runs = Cli.run("runs", "--study", "crash-train", "--format", "csv", "--db", db);
        assertTrue(runs.out().contains("FAILED"), runs.toString());
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in " + text);
        return m.group(1);
    }
}
