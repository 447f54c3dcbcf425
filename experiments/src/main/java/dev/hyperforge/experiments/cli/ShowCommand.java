package dev.hyperforge.experiments.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import dev.hyperforge.experiments.run.Workspace;
import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunStore;

/**
 * {@code hf show RUN_ID}: parameters, per-epoch metrics, provenance and artifacts of one run; {@code --format json}
 * writes the whole run as one JSON object ({@link RunJson}).
 *
 * <pre>{@code
 * hf show 7
 * hf show 7 --format json
 * }</pre>
 */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one run: parameters, metrics per epoch, provenance, artifacts.")
public final class ShowCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Output formats of {@code hf show}. */
    public enum Format {
        /** Sections for a terminal. */
        TEXT,
        /** One JSON object. */
        JSON
    }

    @Parameters(index = "0", paramLabel = "RUN_ID",
            description = "The run id: the 'run' column of hf runs and of the hf tune leaderboard (not the trial number).")
    long runId;

    @CommandLine.Option(names = "--format", paramLabel = "FORMAT", completionCandidates = Choices.ShowFormats.class,
            description = "${COMPLETION-CANDIDATES} (default: text).")
    Format format = Format.TEXT;

    @Mixin
    DbOption db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DbOption.Store store = db.open()) {
            RunStore s = store.runs();
            Run run = ReplayCommand.requireRun(s, runId);
            if (format == Format.JSON) {
                out.print(RunJson.of(s, run));
                out.flush();
                return Main.OK;
            }
            dev.hyperforge.tracker.StudyRecord study = s.study(run.studyId());
            out.printf("run %d: study '%s', trial %d, %s, %s%n", run.id(), study.name(), run.number(), run.state(), values(s, study, run));
            Object constraints = run.trial().systemAttrs().get(dev.hyperforge.search.Constraints.KEY);
            if (constraints != null) {
                out.printf("constraints: %s (%s)%n", constraints, dev.hyperforge.search.Constraints.feasible(run.trial())
                        ? "feasible" : "infeasible");
            }
            if (run.error() != null) {
                out.println("error: " + firstLine(run.error()));
            }
            out.println("\nparameters:");
            for (ParamValue p : run.params().values()) {
                out.printf("  %-24s %s%n", p.name(), p.value());
            }
            printMetrics(s, run, out);
            out.println("\nprovenance:");
            s.provenance(run.id()).ifPresent(p -> printProvenance(p, out));
            out.println("\nartifacts:");
            for (Artifact a : s.artifacts(run.id())) {
                out.printf("  %-32s %-14s %,13d bytes  sha256 %.12s  %s%s%n", a.name(), a.kind(), a.sizeBytes(), a.sha256(),
                        a.location(), s.artifactPresent(a.id()) ? "" : "  MISSING (expected sha256 " + a.sha256() + ")");
            }
        }
        out.flush();
        return Main.OK;
    }

    /** {@code value 0.25}, or {@code values val_accuracy=0.81 params=5210} for a multi-objective study. */
    private static String values(RunStore s, dev.hyperforge.tracker.StudyRecord study, Run run) {
        if (!study.isMultiObjective()) {
            return "value " + (run.value() == null ? "-" : String.format(Locale.ROOT, "%.6g", run.value()));
        }
        if (run.values().isEmpty()) {
            return "values -";
        }
        java.util.List<String> names = dev.hyperforge.tracker.ObjectiveNames.of(s, study);
        StringBuilder b = new StringBuilder("values");
        for (int k = 0; k < run.values().size(); k++) {
            b.append(' ').append(k < names.size() ? names.get(k) : "objective_" + k).append('=')
                    .append(String.format(Locale.ROOT, "%.6g", run.values().get(k)));
        }
        return b.toString();
    }

    private static void printMetrics(RunStore s, Run run, PrintWriter out) {
        Map<Long, Map<String, Double>> byStep = new TreeMap<>();
        for (String name : run.lastMetrics().keySet()) {
            for (MetricPoint p : s.metricHistory(run.id(), name)) {
                byStep.computeIfAbsent(p.step(), k -> new TreeMap<>()).put(name, p.value());
            }
        }
        out.println("\nmetrics per epoch:");
        out.print("  epoch");
        run.lastMetrics().keySet().forEach(n -> out.printf(" %14s", n));
        out.println();
        byStep.forEach((step, values) -> {
            out.printf("  %5d", step);
            run.lastMetrics().keySet().forEach(n -> out.printf(Locale.ROOT, " %14.6g", values.getOrDefault(n, Double.NaN)));
            out.println();
        });
    }

    private static void printProvenance(Provenance p, PrintWriter out) {
        out.printf("  experiment sha256 %s%n  data sha256       %s%n  seeds             %s%n  code              %s%s%n",
                p.experimentSha256(), p.dataSha256(), p.seeds(), p.codeVersion(), p.codeDirty() ? " (dirty)" : "");
        out.printf("  java              %s (%s)%n  os                %s %s%n  nd4j              %s %s%n  threads           %s%n  host              %s%n",
                p.javaVersion(), p.javaVendor(), p.osName(), p.osArch(), p.nd4jBackend(), p.nd4jClassifier(), p.threads(), p.hostName());
        out.printf("  numerics          %s%n", p.numerics() == null ? "not recorded (level 1)" : "level " + p.numerics());
        classNames(p).forEach((target, names) -> out.printf("  class names       %s: %s%n", target, names));
    }

    /** The class names recorded in the run's resolved configuration (target → names by class id), or none. */
    static Map<String, List<String>> classNames(Provenance p) {
        try {
            JsonNode names = JSON.readTree(p.resolvedConfigJson()).path(Workspace.CLASS_NAMES);
            Map<String, List<String>> out = new LinkedHashMap<>();
            names.fields().forEachRemaining(e -> {
                List<String> list = new ArrayList<>();
                e.getValue().forEach(n -> list.add(n.asText()));
                out.put(e.getKey(), list);
            });
            return out;
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
