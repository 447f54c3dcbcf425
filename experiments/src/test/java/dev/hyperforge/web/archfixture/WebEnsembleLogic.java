package dev.hyperforge.web.archfixture;

import dev.hyperforge.ensemble.EnsembleData;
import dev.hyperforge.ensemble.EnsembleMath;
import dev.hyperforge.tracker.FloatArrays;

/** Breaks the web rule on purpose: a web class doing ensemble math itself (see ArchitectureTest). */
public final class WebEnsembleLogic {
    private WebEnsembleLogic() {
    }

    /**
     * Decodes predictions and scores a weighting in web, which only the ensemble module may do.
     *
     * @param data predictions
     * @param bytes stored predictions
     * @return the score
     */
    public static double score(EnsembleData data, byte[] bytes) {
        return EnsembleMath.evaluate(data, new double[] {FloatArrays.decode(bytes).values()[0]}).score().value();
    }
}
