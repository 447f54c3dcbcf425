package dev.hyperforge.engine.layers.merging;

import java.util.List;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;

/** Helpers shared by the merge layers ({@link Add}, {@link Concatenate}, the element-wise merges). */
final class Merges {
    private Merges() {
    }

    /** {@code (None, 32) and (None, 5, 16)}; three or more as {@code a, b and c}. */
    static String list(List<Shape> shapes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shapes.size(); i++) {
            if (i > 0) {
                b.append(i == shapes.size() - 1 ? " and " : ", ");
            }
            b.append(shapes.get(i));
        }
        return b.toString();
    }

    /** Whether two dimensions agree; an unknown dimension agrees with anything. */
    static boolean compatible(int a, int b) {
        return a == Shape.UNKNOWN || b == Shape.UNKNOWN || a == b;
    }

    /**
     * The output shape of an element-wise merge: every input of the same rank and compatible dimensions;
     * an unknown feature dimension takes a known one.
     *
     * @throws IllegalArgumentException naming {@code layer} and every input shape
     */
    static Shape equalShapes(Layer layer, List<Shape> in) {
        Shape first = in.get(0);
        int[] out = first.dims().clone();
        for (Shape s : in.subList(1, in.size())) {
            if (s.rank() != first.rank()) {
                throw layer.error("expects inputs of equal shapes, received " + list(in));
            }
            for (int d = 0; d < out.length; d++) {
                if (!compatible(out[d], s.dim(d))) {
                    throw layer.error("expects inputs of equal shapes, received " + list(in));
                }
                if (out[d] == Shape.UNKNOWN && d > 0) {
                    out[d] = s.dim(d);
                }
            }
        }
        return Shape.of(out);
    }
}
