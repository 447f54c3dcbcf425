package dev.hyperforge.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.hyperforge.experiments.run.Directories;
import dev.hyperforge.experiments.run.Workspace;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.jdbc.ArtifactMaintenance;

/**
 * {@code hf gc [--dry-run]}: removes artifact objects that no artifact of the database references (left by a
 * worker killed between upload and commit, or by an interrupted migration) and the run directories
 * ({@code runs/<study>/run-<id>}) of runs the database no longer has, listing each with its size and the
 * total freed. Run directories of studies this database does not know are left alone (they may belong to
 * another database).
 */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = "Remove artifact objects no run references and run directories of deleted runs.")
public final class GcCommand implements Callable<Integer> {
    @Option(names = "--dry-run", description = "List what would be removed and the bytes it would free; remove nothing.")
    boolean dryRun;

    @Mixin
    DbOption db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DbOption.Store store = db.open()) {
            ArtifactMaintenance m = store.runs().artifactMaintenance();
            List<ArtifactMaintenance.Unreferenced> objects = m.unreferenced();
            long bytes = 0;
            for (ArtifactMaintenance.Unreferenced o : objects) {
                out.printf("object  %s/%s  %,d bytes%n", o.store(), o.key(), o.size());
                bytes += o.size();
            }
            List<Path> dirs = orphanRunDirs(store.runs());
            for (Path d : dirs) {
                long size = size(d);
                out.printf("rundir  %s  %,d bytes%n", d, size);
                bytes += size;
            }
            if (!dryRun) {
                m.delete(objects);
                dirs.forEach(Directories::deleteTree);
            }
            out.printf(Locale.ROOT, "%s %d object(s) and %d run director%s: %,d bytes%s%n", dryRun ? "would remove" : "removed",
                    objects.size(), dirs.size(), dirs.size() == 1 ? "y" : "ies", bytes, dryRun ? " (dry run)" : " freed");
        }
        out.flush();
        return Main.OK;
    }

    /** {@code runs/<study>/run-<id>} directories of known studies whose run id is not one of the study's runs. */
    private static List<Path> orphanRunDirs(RunStore store) {
        Path runs = Workspace.runDir("x", 0).getParent().getParent();
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(runs)) {
            return out;
        }
        try (Stream<Path> studies = Files.list(runs)) {
            for (Path studyDir : studies.sorted().toList()) {
                StudyRecord s = store.findStudyRecord(studyDir.getFileName().toString()).orElse(null);
                if (s == null || !Files.isDirectory(studyDir)) {
                    continue;
                }
                Set<String> live = new HashSet<>();
                for (Run r : store.listRuns(s.id(), EnumSet.allOf(TrialState.class))) {
                    live.add("run-" + r.id());
                }
                try (Stream<Path> dirs = Files.list(studyDir)) {
                    dirs.filter(d -> d.getFileName().toString().matches("run-\\d+") && !live.contains(d.getFileName().toString()))
                            .sorted().forEach(out::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runs + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
