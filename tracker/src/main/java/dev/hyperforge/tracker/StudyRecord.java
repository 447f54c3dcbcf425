package dev.hyperforge.tracker;

import java.time.Instant;

/**
 * A stored study (its sampler state is loaded separately with {@link RunStore#loadSamplerState(long)}).
 *
 * @param id store-wide study id
 * @param name unique name
 * @param direction minimise or maximise
 * @param samplerName sampler name
 * @param samplerSettingsJson sampler settings (JSON object)
 * @param seed the study's seed
 * @param experimentId linked experiment file, or null
 * @param createdAt creation time
 */
public record StudyRecord(long id, String name, Direction direction, String samplerName, String samplerSettingsJson,
                          long seed, Long experimentId, Instant createdAt) {
}
