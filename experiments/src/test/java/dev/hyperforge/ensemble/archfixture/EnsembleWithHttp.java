package dev.hyperforge.ensemble.archfixture;

import io.javalin.http.Context;

/** Breaks the ensemble rule on purpose: an ensemble class answering HTTP (see ArchitectureTest). */
public final class EnsembleWithHttp {
    private EnsembleWithHttp() {
    }

    /**
     * Answers a request, which only web may do.
     *
     * @param ctx the request
     */
    public static void answer(Context ctx) {
        ctx.result("ensemble");
    }
}
