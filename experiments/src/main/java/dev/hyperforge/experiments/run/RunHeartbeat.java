package dev.hyperforge.experiments.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hyperforge.search.Study;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudySummary;

/**
 * The heartbeat of a single run ({@code hf train}), as the trial loop gives one to every trial of {@code hf tune}
 * and {@code hf worker}: a daemon thread of its own refreshes the run's heartbeat every interval, and the interval
 * is kept with the run's study (study attribute {@value #ATTRIBUTE}). A process killed with SIGKILL stops beating;
 * the next {@code hf} command that opens the database ({@link #reapStale}) fails its run, once the heartbeat is
 * older than {@link Study#staleAfterFor} the interval, with "no heartbeat for more than …".
 *
 * <pre>{@code
 * try (RunHeartbeat beat = RunHeartbeat.start(store, study.id(), run.id(), RunHeartbeat.DEFAULT_INTERVAL)) {
 *     train();
 * }
 * RunHeartbeat.reapStale(store);   // in a later command: FAILED runs of killed hf train processes
 * }</pre>
 */
public final class RunHeartbeat implements AutoCloseable {
    /** Study attribute holding the heartbeat interval of its single runs, in milliseconds. */
    public static final String ATTRIBUTE = "run_heartbeat_ms";
    /** Default interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(RunHeartbeat.class);
    private final ScheduledExecutorService timer;

    private RunHeartbeat(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Records the interval with the study and starts beating.
     *
     * @param store the tracker
     * @param studyId the run's study
     * @param runId the RUNNING run
     * @param interval how often, at least 100 ms
     * @return the running heartbeat; close it once the run is finished
     */
    public static RunHeartbeat start(RunStore store, long studyId, long runId, Duration interval) {
        if (interval.toMillis() < 100) {
            throw new IllegalArgumentException("--heartbeat must be at least 100ms, received " + interval);
        }
        store.setStudyAttribute(studyId, ATTRIBUTE, String.valueOf(interval.toMillis()));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hf-run-heartbeat");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        long ms = interval.toMillis();
        timer.scheduleAtFixedRate(() -> beat(store, runId), ms, ms, TimeUnit.MILLISECONDS);
        return new RunHeartbeat(timer);
    }

    private static void beat(RunStore store, long runId) {
        try {
            store.heartbeat(runId);
        } catch (RuntimeException e) {
            // finished meanwhile, or the database is away for a moment: the next beat tries again
            LOG.debug("heartbeat of run {} not recorded: {}", runId, e.toString());
        }
    }

    /** Stops beating, waiting for a beat in progress. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Fails the RUNNING single runs whose process stopped beating: in every study with a recorded interval, the
     * runs whose heartbeat is older than {@link Study#staleAfterFor} that interval.
     *
     * @param store the tracker
     * @return the runs failed by this call
     */
    public static List<Run> reapStale(RunStore store) {
        List<Run> failed = new ArrayList<>();
        for (StudySummary s : store.listStudies()) {
            if (s.counts().get(TrialState.RUNNING) == 0) {
                continue;
            }
            String ms = store.studyAttributes(s.study().id()).get(ATTRIBUTE);
            if (ms != null) {
                Duration interval = Duration.ofMillis(Long.parseLong(ms.trim()));
                failed.addAll(store.failStaleRuns(s.study().id(), Study.staleAfterFor(interval)));
            }
        }
        return failed;
    }
}
