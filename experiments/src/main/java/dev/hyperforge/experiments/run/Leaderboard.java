package dev.hyperforge.experiments.run;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.hyperforge.experiments.file.Objective;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyFront;

/**
 * Prints a study's leaderboard: the best trials with their run id (what {@code hf show}, {@code hf replay} and
 * {@code hf ensemble} take), trial number, score and parameters; for a multi-objective study, its Pareto front (a
 * column per objective, sorted by the first) and hypervolume.
 *
 * <pre>{@code
 * Leaderboard.print(study, study.trials(), experiment.search().orElseThrow().objectives(), out);
 * }</pre>
 */
public final class Leaderboard {
    private Leaderboard() {
    }

    /**
     * Prints the leaderboard, or the Pareto front of a multi-objective study.
     *
     * @param study the study
     * @param trials its trials
     * @param objectives the file's objectives (one per direction of the study)
     * @param out where to print
     */
    public static void print(Study study, List<FrozenTrial> trials, List<Objective> objectives, PrintWriter out) {
        if (study.isMultiObjective()) {
            printFront(study, trials, objectives, out);
        } else {
            print(study, trials, objectives.get(0), out);
        }
    }

    /**
     * Prints the Pareto front: the feasible non-dominated trials, sorted by the first objective, best first.
     *
     * @param study the study
     * @param trials its trials
     * @param objectives the objectives, one per direction
     * @param out where to print
     */
    public static void printFront(Study study, List<FrozenTrial> trials, List<Objective> objectives, PrintWriter out) {
        Map<TrialState, Long> counts = trials.stream().collect(Collectors.groupingBy(FrozenTrial::state, Collectors.counting()));
        StudyFront front = StudyFront.of(study.directions(), trials);
        out.printf(Locale.ROOT, "%nPareto front of study '%s': %d of %d complete trials, hypervolume %.6g (reference %s; %s)%n",
                study.name(), front.members().size(), front.complete(), front.hypervolume(), front.reference(), counts);
        StringBuilder head = new StringBuilder(String.format("%-6s %-6s", "trial", "run"));
        for (Objective o : objectives) {
            head.append(' ').append(String.format("%-" + width(o) + "s", o.metric() + (o.maximised() ? " (max)" : " (min)")));
        }
        out.println(head.append(" parameters"));
        for (FrozenTrial t : front.members()) {
            StringBuilder row = new StringBuilder(String.format("%-6d %-6d", t.number(), t.id()));
            for (int k = 0; k < objectives.size(); k++) {
                row.append(' ').append(String.format(Locale.ROOT, "%-" + width(objectives.get(k)) + ".6g", t.values().get(k)));
            }
            out.println(row.append(' ').append(format(t.params())));
        }
        if (front.members().isEmpty()) {
            out.println("(no completed feasible trial)");
        }
        out.flush();
    }

    private static int width(Objective o) {
        return Math.max(12, o.metric().length() + 6);
    }

    /** Prints the top 10 trials and the counts by state. */
    public static void print(Study study, List<FrozenTrial> trials, Objective objective, PrintWriter out) {
        Map<TrialState, Long> counts = trials.stream().collect(Collectors.groupingBy(FrozenTrial::state, Collectors.counting()));
        out.printf("%nLeaderboard of study '%s' (%s, %s; %s)%n", study.name(), objective.metric(),
                objective.direction().name().toLowerCase(Locale.ROOT), counts);
        List<FrozenTrial> best = StudyRunner.ranked(trials, study.direction());
        List<FrozenTrial> top = best.subList(0, Math.min(10, best.size()));
        int runWidth = Math.max(3, top.stream().mapToInt(t -> Long.toString(t.id()).length()).max().orElse(0));
        int valueWidth = Math.max(12, objective.metric().length());
        String row = "%-4s  %-" + runWidth + "s  %-5s  %-" + valueWidth + "s  %s%n";
        out.printf(row, "rank", "run", "trial", objective.metric(), "parameters");
        for (int i = 0; i < top.size(); i++) {
            FrozenTrial t = top.get(i);
            out.printf(row, i + 1, t.id(), t.number(), String.format(Locale.ROOT, "%.4f", t.value()), format(t.params()));
        }
        if (best.isEmpty()) {
            out.println("(no completed trial)");
        }
        out.flush();
    }

    static String format(Map<String, Object> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + value(e.getValue())).collect(Collectors.joining(" "));
    }

    private static String value(Object v) {
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, Math.abs(d) < 1e-3 && d != 0 ? "%.3g" : "%.4f", d);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Leaderboard::value).collect(Collectors.joining(",", "[", "]"));
        }
        return String.valueOf(v);
    }

    /** 75.3 → {@code 1m15s}. */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "-";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60) : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
