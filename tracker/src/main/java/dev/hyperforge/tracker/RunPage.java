package dev.hyperforge.tracker;

import java.util.List;

/**
 * One page of runs of a query.
 *
 * @param runs the runs of this page, in the query's order
 * @param total number of runs matching the query's filters (all pages)
 * @param offset offset of the first run of this page
 */
public record RunPage(List<Run> runs, long total, long offset) {

    /** Copies the list. */
    public RunPage {
        runs = List.copyOf(runs);
    }
}
