package dev.hyperforge.engine;

import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Per-row weights of a fit: Keras' {@code sample_weight} as given, or {@code class_weight} turned into one weight per row. */
final class SampleWeights {
    private SampleWeights() {
    }

    /** The training rows' weights from the options, or null when none are given. */
    static double[] of(FitOptions o, List<INDArray> y, long rows) {
        if (o.sampleWeight() != null) {
            double[] w = o.sampleWeight();
            if (w.length != rows) {
                throw new IllegalArgumentException("sample_weight has " + w.length + " values but the data has " + rows + " rows");
            }
            return w;
        }
        if (o.classWeight() == null) {
            return null;
        }
        if (y.size() != 1) {
            throw new IllegalArgumentException("class_weight is only supported for models with a single output (as Keras); this one has " + y.size());
        }
        return fromClasses(o.classWeight(), y.get(0));
    }

    /** One weight per row: the weight of the row's class (arg-max of one-hot rows, else the rounded value); 1 for unlisted classes. */
    static double[] fromClasses(Map<Integer, Double> classWeight, INDArray y) {
        long n = y.size(0);
        INDArray flat = y.reshape(n, y.length() / n);
        double[] w = new double[(int) n];
        if (flat.size(1) > 1) {
            INDArray ids = flat.argMax(1);
            for (int i = 0; i < n; i++) {
                w[i] = classWeight.getOrDefault(ids.getInt(i), 1.0);
            }
        } else {
            INDArray col = flat.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            for (int i = 0; i < n; i++) {
                w[i] = classWeight.getOrDefault((int) Math.round(col.getDouble(i, 0)), 1.0);
            }
        }
        return w;
    }

    /** The weights of rows {@code idx} as a vector of {@code dtype}. */
    static INDArray rows(double[] w, int[] idx, org.nd4j.linalg.api.buffer.DataType dtype) {
        double[] b = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            b[i] = w[idx[i]];
        }
        return Nd4j.createFromArray(b).castTo(dtype);
    }

    /** The weights of rows [from, to), or null when {@code w} is null. */
    static double[] range(double[] w, long from, long to) {
        return w == null ? null : java.util.Arrays.copyOfRange(w, (int) from, (int) to);
    }
}
