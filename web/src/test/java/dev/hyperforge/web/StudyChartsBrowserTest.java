package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hyperforge.search.Direction;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.Environment;
import dev.hyperforge.tracker.Hashing;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.TestFixtures;
import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The study and run pages in real headless Chromium over {@link SpaceFixture} (a log float, a categorical, an int and
 * a simplex parameter; 8 COMPLETE and 2 PRUNED trials): axes as stored, importance, pruned trials, clickable points,
 * the state kept in the URL. Screenshots land in {@code target/screenshots/}.
 */
class StudyChartsBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static InMemoryRunStore store;
    private static SpaceFixture fx;
    private static DashboardServer server;
    private static Browser browser;
    private static TestFixtures.MutableClock clock;

    @BeforeAll
    static void start() throws Exception {
        clock = new TestFixtures.MutableClock();
        store = new InMemoryRunStore(clock);
        fx = SpaceFixture.create(store, clock, "profile-three-outputs");
        server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, null));
        browser = Browser.start(1400, 2600);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        server.stop();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private void openStudy(String query) {
        browser.open(url("/study.html?id=" + fx.study.id() + query));
        browser.waitFor(() -> List.of("history", "intermediate", "edf", "timeline", "importance", "parallel", "slice")
                .stream().allMatch(c -> "true".equals(browser.find("#" + c + "-chart").getAttribute("data-ready"))));
    }

    @Test
    void axesFollowTheStoredSearchSpaceAndTheDrivingParameterIsMostImportant() throws Exception {
        openStudy("");
        JsonNode axes = JSON.readTree(browser.find("#parallel-chart").getAttribute("data-axes"));
        Map<String, JsonNode> byName = new java.util.LinkedHashMap<>();
        axes.forEach(a -> byName.put(a.get("name").asText(), a));
        assertEquals(List.of("batch", "lr", "units", "w · age", "w · gender", "w · income", "val_loss"),
                List.copyOf(byName.keySet()), "simplex components by name, the objective metric last");
        assertEquals("log", byName.get("lr").get("type").asText());
        assertEquals("category", byName.get("batch").get("type").asText());
        assertEquals("[\"32\",\"16\",\"48\"]", byName.get("batch").get("data").toString(), "choices in stored order");
        assertEquals("value", byName.get("units").get("type").asText());
        assertEquals(List.of("16", "50", "100", "150", "200", "256"), browser.js("const m = arguments[0].echarts"
                + ".getModel(); const a = m.findComponents({mainType: 'parallelAxis'}).find(x => x.option.name === 'units');"
                + " return a.axis.getViewLabels().map(l => l.formattedLabel).filter(t => t !== '');",
                browser.find("#parallel-chart")), "units 16..256: both ends, and no tick label next to them");
        assertEquals("lr", browser.find("#importance-chart").getAttribute("data-order").split(",")[0]);
        assertTrue(browser.find("#importance-warning").getText().contains("needs >= 10"), "8 trials: a warning");
        assertEquals("min of val_loss", browser.find("#objective").getText());
        assertEquals("2", browser.find("#intermediate-chart").getAttribute("data-pruned"));
        assertEquals("10", browser.find("#intermediate-chart").getAttribute("data-lines"));
        assertEquals("2", browser.find("#history-chart").getAttribute("data-pruned"));
        assertEquals("2", browser.find("#timeline-chart").getAttribute("data-workers"));
        assertEquals("lr", browser.find("#slice-x").getAttribute("value"), "the most important parameter first");
        new org.openqa.selenium.support.ui.Select(browser.find("#slice-y")).selectByValue("units");
        browser.waitFor(() -> "contour".equals(browser.find("#slice-chart").getAttribute("data-mode")));
        assertEquals("log", browser.find("#slice-chart").getAttribute("data-xaxis"));
        WebElement paramLr = browser.find("th[data-key='param:lr']");
        WebElement metricLr = browser.find("th[data-key='metric:lr']");
        assertTrue(paramLr.getText().startsWith("PARAM"), paramLr.getText());
        assertTrue(metricLr.getText().startsWith("METRIC"), metricLr.getText());
        browser.screenshot("10-study-space");
        new org.openqa.selenium.support.ui.Select(browser.find("#slice-y")).selectByValue("batch");
        browser.waitFor(() -> "heatmap".equals(browser.find("#slice-chart").getAttribute("data-mode")));
    }

    @Test
    void clickingAHistoryPointOpensItsRun() {
        openStudy("");
        Run target = fx.complete.get(2);
        WebElement chart = browser.find("#history-chart");
        @SuppressWarnings("unchecked")
        List<Number> xy = (List<Number>) browser.js("return arguments[0].echarts.convertToPixel({seriesIndex: 0},"
                + " [arguments[1], arguments[2]]);", chart, target.number(), target.value());
        int dx = (int) Math.round(xy.get(0).doubleValue() - chart.getSize().getWidth() / 2.0);
        int dy = (int) Math.round(xy.get(1).doubleValue() - chart.getSize().getHeight() / 2.0);
        new Actions(browser.driver).moveToElement(chart, dx, dy).click().perform();
        browser.waitFor(() -> browser.driver.getCurrentUrl().endsWith("/run.html?id=" + target.id()));
    }

    @Test
    void sortFilterAndChartOptionsSurviveAReload() {
        openStudy("");
        browser.find("th[data-key='value']").click();
        browser.waitFor(() -> browser.driver.getCurrentUrl().contains("sort=value"));
        Run best = fx.complete.stream().min(java.util.Comparator.comparingDouble(Run::value)).orElseThrow();
        browser.waitFor(() -> browser.all("#trials tbody tr").get(0).getAttribute("data-run").equals(String.valueOf(best.id())));
        assertEquals(10, browser.all("#trials tbody tr").size());
        assertEquals(List.of("COMPLETE", "COMPLETE", "COMPLETE", "COMPLETE", "COMPLETE", "COMPLETE", "COMPLETE",
                "COMPLETE", "PRUNED", "PRUNED"), browser.all("#trials tbody tr .state").stream().map(WebElement::getText)
                .toList(), "sorted by value: the COMPLETE trials first, then the pruned ones");
        new org.openqa.selenium.support.ui.Select(browser.find("#filter-field")).selectByValue("param:units");
        browser.find("#filter-min").sendKeys("20");
        browser.find("#filter-add").click();
        browser.waitFor(() -> browser.driver.getCurrentUrl().contains("f=param"));
        browser.find("#opt-log").click();
        new org.openqa.selenium.support.ui.Select(browser.find("#slice-x")).selectByValue("units");
        browser.waitFor(() -> browser.driver.getCurrentUrl().contains("log=1") && browser.driver.getCurrentUrl().contains("sx=units"));
        String before = browser.find("#page-info").getText();
        browser.driver.navigate().refresh();
        openStudy(browser.driver.getCurrentUrl().substring(browser.driver.getCurrentUrl().indexOf('&')));
        assertTrue(browser.find("th[data-key='value']").getAttribute("class").contains("sorted"));
        assertEquals(1, browser.all(".chip.filter").size());
        assertTrue(browser.find(".chip.filter").getText().contains("param:units"));
        assertEquals(before, browser.find("#page-info").getText());
        assertTrue(browser.find("#opt-log").isSelected());
        assertEquals("units", browser.find("#slice-x").getAttribute("value"));
    }

    @Test
    void theRunPageNamesSimplexComponentsTypesChoicesAndMarksTheEpochOfTheValue() throws Exception {
        Run r = fx.complete.get(0);
        browser.open(url("/run.html?id=" + r.id()));
        browser.waitFor(() -> !browser.all("#curves .chart canvas").isEmpty());
        assertEquals(List.of("batch", "lr", "units", "w.age", "w.income", "w.gender"), browser.all("#params tbody tr")
                .stream().map(e -> e.getAttribute("data-param")).toList());
        assertTrue(browser.find("#params tr[data-param='batch']").getText().contains("categorical [32,16,48]"));
        assertTrue(browser.find("#params tr[data-param='lr']").getText().contains("float (log)"));
        assertEquals("6", browser.find(".curve[data-metric='loss']").getAttribute("data-value-step"),
                "the best val_loss was at epoch 6 of 8");
        browser.screenshot("11-run-space");
        browser.open(url("/run.html?id=" + fx.pruned.get(0).id()));
        assertTrue(browser.find("#pruned-note").getText().contains("at step 2"), browser.find("#pruned-note").getText());
    }

    @Test
    void filteringOnASimplexComponentKeepsTheRunsInItsRange() {
        openStudy("");
        new org.openqa.selenium.support.ui.Select(browser.find("#filter-field")).selectByValue("param:w.age");
        browser.find("#filter-min").sendKeys("1.5");
        browser.find("#filter-add").click();
        long expected = java.util.stream.Stream.concat(fx.complete.stream(), fx.pruned.stream())
                .filter(r -> Double.parseDouble(String.valueOf(r.param("w")).replaceAll("[\\[\\]]", "").split(",")[0]) >= 1.5)
                .count();
        assertTrue(expected > 0 && expected < 10, "the fixture has runs on both sides: " + expected);
        browser.waitFor(() -> browser.find("#page-info").getText().endsWith("of " + expected));
        assertEquals(expected, browser.all("#trials tbody tr").size());
        browser.find("th[data-key='param:w.age']").click();
        browser.waitFor(() -> browser.driver.getCurrentUrl().contains("sort=param%3Aw.age"));
        browser.waitFor(() -> browser.find("th[data-key='param:w.age']").getAttribute("class").contains("sorted"));
        List<Double> ages = browser.all("#trials tbody tr").stream().map(tr -> Double.parseDouble(
                tr.findElements(org.openqa.selenium.By.tagName("td")).get(columnOf("param:w.age")).getText())).toList();
        assertEquals(ages.stream().sorted().toList(), ages, "sorted by the component, ascending");
    }

    /** The index of a column's cells in a row (the row's first cell is the selection box). */
    private int columnOf(String key) {
        return columnOf(key, null);
    }

    private int columnOf(String key, String label) {
        List<WebElement> heads = browser.all("#trials thead th");
        for (int i = 0; i < heads.size(); i++) {
            if (key != null ? key.equals(heads.get(i).getAttribute("data-key")) : label.equals(heads.get(i).getText())) {
                return i;
            }
        }
        throw new AssertionError("no column " + key);
    }

    @Test
    void theRunPageOfARunningKFoldRunSaysWhatItShowsAndRefreshesUntilItFinishes() {
        StudyRecord other = store.createOrGetStudy(new StudySpec("boston-kfold", Direction.MINIMIZE, "genetic", "{}", 1));
        Provenance kfold = Provenance.builder(new Environment("0123456789abcdef0123456789abcdef01234567", false, "17.0.15",
                "Debian", "Linux", "amd64", "test-host", 2)).experimentFile("name: boston-kfold\ndata:\n  split:\n    folds: 4\n")
                .resolvedConfig("{}").seed("study", 1).dataFingerprint(Hashing.sha256Hex("d")).nd4j("CPU", "linux-x86_64").build();
        Run r = store.startRun(other.id(), kfold);
        store.logMetrics(r.id(), List.of(new MetricPoint("val_loss", 0, 0.9, Instant.EPOCH)));
        browser.open(url("/run.html?id=" + r.id()));
        assertTrue(browser.find("#live").getText().contains("live"));
        assertTrue(browser.find("#kfold-note").getText().contains("4 folds"), browser.find("#kfold-note").getText());
        store.logMetrics(r.id(), List.of(new MetricPoint("val_loss", 1, 0.7, Instant.EPOCH)));
        store.finishRun(r.id(), TrialState.COMPLETE, 0.7, null);
        browser.waitFor(() -> browser.find("#run-sub").getText().contains("COMPLETE"));
        assertTrue(browser.all("#live").isEmpty(), "no longer live once finished");
        assertTrue(Integer.parseInt(browser.find("body").getAttribute("data-refreshed")) >= 1);
    }

    @Test
    void aRunningTrialsCurveAndDurationGrowOnTheStudyPageWhileTheTrialCountStaysTheSame() {
        StudyRecord other = store.createOrGetStudy(new StudySpec("live-curves", Direction.MINIMIZE, "tpe", "{}", 3));
        clock.advance(java.time.Duration.between(clock.instant(), Instant.now()).minusSeconds(10)); // a duration in seconds
        Run done = store.startRun(other.id(), StudyFixture.provenance());
        store.reportIntermediate(done.id(), 0, 0.9);
        store.finishRun(done.id(), TrialState.COMPLETE, 0.9, null);
        Run r = store.startRun(other.id(), StudyFixture.provenance());
        store.reportIntermediate(r.id(), 0, 0.8);
        browser.open(url("/study.html?id=" + other.id()));
        browser.waitFor(() -> "1".equals(browser.find("#intermediate-chart").getAttribute("data-running-steps")));
        String duration = durationOf(r);
        store.reportIntermediate(r.id(), 1, 0.7);
        store.reportIntermediate(r.id(), 2, 0.6);
        browser.waitFor(() -> "3".equals(browser.find("#intermediate-chart").getAttribute("data-running-steps")));
        browser.waitFor(() -> !durationOf(r).equals(duration));
        assertEquals(2, browser.all("#trials tbody tr").size(), "still two trials");
        int col = columnOf(null, "duration");
        assertEquals(List.of("s", "s"), browser.all("#trials tbody tr").stream().map(tr -> tr.findElements(
                org.openqa.selenium.By.tagName("td")).get(col).getText().replaceAll("[0-9. ]", "")).toList(),
                "one unit for the column");
        store.finishRun(r.id(), TrialState.COMPLETE, 0.6, null);
    }

    private String durationOf(Run r) {
        return browser.find("#trials tbody tr[data-run='" + r.id() + "']").findElements(org.openqa.selenium.By.tagName("td"))
                .get(columnOf(null, "duration")).getText();
    }

    @Test
    void theEnsembleBuilderSaysWhenTheStudyHasFewerRunsThanAskedFor() {
        browser.open(url("/ensemble.html?study=" + fx.study.id()));
        assertEquals("showing 8, not 10: the study has only 8 COMPLETE runs", browser.find("#top-note").getText());
    }

    @Test
    void theStudiesPageSaysWhatTheBestValueIsOf() {
        browser.open(url("/"));
        assertEquals("min of val_loss", browser.find("#studies tr[data-study='" + fx.study.id() + "'] .objective").getText());
    }
}
