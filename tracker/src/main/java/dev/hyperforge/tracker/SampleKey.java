package dev.hyperforge.tracker;

/**
 * A fixed pseudo-random key of a run id (SplitMix64's finaliser), for seeded samples of a study's runs: the runs
 * whose key is at most a cut are a sample that depends only on their ids, not on the order or time they are read, and
 * a growing study keeps most of it (a new run enters only with a key below the cut). The tracker stores each
 * parameter row's key (schema V10), so that the parameters of such a sample are one range of a study-scoped index
 * ({@link RunLog#sampledParams}) rather than a lookup per run.
 *
 * <pre>{@code
 * long cut = keys[4999];                                  // the 5 000th smallest SampleKey.of(id) of the runs
 * Map<Long, Map<String, ParamValue>> p = store.sampledParams(studyId, cut);
 * }</pre>
 */
public final class SampleKey {
    private SampleKey() {
    }

    /**
     * @param runId a run id
     * @return its key: a bijective 64-bit mix of the id, so distinct runs have distinct keys
     */
    public static long of(long runId) {
        long z = runId + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
