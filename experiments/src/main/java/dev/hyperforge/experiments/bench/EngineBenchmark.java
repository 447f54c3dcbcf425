package dev.hyperforge.experiments.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Backend;

/**
 * {@code hf bench engine}: median milliseconds per training batch (forward, backward, RMSprop update) and
 * per inference batch of the reference models, their peak memory, and the GEMM rate of the BLAS, in the
 * same shapes as {@code shared/bench/torch_peer.py} so the two can be compared as ratios.
 *
 * <p>Peak memory is the process's peak resident set size, as {@code torch_peer.py --rss} measures PyTorch's
 * ({@code getrusage}'s {@code ru_maxrss}): the kernel's high-water mark {@code VmHWM} from
 * {@code /proc/self/status}, read after each model, so it counts every page the process ever held at once,
 * file-backed pages of the native libraries included. ND4J allocates its native buffers outside JavaCPP's
 * byte count and outside the Java heap, so neither of those sees them. Where {@code /proc} is missing the
 * figure is the most of JavaCPP's {@link Pointer#physicalBytes} (resident memory less shared pages) sampled
 * after every batch, which is lower. It includes the JVM and the native libraries, and memory kept from
 * models benchmarked earlier in the same process, so a clean per-model figure comes from one model per run
 * ({@code --models s2}); the GEMM rate is measured after the models for the same reason.
 */
public final class EngineBenchmark {
    private EngineBenchmark() {
    }

    /**
     * One model's figures. {@code warmUpSeconds}: the training and inference warm-ups together; {@code jitMsTimed}: the
     * JIT compilers' time during the timed steps (-1 where the JVM does not time them); {@code quiet}: whether both
     * warm-ups ended with the compilers quiet ({@link WarmUp#JIT}).
     */
    public record Result(String model, int batch, long params, double trainMsPerBatch, double inferMsPerBatch, long peakBytes,
            double warmUpSeconds, long jitMsTimed, boolean quiet) {
    }

    /** Runs the named models for {@code batches} timed steps each, after a {@link WarmUp#JIT} warm-up. */
    public static List<Result> run(List<String> models, int batches) {
        return run(models, batches, WarmUp.JIT);
    }

    /** Runs the named models for {@code batches} timed steps each, after a warm-up of the given kind. */
    public static List<Result> run(List<String> models, int batches, WarmUp warmUp) {
        Backend.init();
        List<Result> results = new ArrayList<>();
        for (String name : models) {
            results.add(one(name, batches, warmUp));
            System.gc();
        }
        return results;
    }

    private static Result one(String name, int batches, WarmUp warmUp) {
        ReferenceModels.Case c = ReferenceModels.build(name);
        long[] peak = {0};
        java.util.function.LongSupplier jit = WarmUp.compilerMillis();
        Runnable trainStep = () -> {
            c.model().trainOnBatch(c.x(), c.y());
            peak[0] = Math.max(peak[0], residentBytes());
        };
        Runnable inferStep = () -> {
            c.model().predict(c.x(), c.batch());
            peak[0] = Math.max(peak[0], residentBytes());
        };
        WarmUp.Done trainWarm = warmUp.run(trainStep);
        long jit0 = jit == null ? 0 : jit.getAsLong();
        double[] train = timed(trainStep, batches);
        long jitTimed = jit == null ? 0 : jit.getAsLong() - jit0;
        WarmUp.Done inferWarm = warmUp.run(inferStep);
        jit0 = jit == null ? 0 : jit.getAsLong();
        double[] infer = timed(inferStep, batches);
        jitTimed += jit == null ? 0 : jit.getAsLong() - jit0;
        return new Result(name, c.batch(), c.model().countParams(), median(train), median(infer), Math.max(peak[0], peakResidentBytes()),
                (trainWarm.nanos() + inferWarm.nanos()) / 1e9, jit == null ? -1 : jitTimed, trainWarm.quiet() && inferWarm.quiet());
    }

    /** Milliseconds of each of {@code batches} calls of {@code step}. */
    private static double[] timed(Runnable step, int batches) {
        double[] ms = new double[batches];
        for (int i = 0; i < batches; i++) {
            long t0 = System.nanoTime();
            step.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    /** The process's resident set size now, less shared pages (JavaCPP reads it from {@code /proc/self/statm} on Linux). */
    static long residentBytes() {
        return Pointer.physicalBytes();
    }

    /** The process's peak resident set size so far ({@code VmHWM}, what {@code ru_maxrss} reports), or 0 where it cannot be read. */
    static long peakResidentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /**
     * GEMM rate in GFLOPS of a 1024³ float matrix product (median of 5) through libnd4j's {@code matmul}
     * op, the one the engine's layers use (oneDNN on the avx512 build), not {@code INDArray.mmul}'s OpenBLAS.
     */
    public static double gemmGflops() {
        Backend.init();
        int n = 1024;
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        MMulTranspose plain = MMulTranspose.builder().build();
        double[] ms = new double[5];
        Nd4j.exec(new Mmul(a, b, c, plain));
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            Nd4j.exec(new Mmul(a, b, c, plain));
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return 2.0 * n * n * n / (median(ms) * 1e6);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Prints the figures as a table or as JSON (one object per model). */
    public static void print(List<Result> results, double gflops, String format, PrintWriter out) {
        if ("json".equals(format)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Result r : results) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("model", r.model());
                m.put("batch", r.batch());
                m.put("params", r.params());
                m.put("train_ms_per_batch", round(r.trainMsPerBatch()));
                m.put("infer_ms_per_batch", round(r.inferMsPerBatch()));
                m.put("peak_memory_mb", r.peakBytes() / (1024 * 1024));
                m.put("gemm_gflops", round(gflops));
                m.put("warm_up_s", round(r.warmUpSeconds()));
                m.put("jit_ms_timed", r.jitMsTimed());
                m.put("jit_quiet", r.quiet());
                rows.add(m);
            }
            try {
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        out.printf("engine: ND4J %s, native %s, %d threads, OMP_WAIT_POLICY %s; GEMM %.1f GFLOPS%n", Backend.backendName(),
                Backend.nativeClassifier(), Backend.nativeThreads(), Backend.openMpWaitPolicy(), gflops);
        out.println("model\tbatch\tparams\ttrain_ms_per_batch\tinfer_ms_per_batch\tpeak_memory_mb\twarm_up_s\tjit_quiet\tjit_ms_timed");
        for (Result r : results) {
            out.printf(java.util.Locale.ROOT, "%s\t%d\t%d\t%s\t%s\t%d\t%.1f\t%s\t%d%n", r.model(), r.batch(), r.params(), ms(r.trainMsPerBatch()),
                    ms(r.inferMsPerBatch()), r.peakBytes() / (1024 * 1024), r.warmUpSeconds(), r.quiet() ? "yes" : "no", r.jitMsTimed());
        }
    }

    /** Two decimals, four below 1 (an S9 prediction takes a few hundredths of a millisecond). */
    private static double round(double v) {
        return Math.abs(v) < 1 ? Math.round(v * 10_000) / 10_000.0 : Math.round(v * 100) / 100.0;
    }

    private static String ms(double v) {
        return Math.abs(v) < 1 ? String.format(java.util.Locale.ROOT, "%.4f", v) : String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
