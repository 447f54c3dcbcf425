package dev.hyperforge.tracker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** Shared test data: a complete provenance, a settable clock. */
public final class TestFixtures {
    private TestFixtures() {
    }

    /** A fixed environment so tests do not depend on git or the host. */
    public static final Environment ENV = new Environment("0123456789abcdef0123456789abcdef01234567", false,
            "17.0.15", "Debian", "Linux", "amd64", "test-host", 2);

    /** @return a complete provenance for the given experiment text */
    public static Provenance provenance(String experimentText) {
        return Provenance.builder(ENV).experimentFile(experimentText)
                .resolvedConfig("{\"lr\":0.001,\"epochs\":3}")
                .seed("study", 42).seed("weights", 7)
                .dataFingerprint(Hashing.sha256Hex("data"))
                .nd4j("CPU", "linux-x86_64")
                .threads("nd4j.omp", 2)
                .build();
    }

    /** @return a complete provenance */
    public static Provenance provenance() {
        return provenance("model: dense\nepochs: 3\n");
    }

    /** A clock tests move by hand. */
    public static final class MutableClock extends Clock {
        private final AtomicLong millis = new AtomicLong(Instant.parse("2024-01-01T00:00:00Z").toEpochMilli());

        /** @param d how far to move */
        public void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }
    }
}
