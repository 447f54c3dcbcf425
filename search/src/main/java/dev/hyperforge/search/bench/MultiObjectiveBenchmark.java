package dev.hyperforge.search.bench;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.Trial;
import dev.hyperforge.search.pareto.Hypervolume;
import dev.hyperforge.search.sampler.Sampler;
import dev.hyperforge.search.storage.InMemoryStudyStorage;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Hypervolume-regret benchmark of the samplers on {@link MultiObjectiveFunctions}, printing the columns of
 * {@code shared/bench/optuna_mo_peer.py}: for each function and sampler, the median over seeds of the hypervolume
 * regret (true front's hypervolume minus that of the trials so far, against the function's reference point) after
 * 25, 50 and 100 (up to {@code trials}) evaluations, and the median time the study spent per trial (objective
 * excluded). One worker, in-memory storage, seeds {@code 0..seeds-1}.
 *
 * <pre>{@code
 * MultiObjectiveBenchmark.run(List.of("zdt1"), List.of("random", "nsga2", "bayes"), 100, 10, System.out);
 * }</pre>
 */
public final class MultiObjectiveBenchmark {

    private MultiObjectiveBenchmark() {
    }

    /**
     * @param functions names among {@link MultiObjectiveFunctions#ALL}
     * @param samplers sampler names (as for {@link SearchBenchmark})
     * @param trials evaluations per run, at least 1
     * @param seeds runs per function and sampler, at least 1
     * @param out where the table goes
     */
    public static void run(List<String> functions, List<String> samplers, int trials, int seeds, PrintStream out) {
        for (String f : functions) {
            if (!MultiObjectiveFunctions.ALL.containsKey(f)) {
                throw new IllegalArgumentException("unknown multi-objective function '" + f + "'; use "
                        + MultiObjectiveFunctions.ALL.keySet());
            }
        }
        samplers.forEach(SearchBenchmark::sampler);
        TreeSet<Integer> budgets = new TreeSet<>();
        for (int b : new int[] {25, 50, 100, trials}) {
            if (b <= trials) {
                budgets.add(b);
            }
        }
        StringBuilder header = new StringBuilder("function\tsampler");
        budgets.forEach(b -> header.append("\thv_regret@").append(b));
        out.println(header.append("\tms_per_trial"));
        List<String> cpu = new ArrayList<>();
        for (String f : functions) {
            MultiObjectiveFunctions.Function fn = MultiObjectiveFunctions.ALL.get(f);
            for (String s : samplers) {
                double[][] regrets = new double[budgets.size()][seeds];
                double[] overheads = new double[seeds];
                double[] cpuMillis = new double[seeds];
                for (int seed = 0; seed < seeds; seed++) {
                    Result r = runOne(fn, SearchBenchmark.sampler(s), trials, seed);
                    overheads[seed] = r.secondsPerTrial();
                    cpuMillis[seed] = r.cpuMillisPerTrial();
                    int i = 0;
                    for (int b : budgets) {
                        regrets[i++][seed] = fn.trueHypervolume() - Hypervolume.of(
                                Arrays.copyOf(r.values(), b), fn.reference());
                    }
                }
                StringBuilder line = new StringBuilder(f).append('\t').append(s);
                for (double[] r : regrets) {
                    line.append('\t').append(SearchBenchmark.formatG(SearchBenchmark.median(r)));
                }
                out.println(line.append('\t').append(String.format(Locale.ROOT, "%.2f",
                        1000 * SearchBenchmark.median(overheads))));
                out.flush();
                cpu.add(String.format(Locale.ROOT, "%s/%s %.2f", f, s, SearchBenchmark.median(cpuMillis)));
            }
        }
        out.println("thread CPU ms per trial (median; the study's thread, objective included): " + String.join(", ", cpu));
        out.println("true-front hypervolume: " + String.join(", ", functions.stream().map(n -> String.format(
                Locale.ROOT, "%s %.5f", n, MultiObjectiveFunctions.ALL.get(n).trueHypervolume())).toList()));
    }

    /**
     * One study's values in trial order and the study's own time per trial.
     *
     * @param values objective values of each trial, in order
     * @param secondsPerTrial mean time per trial spent outside the objective
     * @param cpuMillisPerTrial mean CPU time of the study's thread per trial (not slowed by other processes)
     */
    public record Result(double[][] values, double secondsPerTrial, double cpuMillisPerTrial) {
    }

    /**
     * @param fn the function
     * @param sampler the sampler
     * @param trials evaluations
     * @param seed study seed
     * @return the values and the overhead
     */
    public static Result runOne(MultiObjectiveFunctions.Function fn, Sampler sampler, int trials, long seed) {
        Direction[] directions = new Direction[fn.objectives()];
        Arrays.fill(directions, Direction.MINIMIZE);
        double[][] values = new double[trials][];
        long objectiveNanos = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        Study study = Study.builder("bench-mo", fn.space()).directions(directions).sampler(sampler).seed(seed)
                .storage(new InMemoryStudyStorage()).build();
        for (int i = 0; i < trials; i++) {
            Trial trial = study.ask();
            long t0 = System.nanoTime();
            values[i] = fn.evaluate(trial.params());
            objectiveNanos += System.nanoTime() - t0;
            List<Double> told = new ArrayList<>();
            for (double v : values[i]) {
                told.add(v);
            }
            FrozenTrial done = study.tell(trial, told);
            if (done.values().size() != fn.objectives()) {
                throw new IllegalStateException("trial " + i + " was not completed: " + done.error());
            }
        }
        double wall = (System.nanoTime() - start - objectiveNanos) / 1e9 / trials;
        return new Result(values, wall, (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / trials);
    }
}
