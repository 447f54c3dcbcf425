package dev.hyperforge.search.internal;

import dev.hyperforge.search.space.CategoricalDistribution;
import dev.hyperforge.search.space.Distribution;
import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.IntDistribution;
import dev.hyperforge.search.space.SearchSpace;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every combination of a search space whose parameters all take finitely many values (categorical, int, float with
 * a step or with {@code low == high}), enumerated in a fixed order: nested loops over the parameters in declaration
 * order, the last parameter changing fastest, each parameter's values in ascending order (categoricals in declared
 * order). A conditional parameter is enumerated only in the combinations where it is active, so no two
 * combinations are equal.
 *
 * <pre>{@code
 * Grid grid = Grid.of(space);              // IllegalArgumentException naming a continuous parameter
 * grid.forEach(params -> { System.out.println(params); return true; });
 * }</pre>
 */
public final class Grid {

    private final List<SearchSpace.Parameter> parameters;

    private Grid(SearchSpace space) {
        this.parameters = space.parameters();
    }

    /**
     * @param space a space whose parameters are all finite
     * @return its grid
     * @throws IllegalArgumentException naming the first parameter with infinitely many values
     */
    public static Grid of(SearchSpace space) {
        for (SearchSpace.Parameter p : space.parameters()) {
            String why = infinite(p.distribution());
            if (why != null) {
                throw new IllegalArgumentException("the grid sampler needs every parameter to have finitely many values"
                        + " (categorical, int, or float with a step): parameter '" + p.name() + "' is " + why
                        + "; give it a step, make it categorical, or use another sampler");
            }
        }
        return new Grid(space);
    }

    private static String infinite(Distribution d) {
        if (d instanceof FloatDistribution f && f.step() == 0 && f.high() > f.low()) {
            return "a continuous float in [" + f.low() + ", " + f.high() + "]" + (f.log() ? " (log scale)" : "");
        }
        if (!(d instanceof FloatDistribution || d instanceof IntDistribution || d instanceof CategoricalDistribution)) {
            return "a " + d.getClass().getSimpleName().replace("Distribution", "").toLowerCase(java.util.Locale.ROOT)
                    + " (continuous weights)";
        }
        return null;
    }

    /**
     * Visits the combinations in grid order until the visitor returns false.
     *
     * @param visitor receives each combination (an unmodifiable ordered map); false stops the walk
     * @return true if every combination was visited
     */
    public boolean forEach(Predicate<Map<String, Object>> visitor) {
        return visit(0, new LinkedHashMap<>(), visitor);
    }

    /** @return how many combinations there are (walks the grid) */
    public long size() {
        long[] n = {0};
        forEach(p -> ++n[0] > 0);
        return n[0];
    }

    private boolean visit(int i, LinkedHashMap<String, Object> prefix, Predicate<Map<String, Object>> visitor) {
        if (i == parameters.size()) {
            return visitor.test(Collections.unmodifiableMap(new LinkedHashMap<>(prefix)));
        }
        SearchSpace.Parameter p = parameters.get(i);
        if (p.condition() != null && !p.condition().test(prefix.get(p.condition().parent()))) {
            return visit(i + 1, prefix, visitor);
        }
        int count = count(p.distribution());
        for (int k = 0; k < count; k++) {
            prefix.put(p.name(), value(p.distribution(), k));
            if (!visit(i + 1, prefix, visitor)) {
                prefix.remove(p.name());
                return false;
            }
        }
        prefix.remove(p.name());
        return true;
    }

    private static int count(Distribution d) {
        if (d instanceof FloatDistribution f) {
            return f.step() > 0 ? f.size() : 1;
        }
        if (d instanceof IntDistribution n) {
            return n.size();
        }
        return ((CategoricalDistribution) d).choices().size();
    }

    private static Object value(Distribution d, int k) {
        if (d instanceof FloatDistribution f) {
            return f.step() > 0 ? f.gridValue(k) : f.low();
        }
        if (d instanceof IntDistribution n) {
            return n.low() + k * n.step();
        }
        return ((CategoricalDistribution) d).choices().get(k);
    }
}
