package dev.hyperforge.search.bench;

import dev.hyperforge.search.CommandObjective;
import dev.hyperforge.search.Objective;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.Trial;
import dev.hyperforge.search.sampler.GpSampler;
import dev.hyperforge.search.sampler.Sampler;
import dev.hyperforge.search.sampler.Samplers;
import dev.hyperforge.search.sampler.TpeSampler;
import dev.hyperforge.search.space.SearchSpace;
import dev.hyperforge.search.storage.InMemoryStudyStorage;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Simple-regret benchmark of the samplers on test functions with known minima, printing the same columns as
 * {@code shared/bench/optuna_peer.py}: for each function and sampler, the median over seeds of the simple
 * regret after 10, 25, 50, 100, 200 (up to {@code trials}) evaluations, and the median time the study spent per trial
 * (ask + tell + sampling, objective excluded). One worker, in-memory storage, seeds {@code 0..seeds-1}.
 *
 * <pre>{@code
 * SearchBenchmark.run(List.of("branin"), List.of("random", "bayes"), 50, 20, System.out);
 * // java -cp search.jar:... dev.hyperforge.search.bench.SearchBenchmark --functions branin --samplers bayes
 * }</pre>
 */
public final class SearchBenchmark {

    private SearchBenchmark() {
    }

    /**
     * Runs the benchmark and prints a tab-separated table.
     *
     * @param functions names among {@link TestFunctions#ALL}: {@code branin}, {@code hartmann6}, {@code rosenbrock4},
     *     {@code levy10}, {@code mlp6}, {@code cond4}; or only multi-objective ones ({@code zdt1}, {@code zdt2},
     *     {@code dtlz2}), which {@link MultiObjectiveBenchmark} runs (hypervolume regret)
     * @param samplers names among {@code random}, {@code lhs}, {@code sobol}, {@code grid}, {@code genetic},
     *     {@code bayes} (or {@code gp}), {@code tpe} and {@code tpe-optuna31}
     * @param trials evaluations per run, at least 1
     * @param seeds runs per function and sampler (seeds 0..seeds-1), at least 1
     * @param out where the table goes
     */
    public static void run(List<String> functions, List<String> samplers, int trials, int seeds, PrintStream out) {
        run(functions, samplers, trials, seeds, Via.API, out);
    }

    /** How the benchmark's objective is evaluated. */
    public enum Via {
        /** A Java function call. */
        API,
        /** An external program per trial ({@link TestFunctionProgram} in a fresh JVM) through {@link CommandObjective}. */
        COMMAND
    }

    /**
     * As {@link #run(List, List, int, int, PrintStream)}, evaluating the functions {@code via} the Java API or a command.
     *
     * @param functions function names
     * @param samplers sampler names
     * @param trials evaluations per run
     * @param seeds runs per function and sampler
     * @param via how the objective is evaluated
     * @param out where the table goes
     */
    public static void run(List<String> functions, List<String> samplers, int trials, int seeds, Via via, PrintStream out) {
        run(functions, samplers, trials, seeds, via, 1, out);
    }

    /**
     * As {@link #run(List, List, int, int, Via, PrintStream)} with {@code workers} trials running at once: the study
     * asks for {@code workers} trials before the first is told, then tells the oldest running trial and asks for a
     * new one (the samplers see the others as pending), so regret at N counts the first N trials told.
     *
     * @param functions function names
     * @param samplers sampler names
     * @param trials evaluations per run
     * @param seeds runs per function and sampler
     * @param via how the objective is evaluated
     * @param workers trials running at once, at least 1
     * @param out where the table goes
     */
    public static void run(List<String> functions, List<String> samplers, int trials, int seeds, Via via, int workers,
                           PrintStream out) {
        if (workers < 1) {
            throw new IllegalArgumentException("benchmark needs workers >= 1, received " + workers);
        }
        if (workers > 1 && functions.stream().anyMatch(MultiObjectiveFunctions.ALL::containsKey)) {
            throw new IllegalArgumentException("--workers applies to single-objective functions, received " + functions);
        }
        if (trials < 1 || seeds < 1) {
            throw new IllegalArgumentException("benchmark needs trials >= 1 and seeds >= 1, received trials="
                    + trials + ", seeds=" + seeds);
        }
        long multi = functions.stream().filter(MultiObjectiveFunctions.ALL::containsKey).count();
        if (multi > 0) {
            if (multi < functions.size() || via != Via.API) {
                throw new IllegalArgumentException("multi-objective functions " + MultiObjectiveFunctions.ALL.keySet()
                        + " run on their own (hypervolume regret) and via api; received " + functions + " via " + via);
            }
            MultiObjectiveBenchmark.run(functions, samplers, trials, seeds, out);
            return;
        }
        for (String f : functions) {
            if (!TestFunctions.ALL.containsKey(f)) {
                throw new IllegalArgumentException("unknown function '" + f + "'; use " + TestFunctions.ALL.keySet());
            }
        }
        for (String s : samplers) {
            sampler(s);
        }
        TreeSet<Integer> budgets = new TreeSet<>();
        for (int b : new int[] {10, 25, 50, 100, 200, trials}) {
            if (b <= trials) {
                budgets.add(b);
            }
        }
        StringBuilder header = new StringBuilder("function\tsampler");
        for (int b : budgets) {
            header.append("\tregret@").append(b);
        }
        out.println(header.append("\tms_per_trial"));
        for (String f : functions) {
            TestFunctions.TestFunction fn = TestFunctions.ALL.get(f);
            for (String s : samplers) {
                List<double[]> curves = new ArrayList<>();
                double[] overheads = new double[seeds];
                for (int seed = 0; seed < seeds; seed++) {
                    double[] result = runOne(fn, sampler(s), trials, seed, via, workers);
                    overheads[seed] = result[trials];
                    curves.add(Arrays.copyOf(result, trials));
                }
                StringBuilder line = new StringBuilder(f).append('\t').append(s);
                for (int b : budgets) {
                    double[] regrets = new double[seeds];
                    for (int k = 0; k < seeds; k++) {
                        regrets[k] = curves.get(k)[b - 1] - fn.optimum();
                    }
                    line.append('\t').append(formatG(median(regrets)));
                }
                line.append('\t').append(String.format(Locale.ROOT, "%.2f", 1000 * median(overheads)));
                out.println(line);
                out.flush();
            }
        }
    }

