package dev.hyperforge.experiments.command;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFile;
import dev.hyperforge.experiments.model.ModelFactory;
import dev.hyperforge.experiments.run.Replay;
import dev.hyperforge.tracker.TrialValues;
import dev.hyperforge.search.TrialAbortedException;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.memory.InMemoryRunStore;

/**
 * {@code hf replay RUN_ID} of a command run: runs the program again with the recorded parameters, in the
 * recorded working directory when it still exists, records the replay in memory only (the database is not
 * written), and prints the recorded and replayed metrics and scores side by side. An external program need not
 * be deterministic, so the verdict is {@code identical} only when every value matches exactly.
 *
 * <pre>{@code
 * Replay.RunReplay r = ProgramReplay.run(store, store.run(17), experiment, new PrintWriter(System.out, true));
 * }</pre>
 */
public final class ProgramReplay {
    private ProgramReplay() {
    }

    /**
     * @param store the database holding the run
     * @param run a COMPLETE run of a command experiment
     * @param e its experiment (as stored)
     * @param out where the comparison goes
     * @return the comparison
     */
    public static Replay.RunReplay run(RunStore store, Run run, Experiment e, PrintWriter out) {
        Map<String, Object> recorded = recorded(run);
        Experiment here = inRecordedDirectory(e, recorded, out);
        Object sha = recorded.get("script_sha256");
        here.command().orElseThrow().script(here.source().baseDir()).ifPresent(s -> {
            String now = CommandRecord.sha256(s);
            if (sha != null && !sha.equals(now)) {
                out.printf("warning: the script %s changed since the run (sha256 %s then, %s now); results may differ%n", s, sha, now);
            }
        });
        Map<String, Object> params = ModelFactory.params(here, TrialValues.values(run.params()));
        InMemoryRunStore mem = new InMemoryRunStore();
        StudyRecord study = mem.createOrGetStudy(new StudySpec("replay-of-run-" + run.id(), dev.hyperforge.search.Direction.MINIMIZE,
                "manual", "{}", 0), null);
        long id = mem.startRun(study.id(), CommandRuns.provenance(here, null, Map.of("replay_of", run.id()), Map.of("replay", 0L))).id();
        out.println("replaying run " + run.id() + ": " + recorded.getOrDefault("argv", here.command().get().run()));
        out.flush();
        Double score;
        try {
            score = new ProgramRun(here, mem, id, study.name(), run.number()).run(params, (s, v) -> false, () -> null).score();
        } catch (TrialAbortedException ex) {
            out.println("the replay failed: " + ex.getMessage());
            score = null;
        }
        return compare(store, run, mem, id, score, out);
    }

    private static Replay.RunReplay compare(RunStore store, Run run, RunStore mem, long id, Double score, PrintWriter out) {
        int compared = 0;
        int differing = 0;
        double maxDiff = 0;
        out.printf("%-24s %6s %18s %18s%n", "metric", "step", "recorded", "replayed");
        TreeSet<String> names = new TreeSet<>(run.lastMetrics().keySet());
        names.addAll(mem.run(id).lastMetrics().keySet());
        for (String name : names) {
            Map<Long, Double> then = series(store.metricHistory(run.id(), name));
            Map<Long, Double> now = series(mem.metricHistory(id, name));
            TreeSet<Long> steps = new TreeSet<>(then.keySet());
            steps.addAll(now.keySet());
            for (long step : steps) {
                Double a = then.get(step);
                Double b = now.get(step);
                boolean same = a != null && b != null && a.doubleValue() == b.doubleValue();
                compared++;
                differing += same ? 0 : 1;
                maxDiff = same ? maxDiff : a == null || b == null ? Double.POSITIVE_INFINITY : Math.max(maxDiff, Math.abs(a - b));
                out.printf(Locale.ROOT, "%-24s %6d %18s %18s  %s%n", name, step, text(a), text(b), same ? "" : "DIFFERS");
            }
        }
        boolean scoreSame = score != null && Objects.equals(run.value(), score);
        out.printf(Locale.ROOT, "%-24s %6s %18s %18s  %s%n", "score", "", text(run.value()), text(score), scoreSame ? "" : "DIFFERS");
        boolean identical = differing == 0 && scoreSame;
        out.println(identical ? "identical: the score and " + compared + " metric values match exactly"
                : String.format(Locale.ROOT, "not identical: %d of %d metric values differ (max abs diff %.3g)%s; an external program "
                + "may not be deterministic", differing, compared, maxDiff, scoreSame ? "" : ", the score differs"));
        return new Replay.RunReplay(identical, compared, differing, maxDiff);
    }

    private static Map<Long, Double> series(List<MetricPoint> points) {
        Map<Long, Double> m = new LinkedHashMap<>();
        points.forEach(p -> m.put(p.step(), p.value()));
        return m;
    }

    private static String text(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.10g", v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> recorded(Run run) {
        Object r = Json.object(run.systemAttrsJson()).get(ProgramRun.ATTRIBUTE);
        return r instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The experiment with relative paths resolved against the recorded working directory, when it still exists. */
    private static Experiment inRecordedDirectory(Experiment e, Map<String, Object> recorded, PrintWriter out) {
        Object dir = recorded.get("working_dir");
        if (dir == null) {
            return e;
        }
        Path d = Path.of(dir.toString());
        if (!Files.isDirectory(d)) {
            out.printf("warning: the run's working directory %s does not exist here; running in %s%n", d, Path.of("").toAbsolutePath());
            return e;
        }
        return ExperimentFile.parse(e.text(), d.resolve(e.name() + ".yaml").toString());
    }
}
