package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Background work waits while a request is answered and goes on when the last one ends. */
class ForegroundTest {
    @Test
    void aBackgroundStepWaitsForTheRequestsInFlight() throws InterruptedException {
        Foreground f = new Foreground(java.time.Duration.ofHours(1));
        f.enter();
        f.enter();
        AtomicBoolean stepped = new AtomicBoolean();
        Thread background = new Thread(() -> {
            f.yieldToRequests();
            stepped.set(true);
        });
        background.start();
        while (background.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        f.exit();
        assertFalse(stepped.get(), "one request is still in flight");
        assertEquals(1, f.inFlight());
        f.exit();
        background.join();
        assertTrue(stepped.get());
        assertEquals(0, f.inFlight());
    }

    @Test
    void withNoRequestInFlightOrWhenInterruptedItDoesNotWait() {
        Foreground f = new Foreground();
        f.yieldToRequests();
        f.enter();
        Thread.currentThread().interrupt();
        f.yieldToRequests();
        assertTrue(Thread.interrupted(), "the interrupt status is kept");
        Foreground.NONE.yieldToRequests();
    }

    @Test
    void workThatWaitsForQuietWaitsForAPauseAfterTheLastRequest() throws InterruptedException {
        Foreground f = new Foreground();
        f.enter();
        AtomicBoolean stepped = new AtomicBoolean();
        Thread background = new Thread(() -> {
            f.awaitQuiet(java.time.Duration.ofMillis(300), java.time.Duration.ofHours(1));
            stepped.set(true);
        });
        background.start();
        while (background.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        long ended = System.nanoTime();
        f.exit();
        background.join();
        assertTrue(stepped.get());
        assertTrue(System.nanoTime() - ended >= 300_000_000L, "it went on only after 300 ms without a request");

        f.enter();
        long t0 = System.nanoTime();
        f.awaitQuiet(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(200));
        assertTrue(System.nanoTime() - t0 >= 200_000_000L, "a request in flight: it waited the longest wait");
        assertEquals(1, f.inFlight());
    }
}
