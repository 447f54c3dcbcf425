package dev.hyperforge.web;

import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parsing and validation of request parameters: unknown ids answer 404, malformed values 400. */
final class Requests {
    /** Largest page of the runs table. */
    static final int MAX_PAGE = 500;

    private Requests() {
    }

    static long pathId(Context ctx, String name, String what) {
        String raw = ctx.pathParam(name);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no " + what + " with id '" + raw + "'; ids are integers");
        }
    }

    static StudyRecord study(RunStore store, Context ctx) {
        long id = pathId(ctx, "studyId", "study");
        try {
            return store.study(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no study with id " + id);
        }
    }

    static Run run(RunStore store, long id) {
        try {
            return store.run(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no run with id " + id);
        }
    }

    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter '" + name + "' must be an integer in " + min + ".." + max
                    + ", received '" + raw + "'");
        }
    }

    static boolean boolParam(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank() || raw.equals("false") || raw.equals("0")) {
            return false;
        }
        if (raw.equals("true") || raw.equals("1")) {
            return true;
        }
        throw ApiException.badRequest("query parameter '" + name + "' must be true or false, received '" + raw + "'");
    }

    static List<Long> idList(String raw, String what) {
        List<Long> ids = new ArrayList<>();
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest(what + " must list run ids separated by commas, e.g. 3,5,7; received none");
        }
        for (String part : raw.split(",")) {
            try {
                ids.add(Long.parseLong(part.trim()));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest(what + " must list run ids separated by commas, e.g. 3,5,7; '" + part
                        + "' is not an id");
            }
        }
        return ids;
    }

    /**
     * The runs-table query: {@code state=A,B}, {@code tag=key:value}, {@code param=NAME:min:max},
     * {@code metric=NAME:min:max} (repeatable, a bound may be empty), {@code sort=number|value|started|param:NAME|
     * metric:NAME}, {@code desc}, {@code offset}, {@code limit}.
     */
    static RunQuery runQuery(Context ctx, long studyId) {
        RunQuery.Builder b = RunQuery.forStudy(studyId);
        try {
            String states = ctx.queryParam("state");
            if (states != null && !states.isBlank()) {
                for (String s : states.split(",")) {
                    b.states(state(s));
                }
            }
            for (String tag : ctx.queryParams("tag")) {
                int i = tag.indexOf(':');
                if (i <= 0) {
                    throw ApiException.badRequest("tag filter must be key:value, received '" + tag + "'");
                }
                b.tag(tag.substring(0, i), tag.substring(i + 1));
            }
            for (String p : ctx.queryParams("param")) {
                Range r = range("param", p);
                b.paramRange(r.name, r.min, r.max);
            }
            for (String m : ctx.queryParams("metric")) {
                Range r = range("metric", m);
                b.metricRange(r.name, r.min, r.max);
            }
            sort(b, ctx.queryParam("sort"), boolParam(ctx, "desc"));
            long offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            return b.page(offset, intParam(ctx, "limit", 50, 1, MAX_PAGE)).build();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static TrialState state(String s) {
        try {
            return TrialState.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("state must be one of RUNNING, COMPLETE, PRUNED, FAILED, WAITING; received '"
                    + s + "'");
        }
    }

    private static void sort(RunQuery.Builder b, String sort, boolean desc) {
        if (sort == null || sort.isBlank() || sort.equals("number")) {
            b.sortBy(RunQuery.SortField.NUMBER, desc);
        } else if (sort.equals("value")) {
            b.sortBy(RunQuery.SortField.VALUE, desc);
        } else if (sort.equals("started")) {
            b.sortBy(RunQuery.SortField.STARTED_AT, desc);
        } else if (sort.startsWith("param:") && sort.length() > 6) {
            b.sortByParam(sort.substring(6), desc);
        } else if (sort.startsWith("metric:") && sort.length() > 7) {
            b.sortByMetric(sort.substring(7), desc);
        } else {
            throw ApiException.badRequest("sort must be number, value, started, param:NAME or metric:NAME; received '"
                    + sort + "'");
        }
    }

    private record Range(String name, Double min, Double max) {
    }

    private static Range range(String what, String text) {
        int hi = text.lastIndexOf(':');
        int lo = hi <= 0 ? -1 : text.lastIndexOf(':', hi - 1);
        if (lo <= 0) {
            throw ApiException.badRequest(what + " filter must be NAME:min:max (either bound may be empty), received '"
                    + text + "'");
        }
        return new Range(text.substring(0, lo), bound(what, text, text.substring(lo + 1, hi)),
                bound(what, text, text.substring(hi + 1)));
    }

    private static Double bound(String what, String text, String b) {
        if (b.isBlank()) {
            return null;
        }
        try {
            double v = Double.parseDouble(b.trim());
            if (Double.isNaN(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(what + " filter '" + text + "': bound '" + b + "' is not a number");
        }
    }
}
