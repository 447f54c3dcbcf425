package dev.hyperforge.experiments.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the data files bundled under {@code /dev/hyperforge/experiments/data/} on the class path. */
final class Resources {
    static final String ROOT = "/dev/hyperforge/experiments/data/";

    private Resources() {
    }

    static boolean exists(String relative) {
        return Resources.class.getResource(ROOT + relative) != null;
    }

    static byte[] bytes(String relative) {
        try (InputStream in = Resources.class.getResourceAsStream(ROOT + relative)) {
            if (in == null) {
                throw new IllegalStateException("bundled data file " + ROOT + relative + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled data " + relative, e);
        }
    }
}
