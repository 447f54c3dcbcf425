package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The collection {@link NativeMemory#check} asks for frees native buffers whose Java objects are garbage. */
class NativeMemoryTest {
    @Test
    void collectsOnceTheResidentSetHasGrownAndFreesTheGarbageBuffers() throws InterruptedException {
        Backend.init();
        NativeMemory.check();   // sets the baseline (or collects what earlier tests left)
        assertFalse(NativeMemory.check(), "no growth, no collection");
        long before = Pointer.physicalBytes();
        long collections = NativeMemory.collections();
        List<INDArray> garbage = new ArrayList<>();
        long target = NativeMemory.GROWTH + Math.max(0, before / 2) + (128L << 20);
        for (long n = 0; n < target; n += 64L << 20) {
            garbage.add(Nd4j.zeros(DataType.FLOAT, 16L << 20));   // 64 MB each, pages touched
        }
        long grown = Pointer.physicalBytes();
        assertTrue(grown - before > NativeMemory.GROWTH, "the buffers raised the resident set: " + (before >> 20) + " -> " + (grown >> 20) + " MB");
        garbage.clear();
        assertTrue(NativeMemory.check(), "grown past the threshold: a collection");
        assertEquals(collections + 1, NativeMemory.collections());
        long after = Pointer.physicalBytes();
        for (int i = 0; i < 50 && after > grown - (NativeMemory.GROWTH / 2); i++) {
            Thread.sleep(20);   // ND4J's deallocator thread frees the collected buffers
            after = Pointer.physicalBytes();
        }
        assertTrue(after < grown - NativeMemory.GROWTH / 2, "the garbage buffers were freed: " + (grown >> 20) + " -> " + (after >> 20) + " MB");
    }
}
