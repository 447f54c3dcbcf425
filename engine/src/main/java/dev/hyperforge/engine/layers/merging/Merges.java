package dev.hyperforge.engine.layers.merging;

import java.util.List;

import dev.hyperforge.engine.Shape;

/** Helpers shared by the merge layers ({@link Add}, {@link Concatenate}). */
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
}
