package dev.hyperforge.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hyperforge.search.space.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prior observations of a warm-started study: an earlier study's COMPLETE trials whose parameters fit the new
 * space. They are stored once, with the study's sampler state ({@code {"settings": ..., "warmStart": [{"number",
 * "params", "value"}, ...]}}), so that every process that opens the study (workers, a resume, a replay) hands the
 * sampler the same history; a study without a warm start keeps its plain settings as its state.
 */
final class WarmStart {

    /** Key of the prior observations in the stored sampler state. */
    static final String KEY = "warmStart";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WarmStart() {
    }

    /**
     * @param space the new study's space
     * @param trials an earlier study's trials
     * @return the COMPLETE trials with a finite value whose parameters fit the space, parameters canonical
     */
    static List<FrozenTrial> fitting(SearchSpace space, List<FrozenTrial> trials) {
        List<FrozenTrial> out = new ArrayList<>();
        for (FrozenTrial t : trials) {
            if (t.state() != TrialState.COMPLETE || t.values().size() != 1 || t.value() == null || !Double.isFinite(t.value())
                    || t.params().isEmpty()) {
                continue;
            }
            try {
                out.add(prior(t.number(), space.validate(t.params()), t.value()));
            } catch (IllegalArgumentException e) {
                // a parameter is missing, extra or outside the new space: not an observation of this space
            }
        }
        return out;
    }

    private static FrozenTrial prior(int number, Map<String, Object> params, double value) {
        return FrozenTrial.fresh(-1, -1, number, TrialState.WAITING, params, null)
                .finished(TrialState.COMPLETE, value, null, null);
    }

    /**
     * @param settingsJson the sampler's settings
     * @param priors prior observations (not empty)
     * @return the sampler state to store
     */
    static String state(String settingsJson, List<FrozenTrial> priors) {
        try {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("settings", JSON.readTree(settingsJson));
            List<Map<String, Object>> list = new ArrayList<>();
            for (FrozenTrial t : priors) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("number", t.number());
                m.put("params", t.params());
                m.put("value", t.value());
                list.add(m);
            }
            state.put(KEY, list);
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("warm-start trials cannot be stored as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param space the study's space
     * @param state the stored sampler state, if any
     * @return the prior observations it holds (empty for a study without a warm start)
     */
    static List<FrozenTrial> read(SearchSpace space, Optional<String> state) {
        if (state.isEmpty()) {
            return List.of();
        }
        Map<String, Object> m;
        try {
            m = JSON.readValue(state.get(), new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            return List.of();
        }
        if (!(m.get(KEY) instanceof List<?> list)) {
            return List.of();
        }
        List<FrozenTrial> out = new ArrayList<>();
        for (Object o : list) {
            Map<?, ?> t = (Map<?, ?>) o;
            @SuppressWarnings("unchecked")
            Map<String, Object> params = (Map<String, Object>) t.get("params");
            out.add(prior(((Number) t.get("number")).intValue(), space.validate(params),
                    ((Number) t.get("value")).doubleValue()));
        }
        return List.copyOf(out);
    }

    /** @return whether two prior lists hold the same observations in the same order */
    static boolean same(List<FrozenTrial> a, List<FrozenTrial> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).number() != b.get(i).number() || !a.get(i).params().equals(b.get(i).params())
                    || !a.get(i).value().equals(b.get(i).value())) {
                return false;
            }
        }
        return true;
    }
}
