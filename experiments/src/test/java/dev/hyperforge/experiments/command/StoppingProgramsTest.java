package dev.hyperforge.experiments.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.run.Limits;
import dev.hyperforge.experiments.run.StudyRunner;
import dev.hyperforge.experiments.worker.SharedStudy;
import dev.hyperforge.search.StopSignal;
import dev.hyperforge.experiments.worker.StudySettings;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.TrialLoop;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.memory.InMemoryRunStore;

/**
 * Programs that must be stopped from outside: the pruner stops one mid-run, a worker asked to stop (what
 * Ctrl-C/SIGTERM does) ends a program that forked children with its whole process tree, and two workers run
 * two programs at once.
 */
class StoppingProgramsTest {
    @TempDir
    Path dir;

    private Experiment experiment(String script, String pruner) throws IOException {
        CommandStudyTest t = new CommandStudyTest();
        t.dir = dir;
        return t.experiment(script, "2m", pruner);
    }

    @Test
    void thePrunerStopsARunningProgram() throws IOException {
        Experiment e = experiment("""
                if [ "$HF_TRIAL_NUMBER" = 0 ]; then
                  for s in 0 1 2; do echo "HF_REPORT $s 1.0"; done; echo "HF_METRIC loss 2 1.0"; exit 0
                fi
                sleep 300 &
                echo "child $!" > "$HF_TEST_DIR/child-$HF_TRIAL_NUMBER"
                echo "HF_REPORT 0 10.0"
                wait
                echo "HF_METRIC loss 1 10.0"
                """, "{name: median, args: {n_startup_trials: 1}}");
        StudyRunner.Result r = CommandStudyTest.tune(new InMemoryRunStore(), e, 2, 1, "pruned");
        FrozenTrial t1 = CommandStudyTest.byNumber(r.trials()).get(1);
        assertEquals(TrialState.PRUNED, t1.state(), String.valueOf(t1.error()));
        assertEquals(Map.of(0, 10.0), t1.intermediateValues());
        assertNoSurvivor(dir.resolve("child-1"));
    }

    @Test
    void aStoppedWorkerEndsTheProgramWithItsChildrenAndFailsTheTrialWithTheReason() throws Exception {
        Experiment e = experiment("""
                sleep 300 &
                echo "child $!" > "$HF_TEST_DIR/child-a"
                /bin/sh -c 'sleep 300 & echo "child $!" > "$HF_TEST_DIR/child-b"; wait' &
                echo "child $!" > "$HF_TEST_DIR/child-c"
                echo "children started"
                wait
                """, null);
        RunStore store = new InMemoryRunStore();
        StudySettings settings = new StudySettings(1, Duration.ofSeconds(1), false, store.saveExperiment(e.text()).id(), Limits.NONE);
        SharedStudy shared = SharedStudy.create(store, e, "interrupted", "random", 1, settings);
        StopSignal stop = new StopSignal();
        TrialLoop w = TrialLoop.builder(shared.study(), new ProgramObjective(store, shared.study(), e, stop))
                .budget(settings.budget()).threads(1).timeout(Duration.ofMinutes(2)).stopSignal(stop).build();
        Thread stopper = new Thread(() -> {
            while (!List.of("child-a", "child-b", "child-c").stream().allMatch(c -> Files.exists(dir.resolve(c)))) {
                sleep(20);
            }
            stop.request("stopped: the worker received SIGTERM or SIGINT (Ctrl-C)");
        });
        stopper.start();
        TrialLoop.Report report = w.run();
        stopper.join();
        assertEquals(TrialLoop.Ending.STOPPED, report.ending(), report.detail());
        FrozenTrial t = shared.study().trials().get(0);
        assertEquals(TrialState.FAILED, t.state());
        assertTrue(t.error().startsWith("stopped: the worker received SIGTERM or SIGINT (Ctrl-C)"), t.error());
        assertTrue(t.error().contains("children started"), t.error());
        for (String c : List.of("child-a", "child-b", "child-c")) {
            assertNoSurvivor(dir.resolve(c));
        }
    }

    @Test
    void twoWorkersRunTwoProgramsAtOnce() throws IOException {
        // each program announces itself and waits (up to 60 s) until it sees the other one running
        Experiment e = experiment("""
                touch "$HF_TEST_DIR/running-$HF_TRIAL_NUMBER"
                date +%s%N > "$HF_RUN_DIR/started"
                i=0
                while [ "$(ls "$HF_TEST_DIR" | grep -c '^running-')" -lt 2 ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done
                date +%s%N > "$HF_RUN_DIR/ended"
                if [ $i -lt 600 ]; then echo "HF_METRIC loss 0 1"; else echo "HF_METRIC loss 0 0"; fi
                """, null);
        RunStore store = new InMemoryRunStore();
        StudyRunner.Result r = CommandStudyTest.tune(store, e, 2, 2, "parallel");
        assertEquals(2, r.trials().size());
        List<long[]> spans = new ArrayList<>();
        for (FrozenTrial t : r.trials()) {
            assertEquals(1.0, t.value(), "trial " + t.number() + " saw the other program running");
            spans.add(new long[] {artifactNumber(store, t.id(), "started"), artifactNumber(store, t.id(), "ended")});
        }
        assertTrue(spans.get(0)[0] < spans.get(1)[1] && spans.get(1)[0] < spans.get(0)[1], "the two programs' run times overlap");
    }

    private static long artifactNumber(RunStore store, long runId, String name) {
        long id = store.artifacts(runId).stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow().id();
        return Long.parseLong(new String(store.artifactContent(id)).trim());
    }

    /** The process whose pid the file holds ({@code child <pid>}) is gone, and no descendant of this JVM is left. */
    private static void assertNoSurvivor(Path pidFile) throws IOException {
        long pid = Long.parseLong(Files.readString(pidFile).trim().substring("child ".length()));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " (" + pidFile.getFileName()
                + ") outlived its program");
        assertTrue(ProcessHandle.current().descendants().noneMatch(h -> h.pid() == pid));
        assertTrue(ProcessHandle.current().descendants().noneMatch(h -> h.info().commandLine().orElse("").contains("sleep 300")),
                "no 'sleep 300' left in this JVM's process tree");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
