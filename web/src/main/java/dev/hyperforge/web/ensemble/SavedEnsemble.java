package dev.hyperforge.web.ensemble;

import java.util.List;
import java.util.Map;

/**
 * An ensemble as stored in the tracker.
 *
 * @param name name, unique within the study
 * @param studyId the study
 * @param hostRunId the run whose tag holds it (the best member)
 * @param method how the weights were chosen
 * @param members member run ids
 * @param weights weights, summing to one
 * @param scoreName {@code accuracy}, {@code mse} or {@code loss}
 * @param score the ensemble's validation score
 * @param bestSingleScore the best member's own validation score
 * @param outputs per-output metrics: output name → metric name → value ({@code task} as 0/1/2 is not stored; see
 *     {@code accuracy}, {@code logLoss}, {@code mse})
 * @param createdAt epoch milliseconds
 */
public record SavedEnsemble(String name, long studyId, long hostRunId, String method, List<Long> members,
                            List<Double> weights, String scoreName, double score, double bestSingleScore,
                            Map<String, Map<String, Double>> outputs, long createdAt) {
}
