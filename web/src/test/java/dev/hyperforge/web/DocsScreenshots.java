package dev.hyperforge.web;

import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.nio.file.Path;

/**
 * Takes the screenshots of README.md and docs/dashboard.md (study page, run page, ensemble builder) with the same
 * Selenium setup as the browser tests: of a running {@code hf serve} holding a real study (the way they are meant to
 * be taken), or of a realistic fixture study when no server is named. Not a test; run with
 * {@code java -cp web/target/test-classes:web/target/classes:<test classpath> dev.hyperforge.web.DocsScreenshots docs
 * http://127.0.0.1:7070 STUDY_ID RUN_ID}.
 */
public final class DocsScreenshots {
    private DocsScreenshots() {
    }

    /** A clock that moves 1.7 s on every reading, so runs get believable start times and durations. */
    private static final class TickingClock extends java.time.Clock {
        private final java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(
                java.time.Instant.parse("2024-11-28T09:00:00Z").toEpochMilli());

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return now.addAndGet(1700);
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(millis());
        }
    }

    /**
     * @param args the output directory (default {@code docs}); then optionally a dashboard's address, a study id and
     *     a run id
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs");
        System.setProperty("hf.screenshots", out.toString());
        if (args.length >= 4) {
            fromServer(args[1], Long.parseLong(args[2]), Long.parseLong(args[3]));
            return;
        }
        InMemoryRunStore store = new InMemoryRunStore(new TickingClock());
        StudyFixture fx = StudyFixture.create(store, "fashion-cnn-bayes", 60, 1000, 30, 2024);
        StudyFixture.create(store, "boston-kfold-genetic", 24, 100, 40, 5);
        StudyFixture.create(store, "spam-binary-random", 16, 200, 10, 9);
        store.setTag(fx.xssRun.id(), "name", "baseline");
        store.setTag(fx.xssRun.id(), "owner", "ada");
        store.setNote(fx.xssRun.id(), "first trial: the file's defaults");
        Run best = fx.complete.stream().max(java.util.Comparator.comparingDouble(Run::value)).orElseThrow();
        store.setTag(best.id(), "name", "best-so-far");
        try (DashboardServer server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, null));
             Browser b = Browser.start(1280, 1700)) {
            String base = "http://127.0.0.1:" + server.port();
            b.open(base + "/study.html?id=" + fx.study.id());
            b.waitFor(() -> !b.all("#slice-chart canvas").isEmpty() && !b.all("#parallel-chart canvas").isEmpty());
            b.find("th[data-key='value']").click(); // best first: descending for this MAXIMIZE study
            b.waitFor(() -> b.find("th[data-key='value']").getAttribute("class").contains("desc"));
            Thread.sleep(800);
            System.out.println(b.screenshot("dashboard-study"));
            b.resize(1280, 1120);
            b.open(base + "/ensemble.html?study=" + fx.study.id());
            b.find("#btn-greedy").click();
            b.waitFor(() -> !b.all("#ensemble-metric").isEmpty());
            Thread.sleep(300);
            System.out.println(b.screenshot("dashboard-ensemble"));
        }
    }

    /** The study page sorted best first, a run page and the ensemble builder's greedy result, 1400 px wide. */
    private static void fromServer(String base, long studyId, long runId) throws Exception {
        try (Browser b = Browser.start(1400, 2500)) {
            b.open(base + "/study.html?id=" + studyId);
            b.waitFor(() -> !b.all("#slice-chart canvas").isEmpty() && !b.all("#timeline-chart canvas").isEmpty());
            b.find("th[data-key='value']").click();
            b.waitFor(() -> b.find("th[data-key='value']").getAttribute("class").contains("sorted"));
            Thread.sleep(800);
            System.out.println(b.screenshot("dashboard-study"));
            b.resize(1400, 1500);
            b.open(base + "/run.html?id=" + runId);
            b.waitFor(() -> !b.all("#curves .chart canvas").isEmpty());
            Thread.sleep(800);
            System.out.println(b.screenshot("dashboard-run"));
            b.resize(1400, 1250);
            b.open(base + "/ensemble.html?study=" + studyId);
            b.find("#btn-greedy").click();
            b.waitFor(() -> !b.all("#ensemble-metric").isEmpty());
            Thread.sleep(300);
            System.out.println(b.screenshot("dashboard-ensemble"));
        }
    }
}
