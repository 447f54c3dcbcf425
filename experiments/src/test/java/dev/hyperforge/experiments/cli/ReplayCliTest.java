package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Replays through the command line: a run retrains bit-identically; a study's suggestions repeat. */
class ReplayCliTest {
    @Test
    void aTrainedRunReplaysBitIdenticallyMetricsAndWeights() {
        String db = Cli.memDb("replay");
        Cli.Result train = Cli.run("train", Cli.shipped("branched-two-outputs"), "--epochs", "3", "--limit-samples", "96", "--quiet", "--db", db);
        assertEquals(0, train.code(), train.toString());
        Matcher m = Pattern.compile("run id: (\\d+)").matcher(train.out());
        assertTrue(m.find(), train.toString());
        Cli.Result replay = Cli.run("replay", m.group(1), "--db", db);
        assertEquals(0, replay.code(), replay.toString());
        assertTrue(replay.out().contains("identical: "), replay.toString());
        assertTrue(replay.out().contains("bit-identical to the recorded checkpoint"), replay.toString());
        Cli.Result show = Cli.run("show", m.group(1), "--db", db);
        assertEquals(0, show.code(), show.toString());
        assertTrue(show.out().contains("data sha256"), show.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"random", "lhs", "genetic", "bayes", "tpe"})
    void aStudyOfSixTrialsReplaysToTheSameSuggestions(String sampler) {
        String db = Cli.memDb("study-" + sampler);
        Cli.Result tune = Cli.run("tune", Cli.shipped("sequential-vs-functional"), "--sampler", sampler, "--trials", "6", "--epochs", "1",
                "--limit-samples", "32", "--study", "s", "--quiet", "--db", db);
        assertEquals(0, tune.code(), tune.toString());
        Cli.Result replay = Cli.run("replay", "--study", "s", "--db", db);
        assertEquals(0, replay.code(), replay.toString());
        assertTrue(replay.out().contains("identical: 6 suggestions replayed exactly"), replay.toString());
    }
}
