package dev.hyperforge.experiments.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SplitsTest {
    /** Samples whose single feature is their own index, target = index too. */
    static DataSet indexed(int n, Set<String> standardize) {
        INDArray x = Nd4j.arange(n).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).reshape(n, 1);
        return new DataSet(Map.of("x", x), Map.of("y", x.dup()), null, null, new Fingerprint().update("t").hex(), "indexed", standardize);
    }

    static Set<Integer> ids(INDArray y) {
        Set<Integer> s = new HashSet<>();
        for (int i = 0; i < y.size(0); i++) {
            s.add((int) y.getFloat(i, 0));
        }
        return s;
    }

    /**
     * The row gather of a split copies exactly the elements {@code getRows} does, for every numeric type, rank 3 and
     * a single column (the native gather for these types), and for the types and cases that keep {@code getRows}.
     */
    @Test
    void rowGatherCopiesTheSameElementsAsGetRows() {
        int[] idx = {5, 0, 17, 17, 3, 19};
        long[] rows = {5, 0, 17, 17, 3, 19};
        org.nd4j.linalg.api.buffer.DataType[] types = {org.nd4j.linalg.api.buffer.DataType.FLOAT, org.nd4j.linalg.api.buffer.DataType.DOUBLE,
            org.nd4j.linalg.api.buffer.DataType.INT32, org.nd4j.linalg.api.buffer.DataType.INT64, org.nd4j.linalg.api.buffer.DataType.BOOL};
        for (org.nd4j.linalg.api.buffer.DataType t : types) {
            for (long[] shape : new long[][] {{20, 7}, {20, 1}, {20, 3, 4}}) {
                INDArray v = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, shape).subi(0.5).muli(1000).castTo(t);
                INDArray got = DataSet.rows(Map.of("v", v), rows).get("v");
                INDArray flat = v.reshape('c', 20, v.length() / 20);
                long[] outShape = shape.clone();
                outShape[0] = idx.length;
                INDArray expected = flat.getRows(idx).reshape('c', outShape);
                assertEquals(List.of(expected.shape().length, t, 'c'), List.of(got.shape().length, got.dataType(), got.ordering()));
                assertTrue(java.util.Arrays.equals(expected.shape(), got.shape()), t + " " + java.util.Arrays.toString(shape));
                assertTrue(java.util.Arrays.equals(expected.dup('c').data().asBytes(), got.dup('c').data().asBytes()), t + " " + java.util.Arrays.toString(shape));
            }
        }
        INDArray none = DataSet.rows(Map.of("v", Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 20, 2)), new long[0]).get("v");
        assertEquals(0, none.size(0));
    }

    @Test
    void kFoldValidationPartsPartitionTheData() {
        List<Split> folds = Splits.kfold(indexed(506, Set.of()), 4, 11L);
        assertEquals(4, folds.size());
        Set<Integer> seen = new HashSet<>();
        for (Split f : folds) {
            Set<Integer> val = ids(f.valY().get("y"));
            Set<Integer> train = ids(f.trainY().get("y"));
            assertEquals(506, val.size() + train.size());
            train.retainAll(val);
            assertTrue(train.isEmpty(), "no sample is in both parts of a fold");
            int before = seen.size();
            seen.addAll(val);
            assertEquals(before + val.size(), seen.size(), "validation parts are disjoint");
            assertTrue(val.size() == 126 || val.size() == 127);
        }
        assertEquals(506, seen.size(), "every sample validates exactly once");
        assertEquals(ids(Splits.kfold(indexed(506, Set.of()), 4, 11L).get(2).valY().get("y")), ids(folds.get(2).valY().get("y")),
                "same seed, same folds");
    }

    @Test
    void standardisationUsesTrainingStatisticsOnly() {
        Split s = Splits.holdout(indexed(100, Set.of("x")), 0.3, 5L);
        INDArray rawTrain = s.trainY().get("y");
        INDArray rawVal = s.valY().get("y");
        double mean = rawTrain.meanNumber().doubleValue();
        double std = rawTrain.stdNumber().doubleValue() * Math.sqrt((rawTrain.length() - 1.0) / rawTrain.length());
        assertEquals(0.0, s.trainX().get("x").meanNumber().doubleValue(), 1e-4);
        assertEquals((rawVal.getFloat(0, 0) - mean) / std, s.valX().get("x").getFloat(0, 0), 1e-4);
        assertNotEquals(0.0, s.valX().get("x").meanNumber().doubleValue(), 1e-3, "validation is not re-centred on its own statistics");
        assertEquals(rawVal.getFloat(0, 0), s.valY().get("y").getFloat(0, 0), "targets are not standardised");
    }

    @Test
    void bostonLoadsAllRowsAndStandardisesPerFold() {
        DataSet d = DataLoaders.get("boston").load(Map.of(), 0L);
        assertEquals(506, d.samples());
        assertEquals(13, d.x().get("features").size(1));
        assertEquals(24.0, d.y().get("price").getFloat(0, 0), 1e-4);
        List<Split> folds = Splits.kfold(d, 4, 1L);
        INDArray tx = folds.get(0).trainX().get("features");
        assertEquals(0.0, tx.mean(0).amaxNumber().doubleValue(), 1e-3);
    }
}
