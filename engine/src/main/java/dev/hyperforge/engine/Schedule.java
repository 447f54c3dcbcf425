package dev.hyperforge.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.Param;

/**
 * The levels of a graph's layer calls: the calls of one level do not depend on each other, so the executor may
 * run them at once ({@link Branches}). A forward level holds the calls whose inputs all come from earlier levels;
 * a backward level the calls whose outputs' consumers all ran backward in earlier levels. Two calls that share a
 * layer or a parameter (a shared layer) never share a level, and keep their sequential order, so a parameter's
 * gradient sums its contributions in the same order as a sequential pass. Levels list node indices (positions in
 * {@link Graph#nodes()}) in the order a sequential pass runs them: ascending forward, descending backward.
 *
 * <pre>{@code
 * Schedule s = new Schedule(graph);
 * s.forward();   // S1: [[emb_t, emb_q], [lstm_t, lstm_q], [concat], [dense]] as node indices
 * }</pre>
 */
final class Schedule {
    private final List<int[]> forward;
    private final List<int[]> backward;
    private final boolean branched;

    Schedule(Graph graph) {
        List<Node> nodes = graph.nodes();
        Map<Node, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i), i);
        }
        List<List<Integer>> after = dependencies(nodes, index);
        int[] level = new int[nodes.size()];
        int[] backLevel = new int[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            for (int j : after.get(i)) {
                level[i] = Math.max(level[i], level[j] + 1);
            }
        }
        for (int i = nodes.size() - 1; i >= 0; i--) {
            for (int j : after.get(i)) {
                backLevel[j] = Math.max(backLevel[j], backLevel[i] + 1);
            }
        }
        this.forward = group(level, false);
        this.backward = group(backLevel, true);
        boolean any = false;
        for (int[] l : forward) {
            any |= l.length > 1;
        }
        this.branched = any;
    }

    /** For each node, the earlier nodes it must run after: its producers and earlier calls sharing a layer or parameter. */
    private static List<List<Integer>> dependencies(List<Node> nodes, Map<Node, Integer> index) {
        List<List<Integer>> after = new ArrayList<>();
        List<Set<Object>> owned = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            List<Integer> deps = new ArrayList<>();
            for (Tensor t : n.inputs()) {
                Integer p = index.get(t.node());
                if (p != null) {
                    deps.add(p);
                }
            }
            Set<Object> mine = Collections.newSetFromMap(new IdentityHashMap<>());
            Layer layer = Graph.layerOf(n);
            mine.add(layer);
            for (Param p : layer.params()) {
                mine.add(p);
            }
            for (int j = 0; j < i; j++) {
                if (!Collections.disjoint(mine, owned.get(j))) {
                    deps.add(j);
                }
            }
            owned.add(mine);
            after.add(deps);
        }
        return after;
    }

    private static List<int[]> group(int[] level, boolean descending) {
        int levels = 0;
        for (int l : level) {
            levels = Math.max(levels, l + 1);
        }
        List<int[]> out = new ArrayList<>();
        for (int l = 0; l < levels; l++) {
            List<Integer> members = new ArrayList<>();
            for (int k = 0; k < level.length; k++) {
                int i = descending ? level.length - 1 - k : k;
                if (level[i] == l) {
                    members.add(i);
                }
            }
            out.add(members.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /** The forward levels, first to last; each level's node indices ascending. */
    List<int[]> forward() {
        return forward;
    }

    /** The backward levels, first to last (outputs first); each level's node indices descending. */
    List<int[]> backward() {
        return backward;
    }

    /** Whether some level holds more than one call (the graph has branches that could run at once). */
    boolean branched() {
        return branched;
    }
}
