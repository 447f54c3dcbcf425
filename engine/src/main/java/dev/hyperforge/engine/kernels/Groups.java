package dev.hyperforge.engine.kernels;

/**
 * The positions of each distinct id of a batch, for {@link TokenConv}: ids numbered {@code 0 … count()-1} in
 * the order of their first position, and each one's positions in ascending order (a counting sort, two passes
 * over the ids and one over a vocabulary-sized table).
 *
 * <pre>{@code
 * Groups g = Groups.of(new int[] {7, 3, 7}, 10);   // count 2: id 7 at positions 0 and 2, id 3 at 1
 * for (int q = g.start(0); q < g.start(1); q++) { int n = g.position(q); }
 * }</pre>
 */
final class Groups {
    private final int[] ids;
    private final int[] starts;
    private final int[] positions;

    private Groups(int[] ids, int[] starts, int[] positions) {
        this.ids = ids;
        this.starts = starts;
        this.positions = positions;
    }

    /** Groups {@code ids}, each in {@code [0, vocabulary)}. */
    static Groups of(int[] ids, int vocabulary) {
        int[] slot = new int[vocabulary];
        java.util.Arrays.fill(slot, -1);
        int[] of = new int[ids.length];
        int[] counts = new int[ids.length + 1];
        int u = 0;
        for (int n = 0; n < ids.length; n++) {
            int s = slot[ids[n]];
            if (s < 0) {
                s = u++;
                slot[ids[n]] = s;
            }
            of[n] = s;
            counts[s + 1]++;
        }
        int[] distinct = new int[u];
        for (int n = 0; n < ids.length; n++) {
            distinct[of[n]] = ids[n];
        }
        int[] starts = java.util.Arrays.copyOf(counts, u + 1);
        for (int s = 0; s < u; s++) {
            starts[s + 1] += starts[s];
        }
        int[] fill = java.util.Arrays.copyOf(starts, u);
        int[] positions = new int[ids.length];
        for (int n = 0; n < ids.length; n++) {
            positions[fill[of[n]]++] = n;
        }
        return new Groups(distinct, starts, positions);
    }

    /** The number of distinct ids. */
    int count() {
        return ids.length;
    }

    /** The distinct ids, in the order of their first position. */
    int[] ids() {
        return ids;
    }

    /** Where id {@code u}'s positions begin in {@link #position}; {@code start(count())} is the number of positions. */
    int start(int u) {
        return starts[u];
    }

    /** The {@code q}-th position, grouped by id. */
    int position(int q) {
        return positions[q];
    }
}