    /**
     * @param name a sampler name for {@link Samplers#create} with default settings, or {@code tpe-optuna31}: TPE with
     *     Optuna 3.1's unscaled kernel density (the version Debian ships, for a like-for-like row)
     * @return the sampler
     */
    static Sampler sampler(String name) {
        if (name.equals("tpe-optuna31")) {
            return new TpeSampler(new TpeSampler.Settings(10, 24, 1.0, true));
        }
        return Samplers.create(name, "{}");
    }

    /**
     * Times Bayesian-optimisation suggestions once {@code finished} trials are complete, on {@code function}: a study
     * whose first {@code finished} trials come from the GP sampler itself ({@code fromStart}: automatic
     * Latin-hypercube start, then GP, each fit warm-started from the recorded previous one) or from its
     * Latin-hypercube start alone (its {@code startupTrials} set to {@code finished}, so the first timed suggestion
     * includes a cold multi-start hyperparameter fit); then {@code suggestions} GP suggestions, each timed from
     * {@code ask()} to its return.
     *
     * @param function a test function name
     * @param finished completed trials before the timed suggestions, at least 1
     * @param suggestions timed suggestions, at least 1
     * @param fromStart whether the GP suggested the finished trials too
     * @param seed study seed
     * @return milliseconds per suggestion, in order
     */
    public static double[] suggestionMillis(String function, int finished, int suggestions, boolean fromStart, long seed) {
        return suggestionMillis(function, finished, suggestions, fromStart, seed, new double[suggestions]);
    }

