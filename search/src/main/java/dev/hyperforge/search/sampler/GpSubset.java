package dev.hyperforge.search.sampler;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The observations the {@link GpSampler}'s Gaussian process is conditioned on once a study has more than
 * {@code size} completed trials (a subset-of-data GP, whose cost no longer grows with the study): the
 * {@code size / 2} trials with the smallest loss, where the acquisition searches, and the rest of the places
 * spread evenly in trial order over the other trials, so the model still knows the regions it has left.
 *
 * <pre>{@code
 * int[] keep = GpSubset.select(new double[] {5, 1, 4, 2, 3}, 4);   // {0, 1, 2, 3}: the best two, then 0 and 2
 * }</pre>
 */
final class GpSubset {

    private GpSubset() {
    }

    /**
     * @param loss losses of the completed trials in trial order
     * @param size the largest subset
     * @return indices of the kept trials in increasing order (all of them when there are at most {@code size})
     */
    static int[] select(double[] loss, int size) {
        int n = loss.length;
        if (n <= size) {
            return IntStream.range(0, n).toArray();
        }
        int best = size / 2;
        boolean[] kept = new boolean[n];
        IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> loss[i]).thenComparing(i -> i))
                .limit(best).forEach(i -> kept[i] = true);
        int[] rest = IntStream.range(0, n).filter(i -> !kept[i]).toArray();
        int spread = size - best;
        for (int j = 0; j < spread; j++) {
            kept[rest[(int) ((long) j * rest.length / spread)]] = true;
        }
        return IntStream.range(0, n).filter(i -> kept[i]).toArray();
    }

    /**
     * @param n the number of observations
     * @param size how many to keep, at most {@code n}
     * @return {@code size} indices spread evenly over {@code 0..n-1}, the {@code i}-th being {@code ⌊i·n/size⌋}
     */
    static int[] spread(int n, int size) {
        return IntStream.range(0, size).map(i -> (int) ((long) i * n / size)).toArray();
    }

    /** @return the rows of {@code a} at {@code keep} */
    static double[][] rows(double[][] a, int[] keep) {
        return Arrays.stream(keep).mapToObj(i -> a[i]).toArray(double[][]::new);
    }

    /** @return the entries of {@code a} at {@code keep} */
    static double[] entries(double[] a, int[] keep) {
        return Arrays.stream(keep).mapToDouble(i -> a[i]).toArray();
    }
}
