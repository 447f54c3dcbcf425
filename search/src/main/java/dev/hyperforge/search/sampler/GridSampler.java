package dev.hyperforge.search.sampler;

import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.internal.Grid;
import dev.hyperforge.search.space.SearchSpace;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Exhaustive search: every combination of a space whose parameters all take finitely many values (categorical,
 * int, float with a step), in the grid's fixed order (see {@link Grid}: declaration order, last parameter fastest;
 * conditional parameters only where active). Each trial takes the first combination that no finished or running
 * trial has, so parallel workers do not repeat one (unless two ask at the same instant, before either trial has
 * its parameters); once every combination has been tried, trial {@code n} repeats
 * combination {@code n mod size}. A space with a continuous parameter is refused when the study is built, with a
 * message naming the parameter.
 *
 * <pre>{@code
 * SearchSpace space = SearchSpace.builder()
 *     .add("optimizer", CategoricalDistribution.of("adam", "sgd"))
 *     .add("dropout", FloatDistribution.stepped(0.0, 0.5, 0.25))
 *     .build();                                  // 6 combinations
 * Study study = Study.builder("grid", space).sampler(new GridSampler()).build();
 * }</pre>
 */
public final class GridSampler implements Sampler {

    /** Creates a grid sampler. */
    public GridSampler() {
    }

    @Override
    public String name() {
        return "grid";
    }

    @Override
    public String settingsJson() {
        return "{}";
    }

    @Override
    public void checkSpace(SearchSpace space) {
        Grid.of(space);
    }

    @Override
    public Suggestion suggest(SamplingContext context) {
        Grid grid = Grid.of(context.space());
        Set<Map<String, Object>> used = new HashSet<>();
        Stream.concat(context.finished().stream(), context.pending().stream())
                .map(FrozenTrial::params).filter(p -> !p.isEmpty()).forEach(p -> used.add(canonical(context, p)));
        Map<String, Object>[] found = firstUnused(grid, used);
        if (found[0] != null) {
            return Suggestion.of(found[0]);
        }
        long size = grid.size();
        long target = context.trialNumber() % size;
        long[] position = {0};
        grid.forEach(p -> {
            if (position[0]++ == target) {
                found[0] = p;
                return false;
            }
            return true;
        });
        return Suggestion.of(found[0]);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object>[] firstUnused(Grid grid, Set<Map<String, Object>> used) {
        Map<String, Object>[] found = new Map[1];
        grid.forEach(p -> {
            if (used.contains(p)) {
                return true;
            }
            found[0] = p;
            return false;
        });
        return found;
    }

    /** Parameters as the space's canonical values, or as they are when they do not fit (never equal to a combination). */
    private static Map<String, Object> canonical(SamplingContext context, Map<String, Object> params) {
        try {
            return context.space().validate(params);
        } catch (IllegalArgumentException e) {
            return params;
        }
    }

    /** @return the grid's combinations in order (for tests and tools) */
    static List<Map<String, Object>> combinations(SearchSpace space) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        Grid.of(space).forEach(out::add);
        return out;
    }
}
