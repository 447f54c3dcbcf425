package dev.hyperforge.search.sampler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Builds samplers by name and settings, as stored with a study, so a resumed study gets the same sampler.
 *
 * <pre>{@code
 * Sampler s = Samplers.create("gp", "{\"startupTrials\":8,\"acquisition\":\"logei\",\"candidates\":512,"
 *         + "\"localStarts\":4,\"fitRestarts\":2}");
 * Sampler r = Samplers.create("random", "{}");
 * }</pre>
 */
public final class Samplers {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private Samplers() {
    }

    /**
     * @param name {@code random}, {@code lhs}, {@code sobol}, {@code grid}, {@code gp} (alias {@code bayes}),
     *     {@code genetic}, {@code tpe} or {@code nsga2}; {@code gp-parego}
     *     and {@code gp-ehvi} are the GP with a fixed multi-objective mode (see {@link MoGpSampler})
     * @param settingsJson the settings as a JSON object ({@code {}} for defaults)
     * @return the sampler
     */
    public static Sampler create(String name, String settingsJson) {
        String json = settingsJson == null || settingsJson.isBlank() ? "{}" : settingsJson;
        boolean defaults = json.replaceAll("\\s", "").equals("{}");
        return switch (name) {
            case "random" -> new RandomSampler();
            case "lhs" -> new LatinHypercubeSampler(defaults ? 10 : read(json, LhsSettings.class).designSize());
            case "gp", "bayes" -> new GpSampler(defaults ? GpSampler.Settings.defaults()
                    : read(json, GpSampler.Settings.class));
            case "gp-parego", "gp-ehvi" -> new GpSampler(defaults ? GpSampler.Settings.defaults()
                    : read(json, GpSampler.Settings.class),
                    name.equals("gp-parego") ? MoGpSampler.Mode.PAREGO : MoGpSampler.Mode.EHVI);
            case "genetic" -> new GeneticSampler(defaults ? GeneticSampler.Settings.defaults()
                    : read(json, GeneticSampler.Settings.class));
            case "tpe" -> new TpeSampler(defaults ? TpeSampler.Settings.defaults()
                    : read(json, TpeSampler.Settings.class));
            case "sobol" -> new SobolSampler(defaults ? SobolSampler.Settings.defaults()
                    : read(json, SobolSampler.Settings.class));
            case "grid" -> new GridSampler();
            case "nsga2" -> new Nsga2Sampler(defaults ? Nsga2Sampler.Settings.defaults()
                    : read(json, Nsga2Sampler.Settings.class));
            default -> throw new IllegalArgumentException("unknown sampler '" + name
                    + "'; use random, lhs, sobol, grid, gp (bayes), gp-parego, gp-ehvi, genetic, tpe or nsga2");
        };
    }

    private record LhsSettings(int designSize) {
    }

    static String toJson(Object settings) {
        try {
            return JSON.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write sampler settings " + settings, e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("sampler settings " + json + " do not match " + type.getSimpleName()
                    + ": " + e.getOriginalMessage(), e);
        }
    }
}
