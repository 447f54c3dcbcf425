package dev.hyperforge.search;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The settings of a {@link TrialLoop}, as its builder validated them (defaults filled in).
 *
 * @param trials trials this call may start, or null for no such limit
 * @param budget the study's budget of trials that do not fail, or null for none
 * @param threads trials at once
 * @param timeout how long the loop may claim trials, on the study's clock, or null
 * @param stop the stop signal
 * @param listener hears about finished trials
 * @param reapEvery how often stale trials are looked for
 * @param mayReap whether stale trials may be failed now
 * @param idlePause how long a worker without a free budget slot waits
 * @param maxFailed most FAILED trials before the loop gives up
 * @param storageErrors recognises storage failures raised inside the objective
 */
record LoopSettings(Integer trials, Integer budget, int threads, Duration timeout, StopSignal stop,
                    TrialLoop.Listener listener, Duration reapEvery, BooleanSupplier mayReap, Duration idlePause,
                    int maxFailed, Predicate<RuntimeException> storageErrors) {

    static int positive(int n, String what) {
        if (n < 1) {
            throw new IllegalArgumentException("a trial loop needs " + what + " >= 1, received " + n);
        }
        return n;
    }

    static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("a trial loop needs a positive " + what + ", received " + d);
        }
        return d;
    }
}
