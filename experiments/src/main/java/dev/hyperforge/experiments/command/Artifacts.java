package dev.hyperforge.experiments.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.hyperforge.tracker.ArtifactKind;
import dev.hyperforge.tracker.RunStore;

/**
 * Stores a finished program's files as the run's artifacts: its output as {@code output.log} (the first and
 * last {@link #LOG_HALF} bytes of a longer log, so a program that writes gigabytes does not fill the heap or
 * the database; the whole log stays in the run directory) and every file it wrote to {@code HF_RUN_DIR} up
 * to {@link #MAX_FILE} bytes, by its relative path.
 */
final class Artifacts {
    /** Bytes kept from each end of a long output log. */
    static final int LOG_HALF = 2 * 1024 * 1024;
    /** Largest program file stored as an artifact. */
    static final long MAX_FILE = 64L * 1024 * 1024;

    private Artifacts() {
    }

    static void save(RunStore store, long runId, Path log, Path files) {
        try {
            if (Files.exists(log)) {
                store.saveArtifact(runId, ProgramRun.OUTPUT_LOG, ArtifactKind.OTHER, "text/plain", bounded(log));
            }
            List<Path> all;
            try (Stream<Path> walk = Files.walk(files)) {
                all = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : all) {
                String name = files.relativize(f).toString().replace('\\', '/');
                if (name.equals(ProgramRun.OUTPUT_LOG)) {
                    name = "files/" + name;
                }
                if (Files.size(f) <= MAX_FILE && name.length() <= 200) {
                    store.saveArtifact(runId, name, ArtifactKind.OTHER, mediaType(name), Files.readAllBytes(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the files of run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** The log, or its head and tail around a note of what was left out. */
    static byte[] bounded(Path log) throws IOException {
        long size = Files.size(log);
        if (size <= 2L * LOG_HALF) {
            return Files.readAllBytes(log);
        }
        byte[] note = ("\n[... " + (size - 2L * LOG_HALF) + " bytes left out; the whole output is " + log + " ...]\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[2 * LOG_HALF + note.length];
        try (InputStream in = Files.newInputStream(log)) {
            in.readNBytes(out, 0, LOG_HALF);
            in.skipNBytes(size - 2L * LOG_HALF);
            System.arraycopy(note, 0, out, LOG_HALF, note.length);
            in.readNBytes(out, LOG_HALF + note.length, LOG_HALF);
        }
        return out;
    }

    private static String mediaType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".json")) {
            return "application/json";
        }
        if (n.endsWith(".csv")) {
            return "text/csv";
        }
        if (n.endsWith(".png")) {
            return "image/png";
        }
        return n.endsWith(".txt") || n.endsWith(".log") || n.endsWith(".md") ? "text/plain" : "application/octet-stream";
    }
}
