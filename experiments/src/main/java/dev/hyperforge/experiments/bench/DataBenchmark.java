package dev.hyperforge.experiments.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.hyperforge.experiments.data.CsvLoader;
import dev.hyperforge.experiments.data.DataSet;

/**
 * {@code hf bench data}: writes a seeded numeric CSV (rows × columns, six decimals, as pandas' {@code read_csv}
 * benchmark file) and loads it with the {@code csv} loader several times, reporting the median load time and the
 * memory the load needed next to the size of the float32 array it produced. Memory is the sum of the peak usage
 * of the heap pools during the load (an upper bound, as pools peak at different moments) plus the native memory of
 * the resulting arrays.
 *
 * <pre>{@code
 * DataBenchmark.Result r = DataBenchmark.run(1_000_000, 20, 3, null);
 * DataBenchmark.print(r, out);
 * }</pre>
 */
public final class DataBenchmark {
    private DataBenchmark() {
    }

    /**
     * The figures of one benchmark.
     *
     * @param rows rows of the file
     * @param columns columns of the file
     * @param fileBytes the file's size
     * @param seconds the load time of each repeat
     * @param cpuSeconds the CPU time of the loading thread in each repeat (the load is single-threaded, so on an idle
     *     core this is its wall time; on a shared machine it is the figure that does not depend on the other load)
     * @param peakHeapBytes the largest heap peak of a repeat, above the heap in use before it
     * @param arrayBytes the native bytes of the loaded arrays (rows × columns × 4)
     * @param file where the CSV is
     */
    public record Result(int rows, int columns, long fileBytes, double[] seconds, double[] cpuSeconds, long peakHeapBytes, long arrayBytes,
            Path file) {
        /** The median load time. */
        public double medianSeconds() {
            return median(seconds);
        }

        /** The median CPU time of the loading thread. */
        public double medianCpuSeconds() {
            return median(cpuSeconds);
        }

        private static double median(double[] v) {
            double[] s = v.clone();
            Arrays.sort(s);
            return s[s.length / 2];
        }

        /** Memory of the load (heap peak + arrays) over the float array's size. */
        public double memoryRatio() {
            return (peakHeapBytes + arrayBytes) / (double) arrayBytes;
        }
    }

    /**
     * Writes the file (to {@code keep}, or a temporary file removed afterwards) and loads it {@code repeats} times.
     */
    public static Result run(int rows, int columns, int repeats, Path keep) {
        try {
            Path file = keep != null ? keep : Files.createTempFile("hf-bench-data", ".csv");
            write(file, rows, columns, 42L);
            double[] seconds = new double[repeats];
            double[] cpu = new double[repeats];
            java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long peak = 0;
            long arrays = 0;
            for (int i = 0; i < repeats; i++) {
                long before = heapInUse();
                long t0 = System.nanoTime();
                long c0 = threads.getCurrentThreadCpuTime();
                DataSet d = new CsvLoader().load(Map.of("path", file.getFileName().toString(), "targets", List.of("c" + (columns - 1)),
                        "normalize", false), 0L, file.toAbsolutePath().getParent());
                seconds[i] = (System.nanoTime() - t0) / 1e9;
                cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
                peak = Math.max(peak, heapPeak() - before);
                arrays = (d.x().get("features").length() + d.y().values().iterator().next().length()) * 4L;
            }
            Result r = new Result(rows, columns, Files.size(file), seconds, cpu, peak, arrays, keep);
            if (keep == null) {
                Files.delete(file);
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A header {@code c0..c(k-1)} and rows of seeded numbers in [-100, 100) with six decimals. */
    static void write(Path file, int rows, int columns, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < columns; j++) {
                sb.append(j == 0 ? "" : ",").append('c').append(j);
            }
            w.append(sb).append('\n');
            for (int i = 0; i < rows; i++) {
                sb.setLength(0);
                for (int j = 0; j < columns; j++) {
                    long micro = r.nextLong(-100_000_000L, 100_000_000L);
                    sb.append(j == 0 ? "" : ",").append(micro < 0 ? "-" : "").append(Math.abs(micro) / 1_000_000).append('.');
                    String frac = Long.toString(Math.abs(micro) % 1_000_000);
                    sb.append("000000", 0, 6 - frac.length()).append(frac);
                }
                w.append(sb).append('\n');
            }
        }
    }

    private static long heapInUse() {
        System.gc();
        long used = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
                used += p.getUsage().getUsed();
            }
        }
        return used;
    }

    private static long heapPeak() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** Prints the figures against the goal (≤ 3 s, memory ≤ 2× the float array). */
    public static void print(Result r, PrintWriter out) {
        double mb = 1024 * 1024;
        out.printf(java.util.Locale.ROOT, "csv %d x %d (%.0f MB): load median %.2f s of %s (goal <= 3 s)%n", r.rows(), r.columns(), r.fileBytes() / mb,
                r.medianSeconds(), Arrays.toString(Arrays.stream(r.seconds()).map(s -> Math.round(s * 100) / 100.0).toArray()));
        out.printf(java.util.Locale.ROOT, "load CPU time (one thread) median %.2f s of %s; load average now %.1f on %d cores%n", r.medianCpuSeconds(),
                Arrays.toString(Arrays.stream(r.cpuSeconds()).map(s -> Math.round(s * 100) / 100.0).toArray()),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
        out.printf(java.util.Locale.ROOT, "memory: heap peak %.0f MB + arrays %.0f MB = %.2fx the float32 array (goal <= 2x)%n", r.peakHeapBytes() / mb,
                r.arrayBytes() / mb, r.memoryRatio());
        if (r.file() != null) {
            out.println("file kept at " + r.file() + " (compare: /usr/bin/python3 experiments/tools/pandas_read_csv.py " + r.file() + ")");
        }
        out.flush();
    }
}
