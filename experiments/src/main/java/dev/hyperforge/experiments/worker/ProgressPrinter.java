package dev.hyperforge.experiments.worker;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hyperforge.experiments.run.Leaderboard;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.TrialLoop;
import dev.hyperforge.search.TrialState;

/**
 * The live progress line of a worker, a listener of its {@link TrialLoop}: trial n/N (finished by any worker), the
 * trial's number and run id, value,
 * best so far, elapsed and ETA on the study's clock; and the loop's notes (stale trials it failed).
 */
final class ProgressPrinter implements TrialLoop.Listener {
    private final Study study;
    private final int budget;
    private final PrintWriter out;
    private final boolean quiet;
    private final Instant start;
    private final AtomicInteger mine = new AtomicInteger();

    ProgressPrinter(Study study, int budget, PrintWriter out, boolean quiet) {
        this.study = study;
        this.budget = budget;
        this.out = out;
        this.quiet = quiet;
        this.start = study.now();
    }

    @Override
    public synchronized void trialFinished(FrozenTrial t) {
        int ranHere = mine.incrementAndGet();
        if (quiet) {
            return;
        }
        long done = study.trials().stream().filter(x -> x.state() == TrialState.COMPLETE || x.state() == TrialState.PRUNED).count();
        double elapsed = Duration.between(start, study.now()).toMillis() / 1e3;
        double eta = elapsed / ranHere * Math.max(0, budget - done);
        String best = study.isMultiObjective() ? "front " + study.bestTrials().size()
                : "best " + study.bestTrial().map(b -> String.format("%.4f (trial %d, run %d)", b.value(), b.number(), b.id())).orElse("-");
        out.printf("trial %d/%d  #%d (run %d) %s  %s  elapsed %s  ETA %s%n", done, budget, t.number(), t.id(), outcome(t), best,
                Leaderboard.duration(elapsed), Leaderboard.duration(eta));
        out.flush();
    }

    private static String outcome(FrozenTrial t) {
        return switch (t.state()) {
            case COMPLETE -> t.values().size() == 1 ? String.format("value %.4f", t.values().get(0))
                    : "values " + t.values().stream().map(v -> String.format(java.util.Locale.ROOT, "%.4g", v))
                    .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
            case PRUNED -> "pruned";
            default -> "failed: " + firstLine(t.error());
        };
    }

    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    @Override
    public synchronized void note(String message) {
        if (!quiet) {
            out.println(message);
            out.flush();
        }
    }
}
