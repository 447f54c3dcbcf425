package dev.hyperforge.experiments.asktell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.sampler.GpSampler;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's shell loop, run by bash against the CLI (a JVM per {@code hf} call): a study with only a search section,
 * set up with {@code hf tune --setup-only}, driven for 10 trials by {@code hf ask} / {@code hf log} / {@code hf tell}
 * with the GP sampler, whose state lives in the database between the processes; then the spent budget (exit 1), a
 * second tell of a finished trial (exit 1, naming its state), a bad value (exit 2), and {@code hf replay --study}
 * reproducing every suggestion.
 */
class ShellLoopTest {
    static final String FILE = """
            name: shell-quadratic
            seed: 7
            search:
              space:
                x: {type: float, low: -5.0, high: 5.0}
                y: {type: float, low: -5.0, high: 5.0}
              objective: {metric: loss, direction: min}
              sampler: {name: bayes, trials: 10}
            """;

    static final String LOOP = """
            hf tune study.yaml --study shell-gp --setup-only --db "$DB"
            for i in $(seq 10); do
              t=$(hf ask --study shell-gp --db "$DB")
              echo "asked $t"
              trial=$(echo "$t" | grep -o '"trial":[0-9]*' | cut -d: -f2)
              run=$(echo "$t" | grep -o '"run":[0-9]*' | cut -d: -f2)
              x=$(echo "$t" | grep -o '"x":[^,}]*' | cut -d: -f2)
              y=$(echo "$t" | grep -o '"y":[^,}]*' | cut -d: -f2)
              loss=$(awk -v x="$x" -v y="$y" 'BEGIN { printf "%.10f", (x - 1.5)^2 + (y + 0.5)^2 }')
              hf log --run "$run" --step 0 loss="$loss" --db "$DB"
              hf tell --study shell-gp --trial "$trial" --value "$loss" --db "$DB"
            done
            set +e
            hf ask --study shell-gp --db "$DB"; echo "ask after budget: exit $?"
            hf tell --study shell-gp --trial 0 --value 1 --db "$DB"; echo "tell twice: exit $?"
            hf tell --study shell-gp --trial 1 --value oops --db "$DB"; echo "bad value: exit $?"
            hf replay --study shell-gp --db "$DB"; echo "replay: exit $?"
            """;

    @TempDir
    Path dir;

    @Test
    void tenTrialGpStudyDrivenByABashLoopReplaysExactly() throws Exception {
        Files.writeString(dir.resolve("study.yaml"), FILE);
        String db = "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        HfScript.Result r = HfScript.run(dir, LOOP, "DB", db);
        System.out.println(r.out());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("ask after budget: exit 1"), r.out());
        assertTrue(r.out().contains("no trial left in its budget of 10 (10 COMPLETE)"), r.out());
        assertTrue(r.out().contains("tell twice: exit 1"), r.out());
        assertTrue(r.out().contains("trial 0 of study 'shell-gp' is COMPLETE"), r.out());
        assertTrue(r.out().contains("bad value: exit 2"), r.out());
        assertTrue(r.out().contains("identical: 10 suggestions replayed exactly"), r.out());
        assertTrue(r.out().contains("replay: exit 0"), r.out());
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d)) {
            StudyRecord s = store.findStudyRecord("shell-gp").orElseThrow();
            assertEquals("gp", s.samplerName());
            List<Run> runs = store.listRuns(s.id(), EnumSet.allOf(TrialState.class));
            assertEquals(10, runs.size());
            for (Run run : runs) {
                assertEquals(TrialState.COMPLETE, run.state(), run.toString());
                double x = ((Number) run.param("x")).doubleValue();
                double y = ((Number) run.param("y")).doubleValue();
                assertEquals(Math.pow(x - 1.5, 2) + Math.pow(y + 0.5, 2), run.value(), 1e-9, "the told value is the script's");
                assertEquals(1, store.metricHistory(run.id(), "loss").size(), "hf log recorded the curve point");
            }
            long gpSuggested = runs.stream().filter(run -> run.systemAttrsJson().contains(GpSampler.THETA)).count();
            assertTrue(gpSuggested >= 4, "the GP (not only its Latin-hypercube start) suggested trials across processes: " + gpSuggested);
        }
    }
}
