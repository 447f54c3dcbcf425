package dev.hyperforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.SearchSpace;
import dev.hyperforge.search.space.SimplexDistribution;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandObjectiveTest {

    private static final SearchSpace SPACE = SearchSpace.builder()
            .add("learning_rate", FloatDistribution.linear(0.5, 0.5))
            .add("w", new SimplexDistribution(2, 1.0))
            .build();

    private static FrozenTrial runOne(String script) {
        Study study = Study.builder("cmd", SPACE).seed(1).build();
        Objective objective = new CommandObjective(List.of("sh", "-c", script), null, Duration.ofSeconds(30));
        return study.optimize(objective, 1, 1).get(0);
    }

    @Test
    void scoreIsTheLastLineAndParametersArriveAsEnvAndJson() {
        FrozenTrial t = runOne("read json; echo \"got $json\"; echo \"weights $HF_PARAM_W\"; "
                + "echo \"$HF_PARAM_LEARNING_RATE\"");
        assertEquals(TrialState.COMPLETE, t.state());
        assertEquals(0.5, t.value());
        String output = (String) t.userAttrs().get("output");
        assertTrue(output.contains("got {\"learning_rate\":0.5,\"w\":["), output);
        assertTrue(output.contains("weights 0."), output);
    }

    @Test
    void nonZeroExitOrNoNumberFailsTheTrialAndKeepsTheOutput() {
        FrozenTrial crashed = runOne("echo 'loading data'; echo 'out of memory' >&2; exit 3");
        assertEquals(TrialState.FAILED, crashed.state());
        assertTrue(crashed.error().contains("exited with 3") && crashed.error().contains("out of memory"),
                crashed.error());
        FrozenTrial noNumber = runOne("echo 'done'");
        assertEquals(TrialState.FAILED, noNumber.state());
        assertTrue(noNumber.error().contains("'done'"), noNumber.error());
    }

    @Test
    void reportLinesBecomeIntermediateValues() {
        FrozenTrial t = runOne("echo 'HF_REPORT 0 3.5'; echo 'HF_REPORT 1 2.5'; echo 2.0");
        assertEquals(Map.of(0, 3.5, 1, 2.5), t.intermediateValues());
        assertEquals(2.0, t.value());
        assertEquals("HF_PARAM_A_B_C", CommandObjective.environmentName("a.b-c"));
    }
}
