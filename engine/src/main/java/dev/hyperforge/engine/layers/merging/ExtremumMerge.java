package dev.hyperforge.engine.layers.merging;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base of {@link Maximum} and {@link Minimum}: the element-wise extremum, and a backward pass that
 * routes each element's gradient to the first input holding the extremum.
 */
abstract class ExtremumMerge extends ElementwiseMerge {
    /** The element-wise extremum of two arrays, as a new array. */
    abstract INDArray pair(INDArray best, INDArray x);

    /** A boolean array: where {@code x} equals the extremum (the same test for the maximum and the minimum). */
    private static INDArray wins(INDArray x, INDArray extremum) {
        return x.eq(extremum);
    }

    @Override
    final INDArray combine(List<INDArray> inputs) {
        INDArray out = pair(inputs.get(0), inputs.get(1));
        for (int i = 2; i < inputs.size(); i++) {
            out = pair(out, inputs.get(i));
        }
        return out;
    }

    @Override
    final List<INDArray> gradients(List<INDArray> inputs, INDArray g) {
        INDArray extremum = combine(inputs);
        INDArray taken = g.ulike().assign(0);
        List<INDArray> grads = new ArrayList<>(inputs.size());
        for (INDArray x : inputs) {
            INDArray mine = wins(x, extremum).castTo(g.dataType()).muli(taken.rsub(1));
            taken.addi(mine);
            grads.add(mine.muli(g));
        }
        return grads;
    }
}