    /**
     * {@link #suggestionMillis(String, int, int, boolean, long)} that also records the CPU time of the suggesting
     * thread, which does not grow when other processes load the machine.
     *
     * @param function a test function name
     * @param finished completed trials before the timed suggestions, at least 1
     * @param suggestions timed suggestions, at least 1
     * @param fromStart whether the GP suggested the finished trials too
     * @param seed study seed
     * @param cpuMillis filled with the thread CPU milliseconds of each suggestion ({@code suggestions} entries)
     * @return wall-clock milliseconds per suggestion, in order
     */
    public static double[] suggestionMillis(String function, int finished, int suggestions, boolean fromStart, long seed,
                                            double[] cpuMillis) {
        TestFunctions.TestFunction fn = TestFunctions.ALL.get(function);
        if (fn == null || finished < 1 || suggestions < 1) {
            throw new IllegalArgumentException("suggestion timing needs a known function " + TestFunctions.ALL.keySet()
                    + ", finished >= 1 and suggestions >= 1, received " + function + ", " + finished + ", " + suggestions);
        }
        GpSampler gp = new GpSampler(new GpSampler.Settings(fromStart ? 0 : finished, "logei", 512, 4, 2));
        Study study = Study.builder("suggest", fn.space()).seed(seed).storage(new InMemoryStudyStorage()).sampler(gp).build();
        double[] millis = new double[suggestions];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < finished + suggestions; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Trial trial = study.ask();
            if (i >= finished) {
                millis[i - finished] = (System.nanoTime() - t0) / 1e6;
                cpuMillis[i - finished] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
            }
            study.tell(trial, fn.objective().applyAsDouble(trial.params()));
        }
        return millis;
    }

    /**
     * Prints two lines (GP from the start; GP after a Latin-hypercube start of {@code finished} trials): median,
     * first and largest wall-clock time, then thread CPU time, of 20 suggestions after {@code finished} completed
     * trials.
     *
     * @param function test function
     * @param finished completed trials before the timed suggestions
     * @param out destination
     */
    public static void printSuggestionTime(String function, int finished, PrintStream out) {
        for (boolean fromStart : new boolean[] {true, false}) {
            double[] cpu = new double[20];
            double[] ms = suggestionMillis(function, finished, 20, fromStart, 0, cpu);
            out.println(String.format(Locale.ROOT, "bayes suggestion time at %d finished trials (%s, %s, 20 suggestions):"
                    + " median %.1f ms, first %.1f ms, max %.1f ms; thread CPU median %.1f ms, first %.1f ms, max %.1f ms",
                    finished, function, fromStart ? "GP from the start" : "first fit cold after a Latin hypercube",
                    median(ms), ms[0], Arrays.stream(ms).max().orElseThrow(), median(cpu), cpu[0],
                    Arrays.stream(cpu).max().orElseThrow()));
        }
        out.flush();
    }

    /** @return best-so-far values (trials entries) followed by the mean overhead per trial in seconds */
    static double[] runOne(TestFunctions.TestFunction fn, Sampler sampler, int trials, long seed) {
        return runOne(fn, sampler, trials, seed, Via.API);
    }

    /**
     * @return best-so-far values (trials entries) followed by the mean overhead per trial in seconds (the
     *     program's time, JVM start included, counts as the objective's)
     */
    static double[] runOne(TestFunctions.TestFunction fn, Sampler sampler, int trials, long seed, Via via) {
        return runOne(fn, sampler, trials, seed, via, 1);
    }

    /**
     * @return best-so-far values in the order the trials were told (trials entries) followed by the mean overhead
     *     per trial in seconds; {@code workers} trials run at once, the oldest is told first
     */
    static double[] runOne(TestFunctions.TestFunction fn, Sampler sampler, int trials, long seed, Via via, int workers) {
        Objective program = via == Via.COMMAND ? program(fn) : null;
        SearchSpace space = fn.space();
        double[] out = new double[trials + 1];
        double best = Double.POSITIVE_INFINITY;
        long objectiveNanos = 0;
        long start = System.nanoTime();
        Study study = Study.builder("bench", space).sampler(sampler).seed(seed)
                .storage(new InMemoryStudyStorage()).build();
        java.util.ArrayDeque<Trial> running = new java.util.ArrayDeque<>();
        int asked = 0;
        for (int i = 0; i < trials; i++) {
            while (running.size() < workers && asked < trials) {
                running.add(study.ask());
                asked++;
            }
            Trial trial = running.poll();
            long t0 = System.nanoTime();
            double value = program == null ? fn.objective().applyAsDouble(trial.params()) : evaluate(program, trial);
            objectiveNanos += System.nanoTime() - t0;
            study.tell(trial, value);
            best = Math.min(best, value);
            out[i] = best;
        }
        out[trials] = (System.nanoTime() - start - objectiveNanos) / 1e9 / trials;
        return out;
    }

    /** The test function as a command: {@link TestFunctionProgram} in a JVM with this one's class path. */
    static Objective program(TestFunctions.TestFunction fn) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new CommandObjective(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                TestFunctionProgram.class.getName(), fn.name()), null, Duration.ofMinutes(1));
    }

    private static double evaluate(Objective program, Trial trial) {
        try {
            return program.evaluate(trial);
        } catch (Exception e) {
            throw new IllegalStateException("the test function's program failed: " + e.getMessage(), e);
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }

    /**
     * Formats like Python's {@code f"{x:.4g}"}.
     *
     * @param x a number
     * @return 4 significant digits, trailing zeros removed, scientific below 1e-4 or from 1e4
     */
    static String formatG(double x) {
        if (x == 0) {
            return x == 0 && 1 / x < 0 ? "-0" : "0";
        }
        if (!Double.isFinite(x)) {
            return Double.isNaN(x) ? "nan" : (x > 0 ? "inf" : "-inf");
        }
        BigDecimal rounded = new BigDecimal(x).round(new MathContext(4));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 4) {
            String mantissa = rounded.movePointLeft(exponent).stripTrailingZeros().toPlainString();
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d",
                    Math.abs(exponent));
        }
        return rounded.stripTrailingZeros().toPlainString();
    }

    /**
     * Command line: {@code --functions a,b --samplers x,y --trials 50 --seeds 20 [--suggest-at 100] [--via api|command]
     * [--workers 4]}.
     *
     * @param args arguments
     */
    public static void main(String[] args) {
        List<String> functions = List.of("branin", "hartmann6", "rosenbrock4");
        List<String> samplers = List.of("random", "genetic", "bayes");
        int trials = 50;
        int seeds = 20;
        int suggestAt = 0;
        Via via = Via.API;
        int workers = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--functions" -> functions = List.of(args[i + 1].split(","));
                case "--samplers" -> samplers = List.of(args[i + 1].split(","));
                case "--trials" -> trials = Integer.parseInt(args[i + 1]);
                case "--seeds" -> seeds = Integer.parseInt(args[i + 1]);
                case "--suggest-at" -> suggestAt = Integer.parseInt(args[i + 1]);
                case "--via" -> via = Via.valueOf(args[i + 1].toUpperCase(Locale.ROOT));
                case "--workers" -> workers = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --functions, --samplers, --trials, --seeds, --suggest-at, --via, --workers");
            }
        }
        run(functions, samplers, trials, seeds, via, workers, System.out);
        if (suggestAt > 0) {
            for (String function : functions) {
                printSuggestionTime(function, suggestAt, System.out);
            }
        }
    }
}
