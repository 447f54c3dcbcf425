package dev.hyperforge.search.internal;

/**
 * Scores a candidate from the GP posterior at it, for minimisation of a standardised loss; larger is better.
 *
 * <pre>{@code
 * AcquisitionFunction acq = AcquisitionFunction.byName("logei");
 * double score = acq.value(mean, variance, bestLoss);
 * }</pre>
 */
@FunctionalInterface
public interface AcquisitionFunction {

    /**
     * @param mean posterior mean of the loss
     * @param variance posterior variance of the loss (>= 0)
     * @param best the best (smallest) loss observed
     * @return the score, larger is better (may be -infinity)
     */
    double value(double mean, double variance, double best);

    /**
     * Expected improvement {@code E[max(0, best - f)]}, exactly 0 when no improvement is possible.
     *
     * @param mean posterior mean
     * @param variance posterior variance
     * @param best best loss
     * @return EI
     */
    static double expectedImprovement(double mean, double variance, double best) {
        if (variance <= 0) {
            return Math.max(0.0, best - mean);
        }
        double sd = Math.sqrt(variance);
        double z = (best - mean) / sd;
        return sd * (z * Normal.cdf(z) + Normal.pdf(z));
    }

    /** @return log expected improvement, accurate where EI underflows */
    static AcquisitionFunction logEi() {
        return (mean, variance, best) -> {
            if (variance <= 0) {
                return Math.log(Math.max(0.0, best - mean));
            }
            double sd = Math.sqrt(variance);
            return Math.log(sd) + Normal.logH((best - mean) / sd);
        };
    }

    /**
     * @param beta exploration weight
     * @return the negated lower confidence bound {@code -(mean - beta * sd)}
     */
    static AcquisitionFunction ucb(double beta) {
        return (mean, variance, best) -> -(mean - beta * Math.sqrt(Math.max(0, variance)));
    }

    /** @return log probability of improvement */
    static AcquisitionFunction logPi() {
        return (mean, variance, best) -> {
            if (variance <= 0) {
                return mean < best ? 0.0 : Double.NEGATIVE_INFINITY;
            }
            return Normal.logCdf((best - mean) / Math.sqrt(variance));
        };
    }

    /**
     * @param name {@code logei}, {@code ucb} (beta 2) or {@code pi}
     * @return the function
     */
    static AcquisitionFunction byName(String name) {
        return switch (name) {
            case "logei", "ei" -> logEi();
            case "ucb" -> ucb(2.0);
            case "pi" -> logPi();
            default -> throw new IllegalArgumentException("unknown acquisition function '" + name
                    + "'; use logei, ucb or pi");
        };
    }
}
