package dev.hyperforge.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one external program to its end with bounded memory and no stray processes: its stdout and stderr
 * (merged) stream to an optional log file while only a tail is kept in memory; each output line (cut at
 * {@link #MAX_LINE} characters) goes to a listener; the program is stopped when its timeout passes, when
 * {@link #stop} is called (by the listener, for pruning) or when the {@code stopRequested} supplier returns a
 * reason (Ctrl-C of the caller). Stopping ends the whole process tree: SIGTERM to the program and every
 * descendant seen, then SIGKILL to those still alive after the grace period. Descendants left behind by a
 * program that exits on its own are ended the same way.
 *
 * <pre>{@code
 * CommandProcess.Result r = new CommandProcess(List.of("sh", "-c", "echo 1.5"), null, Map.of())
 *         .run("{}", Duration.ofMinutes(1), null, line -> { }, () -> null);
 * double score = Double.parseDouble(r.lastLine());   // 1.5
 * }</pre>
 */
public final class CommandProcess {
    /** Longest output line handed to the listener; the rest of a longer line is only written to the log. */
    public static final int MAX_LINE = 8_192;
    /** Characters of output kept in memory (the tail shown in a failed trial's error). */
    public static final int TAIL_CHARS = 4_000;
    /** Time between SIGTERM and SIGKILL when a program is stopped. */
    public static final Duration GRACE = Duration.ofSeconds(5);
    private static final long POLL_MS = 50;

    private final List<String> argv;
    private final Path directory;
    private final Map<String, String> environment;
    private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
    private volatile String stopReason;

    /** How a program ended. */
    public record Result(int exitCode, Duration duration, String stopReason, String tail, String lastLine, String lastNumber) {
        /** Whether it was stopped (timeout, pruning, interrupt) rather than ending by itself. */
        public boolean stopped() {
            return stopReason != null;
        }
    }

    /**
     * @param argv the program and its arguments
     * @param directory working directory, or null for the current one
     * @param environment variables added to this process's environment
     */
    public CommandProcess(List<String> argv, Path directory, Map<String, String> environment) {
        if (argv == null || argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs a program, received " + argv);
        }
        this.argv = List.copyOf(argv);
        this.directory = directory;
        this.environment = Map.copyOf(environment);
    }

    /**
     * Asks the running program to stop (its tree is ended); the first reason wins.
     *
     * @param reason recorded in the result
     */
    public synchronized void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    /**
     * Runs the program to its end.
     *
     * @param stdin text written to its standard input (then closed)
     * @param timeout the longest it may run
     * @param log file that receives the whole output, or null
     * @param lines receives each output line
     * @param stopRequested polled while it runs: a non-null reason stops it
     * @return how it ended
     * @throws IOException when the program cannot be started (missing, not executable) or the log not written
     */
    public Result run(String stdin, Duration timeout, Path log, Consumer<String> lines, Supplier<String> stopRequested) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        pb.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = pb.start();
        OutputReader reader = new OutputReader(process.getInputStream(), log, lines);
        Thread readerThread = new Thread(reader, "hf-command-output");
        readerThread.setDaemon(true);
        readerThread.start();
        writeInput(process, stdin);
        try {
            watch(process, start + timeout.toNanos(), timeout, stopRequested);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop("interrupted");
        } finally {
            endTree(process);
            finish(readerThread, process);
        }
        reader.rethrow();
        int exit = process.isAlive() ? -1 : process.exitValue();
        return new Result(exit, Duration.ofNanos(System.nanoTime() - start), stopReason, reader.tail(), reader.lastLine(), reader.lastNumber());
    }

    private void watch(Process process, long deadline, Duration timeout, Supplier<String> stopRequested) throws InterruptedException {
        while (!process.waitFor(POLL_MS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(seen::add);
            if (System.nanoTime() > deadline) {
                stop("timed out after " + format(timeout));
            } else if (stopRequested != null && stopReason == null) {
                String why = stopRequested.get();
                if (why != null) {
                    stop(why);
                }
            }
            if (stopReason != null) {
                return;
            }
        }
    }

    /** SIGTERM to the program and every descendant seen, SIGKILL to the survivors after {@link #GRACE}. */
    private void endTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(seen::add);
        tree.add(process.toHandle());
        tree.addAll(seen);
        tree.removeIf(h -> !h.isAlive());
        if (tree.isEmpty()) {
            return;
        }
        tree.forEach(ProcessHandle::destroy);
        long until = System.nanoTime() + GRACE.toNanos();
        while (System.nanoTime() < until && tree.stream().anyMatch(ProcessHandle::isAlive)) {
            process.descendants().forEach(h -> {
                if (seen.add(h)) {
                    tree.add(h);
                    h.destroy();
                }
            });
            sleep(POLL_MS);
        }
        process.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void finish(Thread readerThread, Process process) {
        try {
            readerThread.join(GRACE.toMillis());
            if (readerThread.isAlive()) {
                process.getInputStream().close(); // a process we did not see still holds the pipe
                readerThread.join(GRACE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    private static void writeInput(Process process, String stdin) {
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the program does not read its input
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code 1h}, {@code 90s}, {@code 250ms}: a duration as a user wrote it. */
    static String format(Duration d) {
        if (d.toMillis() % 3_600_000 == 0) {
            return d.toHours() + "h";
        }
        if (d.toMillis() % 60_000 == 0) {
            return d.toMinutes() + "m";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** Parses a line as a number the way programs print them ({@code 0.5}, {@code 1e-3}, {@code nan}, {@code -inf}); null otherwise. */
    public static Double number(String line) {
        String s = line.strip();
        if (s.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return Double.parseDouble(s);
        }
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("nan") || lower.equals("-nan") || lower.equals("+nan")) {
            return Double.NaN;
        }
        if (lower.matches("[-+]?inf(inity)?")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return null;
    }

    /** Streams the output to the log and the listener, keeping a tail and the last (numeric) line. */
    private final class OutputReader implements Runnable {
        private final InputStream in;
        private final Path log;
        private final Consumer<String> lines;
        private final StringBuilder tail = new StringBuilder();
        private final StringBuilder line = new StringBuilder();
        private volatile String lastLine;
        private volatile String lastNumber;
        private volatile RuntimeException failure;

        OutputReader(InputStream in, Path log, Consumer<String> lines) {
            this.in = in;
            this.log = log;
            this.lines = lines;
        }

        @Override
        public void run() {
            try (OutputStream out = log == null ? OutputStream.nullOutputStream() : Files.newOutputStream(log)) {
                java.nio.charset.CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
                java.io.Reader text = new java.io.InputStreamReader(new TeeStream(in, out), dec);
                char[] cbuf = new char[16_384];
                int n;
                while ((n = text.read(cbuf)) > 0) {
                    accept(cbuf, n);
                }
                endLine();
            } catch (IOException e) {
                if (!"Stream closed".equals(e.getMessage())) {
                    failure = new UncheckedIOException("cannot read or log the command's output: " + e.getMessage(), e);
                }
            } catch (RuntimeException e) {
                failure = e;
                stop("its output could not be handled: " + e.getMessage());
            }
        }

        private void accept(char[] cbuf, int n) {
            for (int i = 0; i < n; i++) {
                char c = cbuf[i];
                if (c == '\n') {
                    endLine();
                } else if (line.length() < MAX_LINE) {
                    line.append(c);
                }
            }
            synchronized (tail) {
                tail.append(cbuf, 0, n);
                if (tail.length() > 2 * TAIL_CHARS) {
                    tail.delete(0, tail.length() - TAIL_CHARS);
                }
            }
        }

        private void endLine() {
            String l = line.toString();
            line.setLength(0);
            if (l.endsWith("\r")) {
                l = l.substring(0, l.length() - 1);
            }
            if (!l.isBlank()) {
                lastLine = l.strip();
                if (number(l) != null) {
                    lastNumber = l.strip();
                }
            }
            lines.accept(l);
        }

        String tail() {
            synchronized (tail) {
                return tail.length() > TAIL_CHARS ? tail.substring(tail.length() - TAIL_CHARS) : tail.toString();
            }
        }

        String lastLine() {
            return lastLine;
        }

        String lastNumber() {
            return lastNumber;
        }

        void rethrow() {
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Copies every byte read to the log. */
    private static final class TeeStream extends java.io.FilterInputStream {
        private final OutputStream copy;

        TeeStream(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }
    }
}
