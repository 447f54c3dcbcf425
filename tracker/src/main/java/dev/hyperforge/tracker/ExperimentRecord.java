package dev.hyperforge.tracker;

import java.time.Instant;

/**
 * A stored experiment file: its exact text and SHA-256. Stored once per distinct content.
 *
 * @param id store-wide id
 * @param sha256 SHA-256 of the UTF-8 text, lower-case hex
 * @param text the file's text
 * @param createdAt when this content was first stored
 */
public record ExperimentRecord(long id, String sha256, String text, Instant createdAt) {
}
