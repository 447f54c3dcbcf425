package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import dev.hyperforge.engine.kernels.ParallelProbe;

/**
 * {@link Backend#shareCores}: N trainings in one JVM get cores / N threads each, in ND4J, the BLAS library, the
 * engine's own kernel pool and OpenMP. The tests run with {@code OMP_NUM_THREADS=1} (surefire), so "cores" is 1 and
 * every share is 1 thread; the counts are raised first so that the call has something to change.
 */
class BackendShareCoresTest {

    @Test
    void twoWorkersShareTheCoresInEveryThreadPool() throws Exception {
        Backend.init();
        int cores = Integer.parseInt(System.getenv().getOrDefault("OMP_NUM_THREADS",
                String.valueOf(Runtime.getRuntime().availableProcessors())));
        int before = Nd4j.getEnvironment().maxMasterThreads();
        try {
            Nd4j.getEnvironment().setMaxThreads(cores * 4);
            Nd4j.getEnvironment().setMaxMasterThreads(cores * 4);
            Nd4j.factory().blas().setMaxThreads(cores * 4);
            int each = Backend.shareCores(2);
            assertEquals(Math.max(1, cores / 2), each);
            assertEquals(each, Nd4j.getEnvironment().maxThreads());
            assertEquals(each, Nd4j.getEnvironment().maxMasterThreads());
            assertEquals(each, Backend.nativeThreads());
            assertEquals(each, Nd4j.factory().blas().getMaxThreads());
            assertEquals(each, ParallelProbe.threads(), "the engine's kernel pool follows");
            int[] omp = new int[1];
            Thread trainer = new Thread(() -> {
                NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(cores * 4);
                Backend.applyThreadLimit();
                omp[0] = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
            });
            trainer.start();
            trainer.join();
            assertEquals(each, omp[0], "a training thread's OpenMP share");
        } finally {
            Nd4j.getEnvironment().setMaxThreads(before);
            Nd4j.getEnvironment().setMaxMasterThreads(before);
            ParallelProbe.follow();
        }
    }

    @Test
    void oneWorkerChangesNothingAndNoneIsRefused() {
        int before = Backend.nativeThreads();
        assertEquals(before, Backend.shareCores(1));
        assertEquals(before, Backend.nativeThreads());
        assertThrows(IllegalArgumentException.class, () -> Backend.shareCores(0));
    }
}
